package dev.pigeonhole.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pigeonhole.testing.Seeds;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Random input against the two pieces that see every byte a client sends: {@link CommandParser} yields a
 * valid command or a {@link ProtocolException}, nothing else (P2, P3, P10, P11); {@link LineFramer} cuts
 * lines exactly as a plain reference split does and never holds more than its limit (P1, P11).
 */
@ExtendWith(Seeds.Report.class)
class LineParsingPropertyTest {

    /**
     * Regression seeds, then fresh ones every run (see {@link Seeds}); a failure names its seed and how to
     * rerun it.
     */
    static LongStream seeds() {
        return Seeds.with(0, 1, 2);
    }

    private static final String[] WORDS = {
        "LOGIN ",
        "COMPOSE ",
        "READ",
        "EXIT",
        "LOGIN",
        "COMPOSE",
        "read",
        " ",
        "  ",
        "\r",
        "\u0000",
        "\t",
        "\u001b",
        "\u007f",
        "\u00e9",
        "bob",
        "alice",
        "x".repeat(64),
        "a b"
    };

    /** Lines built from protocol words, near-misses and arbitrary bytes, so that both outcomes are common. */
    private static byte[] commandLine(Random random) {
        StringBuilder line = new StringBuilder();
        for (int parts = random.nextInt(6); parts > 0; parts--) {
            int kind = random.nextInt(7);
            if (kind < 4) {
                line.append(WORDS[random.nextInt(WORDS.length)]);
            } else if (kind < 5) {
                line.append(chars(random, 0, 90, '\u0000', '\u00ff'));
            } else {
                line.append(chars(random, 1, 70, '!', '~'));
            }
        }
        return line.toString().replace("\n", "").getBytes(StandardCharsets.ISO_8859_1);
    }

    /** {@code minLength} to {@code maxLength} characters from {@code first} to {@code last}. */
    private static String chars(Random random, int minLength, int maxLength, char first, char last) {
        char[] out = new char[minLength + random.nextInt(maxLength - minLength + 1)];
        for (int i = 0; i < out.length; i++) {
            out[i] = (char) (first + random.nextInt(last - first + 1));
        }
        return new String(out);
    }

    /** Up to {@code maxLength} bytes, each {@code \n} with odds {@code 1 in newlineOdds}, else any byte. */
    private static byte[] bytes(Random random, int maxLength, int newlineOdds) {
        byte[] out = new byte[random.nextInt(maxLength + 1)];
        random.nextBytes(out);
        for (int i = 0; i < out.length; i++) {
            if (random.nextInt(newlineOdds) == 0) {
                out[i] = '\n';
            }
        }
        return out;
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void the_parser_yields_the_exact_command_or_a_ProtocolException_P2_P3_P10_P11(long seed) {
        byte[] line = commandLine(new Random(seed));
        Command command;
        try {
            command = CommandParser.parse(line, 0, line.length);
        } catch (ProtocolException e) {
            assertTrue(e.rule().matches("P([2-9]|1[01])"), e.rule());
            assertTrue(e.excerpt().chars().allMatch(Ascii::isPrintable), "excerpt is printable: " + e.excerpt());
            assertTrue(e.excerpt().length() <= 90, "excerpt is short");
            return;
        }
        // A command is returned only for a line that is exactly that command, written the one valid way.
        assertArrayEquals(line, Ascii.bytes(command.line()), command.toString());
        assertTrue(line.length <= Limits.MAX_COMMAND_LINE);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void the_parser_also_survives_arbitrary_bytes_at_any_offset(long seed) {
        Random random = new Random(seed);
        byte[] bytes = bytes(random, 255, Integer.MAX_VALUE);
        int offset = random.nextInt(9);
        byte[] padded = new byte[bytes.length + offset + 3];
        System.arraycopy(bytes, 0, padded, offset, bytes.length);
        try {
            Command c = CommandParser.parse(padded, offset, bytes.length);
            assertArrayEquals(bytes, Ascii.bytes(c.line()));
        } catch (ProtocolException expected) {
            // the only other outcome
        }
    }

    @SuppressWarnings("ArrayRecordComponent") // equals and hashCode below compare the array's contents
    private record Event(LineFramer.Event kind, byte[] line) {
        @Override
        public String toString() {
            return kind + (line == null ? "" : "(" + new String(line, StandardCharsets.ISO_8859_1) + ")");
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Event e && e.kind == kind && Arrays.equals(e.line, line);
        }

        @Override
        public int hashCode() {
            return kind.hashCode();
        }
    }

    /** What the framer must report for {@code stream}: the reference, a plain split at LF. */
    private static List<Event> reference(byte[] stream, int limit) {
        List<Event> events = new ArrayList<>();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        boolean skipping = false;
        for (byte c : stream) {
            if (c == '\n') {
                events.add(
                        skipping
                                ? new Event(LineFramer.Event.SKIPPED, null)
                                : new Event(LineFramer.Event.LINE, line.toByteArray()));
                line.reset();
                skipping = false;
            } else if (!skipping) {
                line.write(c);
                if (line.size() > limit) {
                    events.add(new Event(LineFramer.Event.TOO_LONG, null));
                    skipping = true;
                }
            }
        }
        return events;
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void the_framer_cuts_lines_like_a_plain_split_and_never_holds_more_than_its_limit_P1_P11(long seed) {
        Random random = new Random(seed);
        byte[] stream = bytes(random, 600, 13);
        int limit = random.nextInt(301);
        int chunk = 1 + random.nextInt(700);
        boolean direct = random.nextBoolean();
        LineFramer framer = new LineFramer();
        List<Event> events = new ArrayList<>();
        for (int from = 0; from < stream.length; from += chunk) {
            int n = Math.min(chunk, stream.length - from);
            ByteBuffer in = direct
                    ? ByteBuffer.allocateDirect(n)
                    : ByteBuffer.allocate(n + 4).position(2).slice().limit(n);
            in.put(stream, from, n).flip();
            while (true) {
                LineFramer.Event e = framer.next(in, limit);
                assertTrue(framer.partialLength() <= limit, "holds at most the limit");
                assertTrue(framer.buffer().length <= Math.max(128, 2 * limit), "capacity " + framer.buffer().length);
                if (e == LineFramer.Event.NEED_MORE) {
                    assertEquals(0, in.remaining(), "NEED_MORE consumes everything");
                    break;
                }
                events.add(
                        e == LineFramer.Event.LINE
                                ? new Event(e, Arrays.copyOf(framer.buffer(), framer.length()))
                                : new Event(e, null));
            }
        }
        assertEquals(reference(stream, limit), events);
    }
}
