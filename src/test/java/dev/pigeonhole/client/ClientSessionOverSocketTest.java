package dev.pigeonhole.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pigeonhole.protocol.ProtocolException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ClientSession} over a Unix socket keeps every promise it makes over TCP: replies are checked
 * (P10), a reply that does not come in time ends the session, and a close from another thread ends a
 * waiting exchange at once. The server here is a bare socket the test scripts by hand.
 */
class ClientSessionOverSocketTest {
    @TempDir
    Path dir;

    private ServerSocketChannel listen() throws IOException {
        ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        s.bind(UnixDomainSocketAddress.of(dir.resolve("s.sock")));
        return s;
    }

    private ClientSession open(Duration readTimeout) throws IOException {
        return ClientSession.open(
                new Endpoint.UnixSocket(dir.resolve("s.sock")), Duration.ofSeconds(5), readTimeout, 4096);
    }

    private static void write(SocketChannel ch, String s) throws IOException {
        ch.write(ByteBuffer.wrap(s.getBytes(StandardCharsets.US_ASCII)));
    }

    private static String readLine(SocketChannel ch) throws IOException {
        StringBuilder line = new StringBuilder();
        ByteBuffer one = ByteBuffer.allocate(1);
        while (ch.read(one.clear()) > 0 && one.get(0) != '\n') {
            line.append((char) one.get(0));
        }
        return line.toString();
    }

    @Test
    void login_and_read_over_the_socket_P5_P8() throws Exception {
        try (ServerSocketChannel server = listen();
                ClientSession s = open(Duration.ofSeconds(5));
                SocketChannel peer = server.accept()) {
            CompletableFuture<Long> login = CompletableFuture.supplyAsync(() -> {
                try {
                    return s.login("alice");
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            assertEquals("LOGIN alice", readLine(peer));
            write(peer, "2\n");
            assertEquals(2L, login.get(5, TimeUnit.SECONDS));
            assertEquals("unix:" + dir.resolve("s.sock"), s.peer());
        }
    }

    @Test
    void a_reply_that_breaks_the_protocol_closes_the_session_P10() throws Exception {
        try (ServerSocketChannel server = listen();
                ClientSession s = open(Duration.ofSeconds(5));
                SocketChannel peer = server.accept()) {
            write(peer, "MESSAGE SENT\n"); // not a count: wrong for LOGIN
            ProtocolException e = assertThrows(ProtocolException.class, () -> s.login("alice"));
            assertTrue(e.getMessage().contains("P5"), e.getMessage());
            assertFalse(s.isOpen());
        }
    }

    @Test
    @SuppressWarnings("try") // the accepted peer is held open, silent, for the block's extent: that is its use
    void no_reply_within_the_timeout_ends_the_session() throws Exception {
        try (ServerSocketChannel server = listen();
                ClientSession s = open(Duration.ofMillis(300));
                SocketChannel peer = server.accept()) {
            long t0 = System.nanoTime();
            SocketTimeoutException e = assertThrows(SocketTimeoutException.class, () -> s.login("alice"));
            long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertTrue(waited >= 290, "waited the timeout: " + waited + " ms");
            assertTrue(e.getMessage().contains("unix:"), e.getMessage());
            assertFalse(s.isOpen());
        }
    }

    @Test
    @SuppressWarnings("try") // closing the session mid-exchange, from this thread, is what is tested
    void close_from_another_thread_ends_a_waiting_exchange_at_once() throws Exception {
        try (ServerSocketChannel server = listen();
                ClientSession s = open(Duration.ofMinutes(5));
                SocketChannel peer = server.accept()) {
            CompletableFuture<Throwable> login = CompletableFuture.supplyAsync(() -> {
                try {
                    s.login("alice");
                    return null;
                } catch (IOException | RuntimeException e) {
                    return e;
                }
            });
            assertEquals("LOGIN alice", readLine(peer)); // the exchange is waiting for its reply now
            s.close();
            assertTrue(login.get(5, TimeUnit.SECONDS) instanceof IOException, "failed with an IOException");
            ByteBuffer b = ByteBuffer.allocate(1);
            assertEquals(-1, peer.read(b), "the server sees the connection end");
        }
    }
}
