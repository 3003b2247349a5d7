package dev.pigeonhole.text;

import java.util.ArrayList;
import java.util.List;

/**
 * Makes decoded text safe to show on a terminal: nothing that could move the cursor, retitle the window,
 * reorder what a line shows or hide a character reaches it raw. Each such character is shown as a
 * visible escape, never dropped, so the reader sees that something was there:
 *
 * <ul>
 *   <li>{@code \xNN} for a code point below U+0100: C0 controls ({@code \x1b} for ESC, {@code \x0a} for a
 *       line break in a single line), DEL, C1 controls ({@code \x9b}, a one-byte CSI) and the soft hyphen;
 *   <li>a backslash, {@code u} and four hex digits for the rest of the Basic Multilingual Plane:
 *       bidirectional overrides, isolates and marks (U+202E shows as backslash-u202e), zero-width and
 *       other invisible format characters (U+200B, U+FEFF), line and paragraph separators, lone
 *       surrogates, noncharacters and invisible fillers (U+115F, U+1160, U+3164, U+FFA0);
 *   <li>{@code \UNNNNNNNN} (eight digits) above it: tag characters, plane-end noncharacters.
 * </ul>
 *
 * <p>Hex digits are lower case. A backslash stays a backslash, so {@code C:\temp} reads as it was
 * written; the price is that a message whose text is literally {@code \x1b} looks like one holding ESC
 * ({@code read --json} tells them apart). One exception keeps emoji whole: a ZWJ (U+200D) between two
 * pictographs, as in 👩‍💻, is kept. Letters, marks, symbols, emoji, private-use and not yet assigned
 * code points (newer emoji) are kept: this is about safety, not about what a font can draw.
 */
public final class SafeText {
    private static final int TAB_STOP = 8;
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private SafeText() {}

    /** {@code s} as one line: every unsafe character, tabs and line breaks included, escaped. */
    public static String escape(String s) {
        if (isSafe(s)) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length() + 16);
        append(out, s, false);
        return out.toString();
    }

    /** Whether {@link #escape} would return {@code s} unchanged. */
    public static boolean isSafe(String s) {
        for (int i = 0, n = s.length(); i < n; ) {
            int cp = s.codePointAt(i);
            if (cp < 0x20 || cp >= 0x7F) {
                if (unsafe(s, i, cp)) {
                    return false;
                }
            }
            i += Character.charCount(cp);
        }
        return true;
    }

    /**
     * A decoded message as display lines: split at LF, CR LF and CR; tabs expanded to spaces (stops every
     * 8 columns); each line {@linkplain #escape escaped}. Always at least one line.
     */
    public static List<String> lines(String text) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r') {
                lines.add(line(text.substring(start, i)));
                if (c == '\r' && i + 1 < n && text.charAt(i + 1) == '\n') {
                    i++;
                }
                start = i + 1;
            }
        }
        lines.add(line(text.substring(start)));
        return lines;
    }

    private static String line(String s) {
        if (s.indexOf('\t') < 0) {
            return escape(s);
        }
        StringBuilder out = new StringBuilder(s.length() + 16);
        append(out, s, true);
        return out.toString();
    }

    private static void append(StringBuilder out, String s, boolean expandTabs) {
        int lineStart = out.length();
        for (int i = 0, n = s.length(); i < n; ) {
            int cp = s.codePointAt(i);
            if (cp == '\t' && expandTabs) {
                int column = Columns.width(out.subSequence(lineStart, out.length()));
                out.append(" ".repeat(TAB_STOP - column % TAB_STOP));
            } else if ((cp < 0x20 || cp >= 0x7F) && unsafe(s, i, cp)) {
                appendEscape(out, cp);
            } else {
                out.appendCodePoint(cp);
            }
            i += Character.charCount(cp);
        }
    }

    /**
     * The visible escape of one code point, in this class's convention, whether or not it is unsafe: for
     * a character that an output cannot encode.
     */
    public static String escape(int codePoint) {
        StringBuilder out = new StringBuilder(10);
        appendEscape(out, codePoint);
        return out.toString();
    }

    private static void appendEscape(StringBuilder out, int cp) {
        int digits;
        if (cp < 0x100) {
            out.append("\\x");
            digits = 2;
        } else if (cp <= 0xFFFF) {
            out.append("\\u");
            digits = 4;
        } else {
            out.append("\\U");
            digits = 8;
        }
        for (int shift = 4 * (digits - 1); shift >= 0; shift -= 4) {
            out.append(HEX[cp >> shift & 0xF]);
        }
    }

    /** Whether code point {@code cp}, at index {@code i} of {@code s}, must not reach a terminal raw. */
    private static boolean unsafe(String s, int i, int cp) {
        return switch (Character.getType(cp)) {
            case Character.CONTROL, Character.SURROGATE, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR ->
                true;
            case Character.FORMAT -> !(cp == 0x200D && joinsEmoji(s, i));
            default -> isNoncharacter(cp) || isInvisibleFiller(cp);
        };
    }

    private static boolean joinsEmoji(String s, int zwj) {
        if (zwj == 0 || zwj + 1 >= s.length()) {
            return false;
        }
        // Walk back over the modifiers and variation selectors of the preceding emoji.
        int j = zwj;
        int before;
        do {
            before = s.codePointBefore(j);
            j -= Character.charCount(before);
        } while (j > 0 && Graphemes.isExtender(before));
        return Graphemes.isPictographic(before) && Graphemes.isPictographic(s.codePointAt(zwj + 1));
    }

    private static boolean isNoncharacter(int cp) {
        return (cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE;
    }

    /** Letters that draw nothing, used to make two names look alike (Hangul fillers and similar). */
    private static boolean isInvisibleFiller(int cp) {
        return cp == 0x115F
                || cp == 0x1160
                || cp == 0x3164
                || cp == 0xFFA0
                || cp == 0x034F
                || cp == 0x17B4
                || cp == 0x17B5
                || (cp >= 0x180B && cp <= 0x180F);
    }
}
