package dev.pigeonhole.protocol;

/**
 * Server-to-client lines (P5, P7, P8): their exact text for the server, and strict parsers for the
 * client. Every parser either returns a checked value or throws {@link ProtocolException} (P10).
 */
public final class Reply {
    public static final String MESSAGE_SENT = "MESSAGE SENT";
    public static final String MESSAGE_FAILED = "MESSAGE FAILED";
    public static final String READ_ERROR = "READ ERROR";

    /** The answer to a COMPOSE (P7). */
    public enum ComposeStatus {
        SENT,
        FAILED
    }

    /** A message delivered by READ (P8): who sent it and its text. */
    public record Message(String sender, String text) {
        public Message {
            Validation.requireUsername("sender", sender);
            if (Ascii.firstNonPrintable(text) >= 0) {
                throw new InvalidInputException("a message holds printable ASCII only");
            }
        }
    }

    private Reply() {}

    /** P5: the reply to LOGIN is a decimal count: at most 19 digits, no sign, and it fits a {@code long}. */
    public static long parseCount(String line) throws ProtocolException {
        if (line.isEmpty() || line.length() > 19) {
            throw new ProtocolException("P5", "expected a message count after LOGIN", line);
        }
        long n = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            // Overflow check: 19 digits stay below 2^64, so a value past Long.MAX_VALUE always wraps negative.
            if (c < '0' || c > '9' || (n = n * 10 + (c - '0')) < 0) {
                throw new ProtocolException("P5", "expected a message count after LOGIN", line);
            }
        }
        return n;
    }

    /** P7: {@code MESSAGE SENT} or {@code MESSAGE FAILED}, nothing else. */
    public static ComposeStatus parseComposeStatus(String line) throws ProtocolException {
        return switch (line) {
            case MESSAGE_SENT -> ComposeStatus.SENT;
            case MESSAGE_FAILED -> ComposeStatus.FAILED;
            default -> throw new ProtocolException("P7", "expected MESSAGE SENT or MESSAGE FAILED", line);
        };
    }

    /**
     * P8: the first line of a READ reply: {@code null} for {@code READ ERROR}, else the sender, which must
     * be a valid user name (a name never contains a space, so it cannot be mistaken for READ ERROR).
     */
    public static String parseSender(String line) throws ProtocolException {
        if (line.equals(READ_ERROR)) {
            return null;
        }
        if (Validation.usernameProblem("sender", line) != null) {
            throw new ProtocolException("P8", "expected a sender or READ ERROR", line);
        }
        return line;
    }

    /** P8: the second line of a READ reply: a message of at most {@code limit} characters. */
    public static String parseMessageText(String line, int limit) throws ProtocolException {
        if (line.length() > limit || Ascii.firstNonPrintable(line) >= 0) {
            throw new ProtocolException("P8", "expected a message line", line);
        }
        return line;
    }
}
