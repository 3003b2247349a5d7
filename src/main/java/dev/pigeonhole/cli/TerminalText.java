package dev.pigeonhole.cli;

/**
 * Makes a line safe to write to a terminal without changing what is already safe: control characters
 * (C0, DEL, C1), invisible format characters (such as bidirectional overrides), unassigned code points
 * and lone surrogates are shown as {@code \xNN} or {@code \}{@code uNNNN}; everything else, backslashes
 * and printable non-ASCII letters included, is kept. Used for error lines, which quote the user's own
 * input ("found 'é' at position 4") and text that other code has already escaped, so it must neither
 * mangle letters nor escape twice.
 */
final class TerminalText {
    private TerminalText() {}

    static String safe(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            int type = Character.getType(cp);
            boolean unsafe = Character.isISOControl(cp)
                    || type == Character.FORMAT
                    || type == Character.UNASSIGNED
                    || type == Character.SURROGATE
                    || type == Character.PRIVATE_USE
                    || type == Character.LINE_SEPARATOR
                    || type == Character.PARAGRAPH_SEPARATOR;
            if (!unsafe) {
                b.appendCodePoint(cp);
            } else if (cp < 0x100) {
                b.append(String.format("\\x%02x", cp));
            } else {
                b.append(String.format("\\u%04x", cp));
            }
            i += Character.charCount(cp);
        }
        return b.toString();
    }
}
