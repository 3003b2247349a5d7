package dev.pigeonhole.cli;

/**
 * The little JSON {@code pigeonhole --json} writes: string literals (RFC 8259). Everything outside
 * printable ASCII is written as a {@code \}{@code uXXXX} escape, so a line of output is printable ASCII
 * whatever the text holds, and safe on a terminal as well as in {@code jq}.
 */
final class Json {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Json() {}

    /** {@code s} as a quoted JSON string. */
    static String string(CharSequence s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c >= 0x20 && c <= 0x7E) {
                        b.append(c);
                    } else {
                        // UTF-16 units one by one: a surrogate pair becomes the two escapes JSON expects.
                        b.append("\\u")
                                .append(HEX[c >> 12 & 0xF])
                                .append(HEX[c >> 8 & 0xF])
                                .append(HEX[c >> 4 & 0xF])
                                .append(HEX[c & 0xF]);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
