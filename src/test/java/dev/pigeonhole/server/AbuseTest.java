package dev.pigeonhole.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pigeonhole.testing.RawClient;
import dev.pigeonhole.testing.ServerFixture;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Hostile and broken clients cost the server nothing lasting (G1, P2, P10, P11, P12). */
@Timeout(30)
class AbuseTest {
    @RegisterExtension
    final ServerFixture server = ServerFixture.start();

    /** After any abuse a fresh client gets the whole protocol right. */
    private void freshClientWorks() throws Exception {
        try (RawClient c = server.raw()) {
            assertEquals("0", c.send("LOGIN fresh").readLine());
            assertEquals(
                    "MESSAGE SENT", c.send("COMPOSE fresh").send("still here").readLine());
            c.send("READ");
            assertEquals("fresh", c.readLine());
            assertEquals("still here", c.readLine());
            c.send("EXIT");
            assertTrue(c.closedByServer());
        }
    }

    @Test
    void random_garbage_is_dropped_and_the_server_carries_on_G1_P10() throws Exception {
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 50; i++) {
            byte[] garbage = new byte[1 + random.nextInt(4096)];
            for (int j = 0; j < garbage.length; j++) {
                garbage[j] = (byte) random.nextInt(256);
            }
            garbage[garbage.length - 1] = '\n';
            try (RawClient c = server.raw()) {
                try {
                    c.sendBytes(garbage);
                } catch (IOException dropped) {
                    // The server may drop us before all bytes are written.
                }
                assertTrue(c.closedByServer());
            }
        }
        freshClientWorks();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "\u0000",
                "LOGIN a\u0000",
                "LOGIN \u00e9mile",
                "LOGIN bob\r",
                "READ\r",
                "\u00ef\u00bb\u00bfLOGIN bob"
            })
    void nul_non_ascii_and_cr_are_dropped_G1_P2(String line) throws Exception {
        try (RawClient c = server.raw()) {
            c.sendBytes((line + "\n").getBytes(StandardCharsets.ISO_8859_1));
            assertTrue(c.closedByServer());
        }
        server.awaitLog(": P2 ", Duration.ofSeconds(5));
        freshClientWorks();
    }

    @Test
    void a_ten_megabyte_command_line_is_dropped_after_73_bytes_G1_P11() throws Exception {
        try (SocketChannel ch = SocketChannel.open(new InetSocketAddress(server.host(), server.port()))) {
            ch.configureBlocking(false);
            ByteBuffer line = ByteBuffer.wrap(new byte[10 << 20]);
            Arrays.fill(line.array(), (byte) 'A');
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            boolean dropped = false;
            while (line.hasRemaining() && System.nanoTime() < deadline) {
                try {
                    if (ch.write(line) == 0) {
                        Thread.sleep(1);
                    }
                } catch (IOException reset) {
                    dropped = true;
                    break;
                }
            }
            // Either writing failed, or the server closed its side: reading shows end of stream or a reset.
            if (!dropped) {
                ch.configureBlocking(true);
                ch.socket().setSoTimeout(5000);
                try {
                    dropped = ch.socket().getInputStream().read() < 0;
                } catch (IOException reset) {
                    dropped = true;
                }
            }
            assertTrue(dropped, "the server dropped the connection");
        }
        assertTrue(server.awaitLog(": P11 ", Duration.ofSeconds(5)).contains("AAAA"));
        freshClientWorks();
    }

    @Test
    void a_disconnect_between_COMPOSE_and_its_message_stores_nothing_G1_P12() throws Exception {
        for (String cut : new String[] {"COMPOSE victim\n", "COMPOSE victim\nhalf a mess", "COMPOSE vic"}) {
            try (RawClient c = server.raw()) {
                assertEquals("0", c.send("LOGIN cutter").readLine());
                c.sendBytes(cut.getBytes(StandardCharsets.US_ASCII));
                c.abort();
            }
        }
        try (RawClient c = server.raw()) {
            assertEquals("0", c.send("LOGIN victim").readLine());
            assertEquals("READ ERROR", c.send("READ").readLine());
        }
        freshClientWorks();
    }

    @Test
    void a_thousand_abrupt_disconnects_leave_the_server_serving_G1() throws Exception {
        String[] stages = {
            "",
            "LOGIN ab",
            "LOGIN ab\n",
            "LOGIN ab\nCOMPOSE ab\n",
            "LOGIN ab\nCOMPOSE ab\npartial",
            "LOGIN ab\nREAD\n",
            "LOGIN ab\nCOMPOSE ab\nkept\n"
        };
        int kept = 0;
        for (int i = 0; i < 1_000; i++) {
            String stage = stages[i % stages.length];
            try (RawClient c = server.raw()) {
                c.sendBytes(stage.getBytes(StandardCharsets.US_ASCII));
                if (stage.endsWith("kept\n")) {
                    // Wait for the answer, so the message is known to be stored before the reset.
                    c.readLine(); // the count
                    assertEquals("MESSAGE SENT", c.readLine());
                    kept++;
                }
                c.abort();
            }
        }
        freshClientWorks();
        // Nothing was lost or duplicated: READs cut off before a next line gave their message back.
        awaitCount("ab", kept);
    }

    /**
     * A client that sends READs without ever reading the replies: the server stops reading from it once its
     * backlog is full, so the client's writes stall instead of the server's memory growing.
     */
    @Test
    void a_client_that_never_reads_its_replies_is_throttled_not_buffered_G1() throws Exception {
        try (RawClient filler = server.raw()) {
            filler.send("LOGIN flood").readLine();
            for (int i = 0; i < 20; i++) {
                assertEquals(
                        "MESSAGE SENT",
                        filler.send("COMPOSE flood").send("x".repeat(4000)).readLine());
            }
        }
        long written = 0;
        boolean stalled = false;
        try (SocketChannel ch = SocketChannel.open(new InetSocketAddress(server.host(), server.port()))) {
            ch.configureBlocking(false);
            byte[] reads = "READ\n".repeat(13_107).getBytes(StandardCharsets.US_ASCII); // ~64 KiB
            ch.write(ByteBuffer.wrap("LOGIN flood\n".getBytes(StandardCharsets.US_ASCII)));
            ByteBuffer out = ByteBuffer.wrap(reads);
            long limit = 256L << 20; // without backpressure 256 MiB of READs would be consumed
            long quietSince = System.nanoTime();
            while (written < limit) {
                int n = ch.write(out);
                written += n;
                if (!out.hasRemaining()) {
                    out.rewind();
                }
                if (n > 0) {
                    quietSince = System.nanoTime();
                } else if (System.nanoTime() - quietSince
                        > Duration.ofMillis(500).toNanos()) {
                    stalled = true;
                    break;
                } else {
                    Thread.sleep(1);
                }
            }
        }
        assertTrue(stalled, "writes never stalled after " + written + " bytes");
        assertTrue(written < 64L << 20, "the server took " + written + " bytes from a client that reads nothing");
        freshClientWorks();
        // Each READ confirmed the one before it, so all 20 messages were delivered (to a client that ignored them).
        awaitCount("flood", 0);
    }

    /** Waits until LOGIN reports {@code expected} for {@code user}: connections just cut may still be giving messages back. */
    private void awaitCount(String user, long expected) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        String count;
        do {
            try (RawClient c = server.raw()) {
                count = c.send("LOGIN " + user).readLine();
            }
        } while (!count.equals(Long.toString(expected)) && System.nanoTime() < deadline);
        assertEquals(Long.toString(expected), count);
    }
}
