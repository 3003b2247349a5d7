package dev.pigeonhole.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pigeonhole.protocol.Ascii;
import dev.pigeonhole.protocol.ProtocolException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Whatever a client sends, in whatever pieces, the server's reader yields valid requests and then at most
 * one {@link ProtocolException} (P10), and the result does not depend on how the bytes were split.
 */
class RequestReaderPropertyTest {
    private static final int MAX_MESSAGE = 40;

    /** One test case per seed; a failing case reruns from the seed in its display name. */
    static LongStream seeds() {
        return LongStream.range(0, 1000);
    }

    /** Up to 12 lines: protocol commands, printable lines that may be too long, and arbitrary Latin-1 bytes. */
    private static byte[] session(Random random) {
        StringBuilder session = new StringBuilder();
        for (int lines = random.nextInt(13); lines > 0; lines--) {
            int kind = random.nextInt(7);
            if (kind < 3) {
                String[] commands = {"LOGIN bob\n", "READ\n", "COMPOSE amy\n", "EXIT\n"};
                session.append(commands[random.nextInt(commands.length)]);
            } else if (kind < 6) {
                session.append(chars(random, 2 * MAX_MESSAGE, ' ', '~')).append('\n');
            } else {
                session.append(chars(random, 100, '\u0000', '\u00ff'));
            }
        }
        return session.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Up to {@code maxLength} characters from {@code first} to {@code last}. */
    private static String chars(Random random, int maxLength, char first, char last) {
        char[] out = new char[random.nextInt(maxLength + 1)];
        for (int i = 0; i < out.length; i++) {
            out[i] = (char) (first + random.nextInt(last - first + 1));
        }
        return new String(out);
    }

    /** Feeds {@code bytes} in pieces of {@code chunk}; returns the requests, then "!P<n>" if the protocol was broken. */
    private static List<String> read(byte[] bytes, int chunk) {
        RequestReader reader = new RequestReader(MAX_MESSAGE);
        List<String> out = new ArrayList<>();
        for (int from = 0; from < bytes.length; from += chunk) {
            ByteBuffer in = ByteBuffer.wrap(bytes, from, Math.min(chunk, bytes.length - from));
            try {
                for (Request r = reader.next(in); r != null; r = reader.next(in)) {
                    if (r instanceof Request.Compose c) {
                        assertTrue(c.text().length <= MAX_MESSAGE
                                && Ascii.firstNonPrintable(c.text(), 0, c.text().length) < 0);
                        out.add("Compose[" + c.recipient() + ", " + Ascii.ascii(c.text(), 0, c.text().length) + "]");
                    } else {
                        out.add(r.toString());
                    }
                }
            } catch (ProtocolException e) {
                assertTrue(reader.ended());
                out.add("!" + e.rule());
                return out;
            }
            assertEquals(0, in.remaining(), "the reader consumes everything it is given");
        }
        return out;
    }

    /** A fresh seed each run (printed in the display name) and fixed ones that once mattered. */
    static LongStream composeSeeds() {
        return LongStream.concat(LongStream.of(new Random().nextLong()), LongStream.range(0, 200));
    }

    /**
     * The reader takes the common line, {@code COMPOSE <name>}, without the parser: both must judge every line
     * alike (P2, P3, P10), and the recipient must be the same name.
     */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("composeSeeds")
    void compose_lines_are_judged_as_the_parser_judges_them_P3(long seed) {
        Random random = new Random(seed);
        for (int i = 0; i < 200; i++) {
            String name = random.nextInt(4) == 0 ? chars(random, 70, '\u0000', '\u00ff') : chars(random, 66, ' ', '~');
            name = name.replace('\n', 'x'); // a line feed would make two lines
            String line = (random.nextInt(10) == 0 ? "COMPOSE" : "COMPOSE ") + name;
            String parser;
            try {
                parser = "Compose["
                        + ((dev.pigeonhole.protocol.Command.Compose) dev.pigeonhole.protocol.CommandParser.parse(line))
                                .recipient()
                        + ", hi]";
            } catch (ProtocolException e) {
                parser = "!" + e.rule();
            } catch (ClassCastException e) {
                parser = "not a COMPOSE";
            }
            byte[] bytes = ("LOGIN bob\n" + line + "\nhi\n").getBytes(StandardCharsets.ISO_8859_1);
            List<String> reader = read(bytes, bytes.length);
            assertEquals(
                    parser, reader.size() > 1 ? reader.get(1) : "not a COMPOSE", "line [" + line + "], seed " + seed);
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void any_bytes_in_any_pieces_give_the_same_valid_requests_or_a_ProtocolException_P10(long seed) {
        Random random = new Random(seed);
        byte[] bytes = session(random);
        int chunk = 1 + random.nextInt(50);
        List<String> whole = read(bytes, Math.max(1, bytes.length));
        assertEquals(whole, read(bytes, chunk));
        for (int i = 0; i < whole.size(); i++) {
            if (i == 0) {
                assertTrue(whole.get(0).startsWith("Login[") || whole.get(0).startsWith("!"), whole.toString());
            }
            if (whole.get(i).startsWith("!") || whole.get(i).startsWith("Exit")) {
                assertEquals(whole.size() - 1, i, "nothing follows EXIT or a protocol error: " + whole);
            }
        }
    }
}
