package dev.pigeonhole.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.pigeonhole.protocol.InvalidInputException;
import java.io.Reader;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code send -} reads all of standard input before sending; what it holds must stay bounded (P4, P11). */
class MessageLinesTest {

    /** A reader of {@code lines} lines of {@code width} 'x' each, produced on the fly (nothing stored here). */
    private static Reader lines(long lines, int width) {
        return new Reader() {
            private long line;
            private int column;

            @Override
            public int read(char[] buf, int off, int len) {
                if (line == lines) {
                    return -1;
                }
                int n = 0;
                while (n < len && line < lines) {
                    buf[off + n++] = column < width ? 'x' : '\n';
                    if (++column > width) {
                        column = 0;
                        line++;
                    }
                }
                return n;
            }

            @Override
            public void close() {}
        };
    }

    @Test
    void lines_are_messages_in_order_and_a_last_line_without_LF_counts_P4() throws Exception {
        assertEquals(List.of("a", "", "b c"), MessageLines.read(new StringReader("a\n\nb c"), 4096));
    }

    @Test
    void more_messages_than_the_bound_is_one_clear_error_not_an_out_of_memory_crash() {
        InvalidInputException e = assertThrows(
                InvalidInputException.class, () -> MessageLines.read(lines(MessageLines.MAX_LINES + 1L, 1), 4096));
        assertEquals(
                "standard input holds more than 1,000,000 messages; send it in parts (for example with split -l)",
                e.getMessage());
    }

    @Test
    void more_text_than_the_bound_is_one_clear_error_not_an_out_of_memory_crash() {
        int width = 1 << 20;
        InvalidInputException e = assertThrows(
                InvalidInputException.class,
                () -> MessageLines.read(lines(MessageLines.MAX_CHARS / width + 1, width), width));
        assertEquals(
                "standard input holds more than 64 MiB of messages; send it in parts (for example with split -l)",
                e.getMessage());
    }
}
