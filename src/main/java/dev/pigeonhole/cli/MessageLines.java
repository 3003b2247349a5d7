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
 * LF is still a message. Memory stays bounded per line whatever the input: an over-long line is counted,
 * not stored.
 */
final class MessageLines {
    private MessageLines() {}

    /**
     * @throws InvalidInputException naming the first bad line, for example
     *                               {@code "line 3: message is 5,000 characters; the limit is 4,096"}
     */
    static List<String> read(Reader in, int limit) throws IOException {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        long length = 0;
        boolean pending = false;
        char[] buf = new char[8192];
        for (int n; (n = in.read(buf)) >= 0; ) {
            for (int i = 0; i < n; i++) {
                char c = buf[i];
                if (c == '\n') {
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
            lines.add(checked(line, length, limit, lines.size() + 1));
        }
        return lines;
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
        if (problem != null) {
            throw new InvalidInputException("line " + number + ": " + problem);
        }
        return kept.toString();
    }
}
