package dev.pigeonhole.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pigeonhole.protocol.Ascii;
import dev.pigeonhole.protocol.ProtocolException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;

/**
 * Whatever a client sends, in whatever pieces, the server's reader yields valid requests and then at most
 * one {@link ProtocolException} (P10), and the result does not depend on how the bytes were split.
 */
class RequestReaderPropertyTest {
    private static final int MAX_MESSAGE = 40;

    @Provide
    Arbitrary<byte[]> sessions() {
        Arbitrary<String> line = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.of("LOGIN bob\n", "READ\n", "COMPOSE amy\n", "EXIT\n")),
                Tuple.of(
                        3,
                        Arbitraries.strings()
                                .withCharRange(' ', '~')
                                .ofMaxLength(2 * MAX_MESSAGE)
                                .map(s -> s + "\n")),
                Tuple.of(
                        1,
                        Arbitraries.strings().withCharRange('\u0000', '\u00ff').ofMaxLength(100)));
        return line.list().ofMaxSize(12).map(l -> String.join("", l).getBytes(StandardCharsets.ISO_8859_1));
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
                        assertTrue(c.text().length() <= MAX_MESSAGE && Ascii.firstNonPrintable(c.text()) < 0);
                    }
                    out.add(r.toString());
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

    @Property(tries = 1000)
    void any_bytes_in_any_pieces_give_the_same_valid_requests_or_a_ProtocolException_P10(
            @ForAll("sessions") byte[] bytes, @ForAll @IntRange(min = 1, max = 50) int chunk) {
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
