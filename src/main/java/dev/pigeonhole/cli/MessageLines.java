package dev.pigeonhole.cli;

import dev.pigeonhole.protocol.InvalidInputException;
import dev.pigeonhole.text.WireText;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the messages of {@code send} from standard input, all of them checked before any is returned, so
 * that one bad message anywhere means nothing is sent. Each is returned as wire text ({@link
 * WireText#encode}), checked against the message limit once encoded (P4).
 *
 * <ul>
 *   <li>{@link #read}, for {@code send -}: one message per line. A line is ended by LF; a last line without
 *       LF is still a message; a line that ends with CR is refused (CRLF line ends are a file to fix, not
 *       text to send).</li>
 *   <li>{@link #readOne}, for {@code send} without a message: everything as one message, line breaks kept
 *       and one final line break dropped, as {@code mail} does.</li>
 * </ul>
 *
 * <p>Memory stays bounded whatever the input: at most {@link #MAX_LINES} messages and {@link #MAX_CHARS}
 * characters in all are held (about 120 MB at worst), so a huge input is one clear error instead of an
 * OutOfMemoryError's stack trace.
 */
final class MessageLines {
    /** The most messages one {@code send -} holds; ten times a server's default queue for one user. */
    static final int MAX_LINES = 1_000_000;
    /** The most text one {@code send} reads from standard input, in characters. */
    static final long MAX_CHARS = 64L << 20;

    private MessageLines() {}

    /**
     * @throws InvalidInputException naming the first bad line, for example {@code "line 3: message is 5
     *                               characters too long: ..."}
     */
    static List<String> read(Reader in, int limit) throws IOException {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        long total = 0;
        boolean pending = false;
        char[] buf = new char[8192];
        for (int n; (n = in.read(buf)) >= 0; ) {
            for (int i = 0; i < n; i++) {
                char c = buf[i];
                if (c == '\n') {
                    requireRoom(lines.size() + 1, total);
                    lines.add(checked(line, limit, lines.size() + 1));
                    line.setLength(0);
                    pending = false;
                } else {
                    requireRoom(lines.size() + 1, ++total);
                    line.append(c);
                    pending = true;
                }
            }
        }
        if (pending) {
            lines.add(checked(line, limit, lines.size() + 1));
        }
        return lines;
    }

    /**
     * All of {@code in} as one message, without its final line break (LF or CR LF); null if {@code in} is
     * empty.
     *
     * @throws InvalidInputException if the message does not fit {@code limit} once encoded, or is too large
     */
    static String readOne(Reader in, int limit) throws IOException {
        StringBuilder text = new StringBuilder();
        char[] buf = new char[8192];
        for (int n; (n = in.read(buf)) >= 0; ) {
            if (text.length() + (long) n > MAX_CHARS) {
                throw new InvalidInputException("standard input holds more than " + (MAX_CHARS >> 20)
                        + " MiB; a message is at most " + String.format("%,d", limit) + " characters");
            }
            text.append(buf, 0, n);
        }
        if (text.length() == 0) {
            return null;
        }
        int end = text.length();
        if (text.charAt(end - 1) == '\n') {
            end -= end >= 2 && text.charAt(end - 2) == '\r' ? 2 : 1;
        }
        return wire(text.substring(0, end), limit);
    }

    /** {@code text} encoded for the wire, if it fits {@code limit}. */
    static String wire(String text, int limit) {
        WireText.Fit fit = WireText.fit(text, limit);
        if (!fit.fits()) {
            throw new InvalidInputException(fit.problem());
        }
        return WireText.encode(text);
    }

    private static void requireRoom(int lines, long chars) {
        String what = lines > MAX_LINES
                ? String.format("%,d messages", MAX_LINES)
                : chars > MAX_CHARS ? (MAX_CHARS >> 20) + " MiB of messages" : null;
        if (what != null) {
            throw new InvalidInputException(
                    "standard input holds more than " + what + "; send it in parts (for example with split -l)");
        }
    }

    private static String checked(CharSequence line, int limit, int number) {
        if (line.length() > 0 && line.charAt(line.length() - 1) == '\r') {
            // CRLF line ends: say so, and how to fix the whole file, not just this line.
            throw new InvalidInputException("line " + number
                    + " ends with a carriage return (CRLF line ends); remove them, for example with tr -d '\\r'");
        }
        try {
            return wire(line.toString(), limit);
        } catch (InvalidInputException e) {
            throw new InvalidInputException("line " + number + ": " + e.getMessage());
        }
    }
}
