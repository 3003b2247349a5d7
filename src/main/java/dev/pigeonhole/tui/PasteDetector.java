package dev.pigeonhole.tui;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;

/**
 * Tells pasted text from typing, so that a paste's line breaks never act as Enter (they end protocol lines).
 * With bracketed paste (the terminal wraps a paste in markers, see {@link BracketedPaste}) that is exact.
 * Without it, an Enter inside a burst of input is taken for part of a paste only when at least
 * {@link #PASTE_RUN} characters came before it in the same burst and more text follows; a typist's Enter
 * plus the next words arriving in one packet over a laggy link is still an Enter.
 */
final class PasteDetector {
    /** Characters before an Enter, in one burst, that make it look pasted rather than typed. */
    static final int PASTE_RUN = 8;

    /** What the detector does to the window. */
    interface Target {
        /** A whole paste, line breaks and all; the window joins and inserts it. */
        void pasted(String raw);

        /** Typed text joined a line break: insert a space before it. */
        void joinLine();

        /** An Enter the user pressed. */
        void enter();

        /** Lines of an unbracketed paste were joined into the field. */
        void joined(int breaks);

        /** Tells the user a paste was refused. */
        void note(String text, boolean problem);
    }

    private final Target target;
    private final int limit;
    private StringBuilder pasted;
    private boolean bracketing;
    private int burstChars;
    private boolean pendingEnter;
    private int joinedBreaks;

    PasteDetector(Target target, int maxMessage) {
        this.target = target;
        this.limit = 4 * maxMessage + 4096;
    }

    /** True while a bracketed paste is being collected. */
    boolean collecting() {
        return pasted != null;
    }

    int joinedBreaks() {
        return joinedBreaks;
    }

    /**
     * Looks at {@code key} before the key map does. Returns true if the key was consumed here (part of a
     * paste, or an Enter whose meaning waits for the end of the burst).
     */
    boolean offer(KeyStroke key) {
        if (key instanceof BracketedPaste.Boundary b) {
            bracketing = true;
            if (b.isStart()) {
                pasted = new StringBuilder();
            } else if (pasted != null) {
                String raw = pasted.toString();
                pasted = null;
                target.pasted(raw);
            }
            return true;
        }
        if (pasted != null) {
            switch (key.getKeyType()) {
                case Character -> pasted.append(key.getCharacter());
                case Enter -> pasted.append('\n');
                case Tab -> pasted.append('\t');
                default -> {} // nothing else belongs in pasted text
            }
            if (pasted.length() > limit) {
                // A runaway paste (or a lost end marker): refuse it rather than grow without bound.
                pasted = null;
                target.note("Paste refused: longer than " + String.format("%,d", limit - 4096) + " characters.", true);
            }
            return true;
        }
        boolean text = key.getKeyType() == KeyType.Character && !key.isCtrlDown() && !key.isAltDown();
        if (pendingEnter) {
            if (key.getKeyType() == KeyType.Enter) {
                return true; // a blank line inside the burst: still waiting for text
            }
            pendingEnter = false;
            if (text) {
                target.joinLine();
                joinedBreaks++;
                burstChars++;
                return false; // the character itself is typed as usual
            }
            if (joinedBreaks == 0) {
                target.enter();
            }
        }
        if (text) {
            burstChars++;
            return false;
        }
        if (key.getKeyType() == KeyType.Enter && !key.isAltDown() && !key.isCtrlDown()) {
            if ((!bracketing && burstChars >= PASTE_RUN) || joinedBreaks > 0) {
                pendingEnter = true; // decided at the end of the burst, or by the text that follows
            } else {
                target.enter();
            }
            return true;
        }
        return false;
    }

    /** The end of a burst of input: a pending Enter nobody typed after was pressed. */
    void endOfInput() {
        if (pendingEnter) {
            pendingEnter = false;
            if (joinedBreaks == 0) {
                target.enter();
            }
        }
        if (joinedBreaks > 0) {
            target.joined(joinedBreaks);
            joinedBreaks = 0;
        }
        burstChars = 0;
    }
}
