package dev.pigeonhole.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pigeonhole.testing.RawClient;
import dev.pigeonhole.testing.ServerFixture;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * No peer can take every slot or pin unbounded kernel memory: a limit per TCP address (per OS user on the
 * Unix socket), a deadline for a line to finish, and capped socket buffers with reading stopped for a client
 * that does not take its replies.
 */
@Timeout(60)
class FairSlotsTest {
    private static long count(ServerFixture server, String user) throws Exception {
        try (RawClient c = RawClient.connect(server.host(), server.port())) {
            return Long.parseLong(c.send("LOGIN " + user).readLine());
        }
    }

    @Test
    void connections_beyond_the_limit_per_address_are_closed_at_once_and_logged() throws Exception {
        try (ServerFixture server = ServerFixture.start(cfg -> cfg.maxConnectionsPerAddress(3))) {
            List<RawClient> held = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    RawClient c = server.raw();
                    held.add(c);
                    assertEquals("0", c.send("LOGIN slot" + i).readLine());
                }
                try (RawClient fourth = server.raw()) {
                    assertTrue(fourth.closedByServer(), "the fourth connection from 127.0.0.1 is closed");
                }
                String line = server.awaitLog("connection limit per address reached", Duration.ofSeconds(5));
                assertTrue(line.contains("(3 from 127.0.0.1): closed 127.0.0.1:"), line);
                held.remove(0).close();
                // The slot is given back when a connection closes.
                long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
                while (true) {
                    try (RawClient again = server.raw()) {
                        String reply = again.send("LOGIN again").readLine();
                        if ("0".equals(reply)) {
                            break;
                        }
                    } catch (java.io.IOException closed) {
                        // not yet given back
                    }
                    assertTrue(System.nanoTime() < deadline, "the closed connection's slot was not given back");
                    Thread.sleep(20);
                }
            } finally {
                for (RawClient c : held) {
                    c.close();
                }
            }
        }
    }

    @Test
    void on_the_socket_the_limit_counts_per_os_user_not_per_transport() throws Exception {
        try (ServerFixture server = ServerFixture.start(
                ServerFixture.Transport.UNIX_SOCKET,
                cfg -> cfg.maxConnectionsPerAddress(2).trustedSocketUsers(Set.of()))) {
            String me = System.getProperty("user.name");
            try (RawClient a = server.raw();
                    RawClient b = server.raw();
                    RawClient tcp = RawClient.connect(server.host(), server.port())) {
                assertEquals("0", a.send("LOGIN " + me).readLine());
                assertEquals("0", b.send("LOGIN " + me).readLine());
                try (RawClient third = server.raw()) {
                    assertTrue(third.closedByServer(), "a third socket connection of one OS user is closed");
                }
                assertTrue(server.awaitLog("connection limit per address reached", Duration.ofSeconds(5))
                        .contains("from unix:" + me + ")"));
                // 127.0.0.1 has its own share.
                assertEquals("0", tcp.send("LOGIN someone").readLine());
            }
        }
    }

    @Test
    void a_line_trickled_slower_than_the_line_timeout_drops_the_connection() throws Exception {
        try (ServerFixture server = ServerFixture.start(cfg -> cfg.lineTimeout(Duration.ofMillis(400)));
                RawClient slow = server.raw()) {
            assertEquals("0", slow.send("LOGIN slow").readLine());
            long start = System.nanoTime();
            boolean dropped = false;
            // One byte every 100 ms keeps the connection busy but never finishes a line.
            for (int i = 0; i < 60 && !dropped; i++) {
                try {
                    slow.sendBytes(new byte[] {'R'});
                } catch (java.io.IOException e) {
                    dropped = true;
                    break;
                }
                slow.timeout(100);
                try {
                    dropped = slow.input().read() < 0;
                } catch (java.net.SocketTimeoutException stillOpen) {
                    // go on trickling
                } catch (java.io.IOException reset) {
                    dropped = true;
                }
            }
            assertTrue(dropped, "trickled bytes kept the connection for 6 s");
            long tookMillis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(tookMillis < 3_000, "dropped after " + tookMillis + " ms");
            assertTrue(server.awaitLog("line timeout (400ms): closed", Duration.ofSeconds(5))
                    .contains("(slow)"));
        }
    }

    @Test
    void complete_lines_sent_slowly_are_not_a_partial_line() throws Exception {
        try (ServerFixture server = ServerFixture.start(cfg -> cfg.lineTimeout(Duration.ofMillis(300)));
                RawClient c = server.raw()) {
            assertEquals("0", c.send("LOGIN patient").readLine());
            Thread.sleep(700);
            c.send("COMPOSE patient"); // a person typing with nc: the message line comes later
            Thread.sleep(700);
            assertEquals("MESSAGE SENT", c.send("typed slowly").readLine());
            Thread.sleep(700);
            assertEquals("patient", c.send("READ").readLine());
            assertEquals("typed slowly", c.readLine());
        }
    }

    /**
     * A client that pipelines READs and never reads a reply: the server stops reading it once a bounded amount
     * of replies is unwritten, so the messages it hands out (each one 4 KiB of reply) are bounded by the
     * capped socket buffers plus the reply backlog, whatever the client keeps sending.
     */
    @Test
    void a_client_that_never_reads_pins_a_bounded_amount_of_replies() throws Exception {
        int messages = 2_000;
        String text = "x".repeat(4_000);
        try (ServerFixture server = ServerFixture.start()) {
            try (RawClient filler = server.raw()) {
                filler.send("LOGIN filler").readLine();
                StringBuilder batch = new StringBuilder();
                for (int i = 0; i < messages; i++) {
                    batch.append("COMPOSE hoarder\n").append(text).append('\n');
                }
                filler.sendBytes(batch.toString().getBytes(StandardCharsets.US_ASCII));
                for (int i = 0; i < messages; i++) {
                    assertEquals("MESSAGE SENT", filler.readLine());
                }
            }
            try (Socket hoarder = new Socket()) {
                hoarder.setReceiveBufferSize(4096);
                hoarder.connect(new InetSocketAddress(server.host(), server.port()), 5000);
                OutputStream out = hoarder.getOutputStream();
                out.write("LOGIN hoarder\n".getBytes(StandardCharsets.US_ASCII));
                byte[] reads = "READ\n".repeat(messages).getBytes(StandardCharsets.US_ASCII);
                out.write(reads); // 10 KB: fits the socket buffers even while the server does not read
                out.flush();
                // Wait until the server stops handing out messages (its count stops changing).
                long left = messages;
                long stableSince = System.nanoTime();
                long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                while (System.nanoTime() - stableSince < Duration.ofMillis(700).toNanos()) {
                    assertTrue(System.nanoTime() < deadline, "the count never settled");
                    Thread.sleep(100);
                    long now = count(server, "hoarder");
                    if (now != left) {
                        left = now;
                        stableSince = System.nanoTime();
                    }
                }
                long handedOut = messages - left;
                long pinnedBytes = handedOut * (text.length() + "filler\n\n".length());
                System.out.println("hoarder: " + handedOut + " messages handed out, " + pinnedBytes / 1024
                        + " KiB of replies between the server and a client that does not read");
                // Kernel: 2 x 64 KiB send buffer, the client's small receive buffer; heap: 64 KiB of backlog
                // plus one reply. 512 KiB leaves room for kernel rounding, far below what autotuning allows.
                assertTrue(pinnedBytes <= 512 * 1024, "pinned " + pinnedBytes / 1024 + " KiB");
                assertTrue(handedOut > 0, "the server answered nothing at all");
            }
        }
    }
}
