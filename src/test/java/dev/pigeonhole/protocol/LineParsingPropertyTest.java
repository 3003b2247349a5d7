package dev.pigeonhole.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Random input against the two pieces that see every byte a client sends: {@link CommandParser} yields a
 * valid command or a {@link ProtocolException}, nothing else (P2, P3, P10, P11); {@link LineFramer} cuts
 * lines exactly as a plain reference split does and never holds more than its limit (P1, P11).
 */
class LineParsingPropertyTest {

    /** Lines built from protocol words, near-misses and arbitrary bytes, so that both outcomes are common. */
    @Provide
    Arbitrary<byte[]> commandLines() {
        Arbitrary<String> word = Arbitraries.of(
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
                "a b");
        Arbitrary<String> junk =
                Arbitraries.strings().withCharRange('\u0000', '\u00ff').ofMaxLength(90);
        return Arbitraries.frequencyOf(
                        net.jqwik.api.Tuple.of(4, word),
                        net.jqwik.api.Tuple.of(1, junk),
                        net.jqwik.api.Tuple.of(
                                2,
                                Arbitraries.strings()
                                        .withCharRange('!', '~')
                                        .ofMinLength(1)
                                        .ofMaxLength(70)))
                .list()
                .ofMaxSize(5)
                .map(parts -> String.join("", parts).replace("\n", "").getBytes(StandardCharsets.ISO_8859_1));
    }

    @Property(tries = 1500)
    void the_parser_yields_the_exact_command_or_a_ProtocolException_P2_P3_P10_P11(@ForAll("commandLines") byte[] line) {
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

    @Property(tries = 1000)
    void the_parser_also_survives_arbitrary_bytes_at_any_offset(
            @ForAll byte[] bytes, @ForAll @IntRange(max = 8) int offset) {
        byte[] padded = new byte[bytes.length + offset + 3];
        System.arraycopy(bytes, 0, padded, offset, bytes.length);
        try {
            Command c = CommandParser.parse(padded, offset, bytes.length);
            assertArrayEquals(bytes, Ascii.bytes(c.line()));
        } catch (ProtocolException expected) {
            // the only other outcome
        }
    }

    @Provide
    Arbitrary<byte[]> streams() {
        Arbitrary<Byte> b = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(1, Arbitraries.just((byte) '\n')),
                net.jqwik.api.Tuple.of(12, Arbitraries.bytes()));
        return b.array(byte[].class).ofMaxSize(600);
    }

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

    @Property(tries = 1000)
    void the_framer_cuts_lines_like_a_plain_split_and_never_holds_more_than_its_limit_P1_P11(
            @ForAll("streams") byte[] stream,
            @ForAll @IntRange(max = 300) int limit,
            @ForAll @IntRange(min = 1, max = 700) int chunk,
            @ForAll boolean direct) {
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
