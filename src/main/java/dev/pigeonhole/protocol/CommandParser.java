package dev.pigeonhole.protocol;

/**
 * Turns one received command line (without its LF) into a {@link Command}, or throws
 * {@link ProtocolException} naming the broken rule. It never returns {@code null} and throws nothing else.
 *
 * <p>It works on bytes so that a hostile line is judged without decoding it, and it allocates only
 * the user name of a valid LOGIN or COMPOSE. Whether a command is allowed in the current state (P5, P6)
 * is the caller's business: this class knows lines, not sessions.
 */
public final class CommandParser {
    private static final byte[] LOGIN = Ascii.bytes("LOGIN ");
    private static final byte[] COMPOSE = Ascii.bytes("COMPOSE ");
    private static final byte[] READ = Ascii.bytes("READ");
    private static final byte[] EXIT = Ascii.bytes("EXIT");

    private CommandParser() {}

    /** Parses {@code line}; see the class comment. */
    public static Command parse(String line) throws ProtocolException {
        byte[] b = new byte[line.length()];
        for (int i = 0; i < b.length; i++) {
            char c = line.charAt(i);
            b[i] = c < 0x80 ? (byte) c : (byte) 0xFF; // any non-ASCII char is invalid the same way
        }
        return parse(b, 0, b.length);
    }

    /** Parses the bytes {@code b[offset .. offset+length)}; see the class comment. */
    public static Command parse(byte[] b, int offset, int length) throws ProtocolException {
        if (length > Limits.MAX_COMMAND_LINE) {
            throw new ProtocolException(
                    "P11", "command line longer than " + Limits.MAX_COMMAND_LINE + " bytes", b, offset, length);
        }
        int bad = Ascii.firstNonPrintable(b, offset, length);
        if (bad >= 0) {
            throw new ProtocolException(
                    "P2",
                    "byte 0x" + Integer.toHexString(b[offset + bad] & 0xFF) + " at column " + (bad + 1),
                    b,
                    offset,
                    length);
        }
        if (equals(b, offset, length, READ)) {
            return Command.READ;
        }
        if (equals(b, offset, length, EXIT)) {
            return Command.EXIT;
        }
        if (startsWith(b, offset, length, LOGIN)) {
            return new Command.Login(name(b, offset + LOGIN.length, length - LOGIN.length, b, offset, length));
        }
        if (startsWith(b, offset, length, COMPOSE)) {
            return new Command.Compose(name(b, offset + COMPOSE.length, length - COMPOSE.length, b, offset, length));
        }
        throw new ProtocolException("P10", "unknown command", b, offset, length);
    }

    private static String name(byte[] b, int from, int len, byte[] line, int lineOffset, int lineLength)
            throws ProtocolException {
        if (len == 0) {
            throw new ProtocolException("P3", "empty user name", line, lineOffset, lineLength);
        }
        if (len > Limits.MAX_USERNAME) {
            throw new ProtocolException(
                    "P3", "user name longer than " + Limits.MAX_USERNAME, line, lineOffset, lineLength);
        }
        for (int i = from; i < from + len; i++) {
            if (b[i] == Ascii.SPACE) {
                throw new ProtocolException("P3", "user name contains a space", line, lineOffset, lineLength);
            }
        }
        return Ascii.ascii(b, from, len);
    }

    private static boolean equals(byte[] b, int offset, int length, byte[] word) {
        return length == word.length && startsWith(b, offset, length, word);
    }

    private static boolean startsWith(byte[] b, int offset, int length, byte[] prefix) {
        if (length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (b[offset + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
