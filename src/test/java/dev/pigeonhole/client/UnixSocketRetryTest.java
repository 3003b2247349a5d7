package dev.pigeonhole.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 19 point 5: a refused or busy local connect is retried briefly before failing. */
class UnixSocketRetryTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    @Test
    void a_refused_connect_during_a_restart_is_retried() throws IOException {
        Path path = dir.resolve("s.sock");
        UnixDomainSocketAddress address = UnixDomainSocketAddress.of(path);
        ServerSocketChannel.open(StandardProtocolFamily.UNIX).bind(address).close(); // a stale file: refused
        AtomicInteger retries = new AtomicInteger();
        List<ServerSocketChannel> servers = new ArrayList<>();
        // The "restarted" server comes up only after the first attempt was refused.
        UnixSocketTransport t = UnixSocketTransport.connect(new Endpoint.UnixSocket(path), TIMEOUT, () -> {
            if (retries.getAndIncrement() == 0) {
                servers.add(rebind(path));
            }
        });
        try {
            assertEquals(1, retries.get(), "one refused attempt, then the new server");
        } finally {
            t.close();
            for (ServerSocketChannel s : servers) {
                s.close();
            }
        }
    }

    @Test
    void a_full_backlog_is_retried_until_the_server_accepts() throws IOException {
        Path path = dir.resolve("busy.sock");
        List<SocketChannel> fillers = new ArrayList<>();
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(path), 1);
            while (true) { // fill the backlog until the kernel says EAGAIN
                SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX);
                c.configureBlocking(false);
                try {
                    c.connect(UnixDomainSocketAddress.of(path));
                    fillers.add(c);
                } catch (SocketException full) {
                    c.close();
                    break;
                }
            }
            AtomicInteger retries = new AtomicInteger();
            UnixSocketTransport t = UnixSocketTransport.connect(new Endpoint.UnixSocket(path), TIMEOUT, () -> {
                if (retries.getAndIncrement() == 0) {
                    try {
                        for (int i = 0; i < fillers.size(); i++) {
                            server.accept().close(); // the server catches up
                        }
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            });
            t.close();
            assertTrue(retries.get() >= 1, "the first attempt met a full backlog");
        } finally {
            for (SocketChannel c : fillers) {
                c.close();
            }
        }
    }

    @Test
    void a_missing_socket_fails_at_once_without_retries() {
        AtomicInteger retries = new AtomicInteger();
        assertThrows(
                SocketException.class,
                () -> UnixSocketTransport.connect(
                        new Endpoint.UnixSocket(dir.resolve("none.sock")), TIMEOUT, retries::incrementAndGet));
        assertEquals(0, retries.get());
    }

    @Test
    void a_server_that_stays_down_fails_after_the_retry_window() throws IOException {
        Path path = dir.resolve("down.sock");
        ServerSocketChannel.open(StandardProtocolFamily.UNIX)
                .bind(UnixDomainSocketAddress.of(path))
                .close();
        long start = System.nanoTime();
        assertThrows(
                java.net.ConnectException.class,
                () -> UnixSocketTransport.connect(new Endpoint.UnixSocket(path), TIMEOUT));
        long tookMillis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(tookMillis <= UnixSocketTransport.RETRY_FOR.toMillis() + 2_000, "gave up after " + tookMillis);
    }

    private static ServerSocketChannel rebind(Path path) {
        try {
            Files.delete(path);
            ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            s.bind(UnixDomainSocketAddress.of(path));
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
