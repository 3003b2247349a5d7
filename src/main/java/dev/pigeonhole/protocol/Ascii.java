package dev.pigeonhole.protocol;

import java.nio.charset.StandardCharsets;

/** Byte-level facts about the protocol's alphabet (P2) and a safe way to show any text. */
public final class Ascii {
    public static final byte LF = '\n';
    public static final byte SPACE = ' ';

    private Ascii() {}

    /** P2: only bytes 0x20-0x7E may appear in a line. */
    public static boolean isPrintable(int c) {
        return c >= 0x20 && c <= 0x7E;
    }

    /** The index of the first byte in the range that is not printable ASCII, or -1. */
    public static int firstNonPrintable(byte[] b, int offset, int length) {
        for (int i = offset, end = offset + length; i < end; i++) {
            if (!isPrintable(b[i] & 0xFF)) {
                return i - offset;
            }
        }
        return -1;
    }

    /** The index of the first char that is not printable ASCII, or -1. */
    public static int firstNonPrintable(CharSequence s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            if (!isPrintable(s.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    /** Bytes as chars one to one, so no input can fail to decode. */
    public static String latin1(byte[] b, int offset, int length) {
        return new String(b, offset, length, StandardCharsets.ISO_8859_1);
    }

    /** A line's bytes as a string; callers have checked the bytes are printable ASCII. */
    public static String ascii(byte[] b, int offset, int length) {
        return new String(b, offset, length, StandardCharsets.US_ASCII);
    }

    /** The string as protocol bytes; callers have checked it is printable ASCII. */
    public static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Text made safe for a log line or a terminal: printable ASCII is kept, a backslash is doubled, and
     * everything else is shown as an escape ({@code \n}, {@code \r}, {@code \t}, {@code \x1b}, {@code \u00e9}).
     * Output past {@code limit} characters is cut and ends with {@code ...}.
     */
    public static String escape(CharSequence s, int limit) {
        StringBuilder out = new StringBuilder(Math.min(s.length(), limit) + 8);
        for (int i = 0, n = s.length(); i < n; i++) {
            if (out.length() >= limit) {
                out.append("...");
                break;
            }
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (isPrintable(c)) {
                        out.append(c);
                    } else if (c < 0x100) {
                        out.append(String.format("\\x%02x", (int) c));
                    } else {
                        out.append(String.format("\\u%04x", (int) c));
                    }
                }
            }
        }
        return out.toString();
    }

    /** {@link #escape(CharSequence, int)} without a length limit. */
    public static String escape(CharSequence s) {
        return escape(s, Integer.MAX_VALUE - 8);
    }
}
