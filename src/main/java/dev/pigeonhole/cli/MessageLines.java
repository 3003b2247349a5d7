package dev.pigeonhole.cli;

import dev.pigeonhole.protocol.InvalidInputException;
import dev.pigeonhole.protocol.Validation;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads messages for {@code send -}: one per line, up to the end of the input, each checked (P2, P4)
 * before any is returned, so that one bad line anywhere means nothing is sent. A line is ended by LF;
 * a CR before it is part of the line, and is refused like any control character. A last line without
 * LF is still a message. Memory stays bounded whatever the input: an over-long line is counted, not
 * stored, and at most {@link #MAX_LINES} messages of {@link #MAX_CHARS} characters in all are held (about
 * 120 MB at worst), so a huge input is one clear error instead of an OutOfMemoryError's stack trace.
 */
final class MessageLines {
    /** The most messages one {@code send -} holds; ten times a server's default queue for one user. */
    static final int MAX_LINES = 1_000_000;
    /** The most message text one {@code send -} holds, in characters (bytes on the wire). */
    static final long MAX_CHARS = 64L << 20;

    private MessageLines() {}

    /**
     * @throws InvalidInputException naming the first bad line, for example
     *                               {@code "line 3: message is 5,000 characters; the limit is 4,096"}
     */
    static List<String> read(Reader in, int limit) throws IOException {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        long length = 0;
        long total = 0;
        boolean pending = false;
        char[] buf = new char[8192];
        for (int n; (n = in.read(buf)) >= 0; ) {
            for (int i = 0; i < n; i++) {
                char c = buf[i];
                if (c == '\n') {
                    total += line.length();
                    requireRoom(lines.size() + 1, total);
                    lines.add(checked(line, length, limit, lines.size() + 1));
                    line.setLength(0);
                    length = 0;
                    pending = false;
                } else {
                    // Keep one character past the limit: enough for the check to see the line is too long.
                    if (line.length() <= limit) {
                        line.append(c);
                    }
                    length++;
                    pending = true;
                }
            }
        }
        if (pending) {
            requireRoom(lines.size() + 1, total + line.length());
            lines.add(checked(line, length, limit, lines.size() + 1));
        }
        return lines;
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

    private static boolean endsWithCr(CharSequence s) {
        return s.length() > 0 && s.charAt(s.length() - 1) == '\r';
    }

    private static String checked(CharSequence kept, long length, int limit, int number) {
        String problem;
        if (length > kept.length()) {
            // Only a prefix was kept: report a bad character in it first, as Validation would, else the
            // line's real length.
            problem = Validation.messageProblem(kept, Integer.MAX_VALUE);
            if (problem == null) {
                problem = String.format("message is %,d characters; the limit is %,d", length, limit);
            }
        } else {
            problem = Validation.messageProblem(kept, limit);
        }
        if (problem != null
                && endsWithCr(kept)
                && length == kept.length()
                && Validation.messageProblem(kept.subSequence(0, kept.length() - 1), limit) == null) {
            // The one problem is a CRLF line end: say so, and how to fix the whole file, not just this line.
            throw new InvalidInputException("line " + number
                    + " ends with a carriage return (CRLF line ends); remove them, for example with tr -d '\\r'");
        }
        if (problem != null) {
            throw new InvalidInputException("line " + number + ": " + problem);
        }
        return kept.toString();
    }
}
