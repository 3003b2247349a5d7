package dev.pigeonhole.tui;

import com.googlecode.lanterna.input.CharacterPattern;
import com.googlecode.lanterna.input.KeyDecodingProfile;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import java.util.List;

/**
 * Bracketed paste (xterm, tmux, most terminals): after {@link #ENABLE} the terminal wraps pasted text in
 * {@code ESC[200~ ... ESC[201~}, so a paste can be told apart from typing and its line breaks never act as
 * Enter. Lanterna does not know these sequences; this profile decodes them into {@link Boundary} key
 * strokes (without it they would arrive as Escape followed by {@code [200~} typed into the field).
 */
public final class BracketedPaste implements KeyDecodingProfile {
    public static final String ENABLE = "\u001b[?2004h";
    public static final String DISABLE = "\u001b[?2004l";
    private static final String START = "\u001b[200~";
    private static final String END = "\u001b[201~";

    /** The start or the end of a paste. */
    public static final class Boundary extends KeyStroke {
        private final boolean start;

        public Boundary(boolean start) {
            super(KeyType.Unknown);
            this.start = start;
        }

        public boolean isStart() {
            return start;
        }

        @Override
        public String toString() {
            return start ? "PasteStart" : "PasteEnd";
        }
    }

    @Override
    public List<CharacterPattern> getPatterns() {
        return List.of(pattern(START, true), pattern(END, false));
    }

    private static CharacterPattern pattern(String sequence, boolean start) {
        return seq -> {
            int n = seq.size();
            if (n > sequence.length()) {
                return null;
            }
            for (int i = 0; i < n; i++) {
                if (seq.get(i) != sequence.charAt(i)) {
                    return null;
                }
            }
            return n == sequence.length()
                    ? new CharacterPattern.Matching(new Boundary(start))
                    : CharacterPattern.Matching.NOT_YET;
        };
    }
}
