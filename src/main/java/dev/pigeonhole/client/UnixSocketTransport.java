package dev.pigeonhole.client;

import java.io.IOException;
import java.io.OutputStream;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A Unix domain socket, non-blocking, waited on with a selector of its own: a Unix socket channel has no
 * read timeout, and the selector gives one without a reader thread. Reads and writes come from the one
 * thread running an exchange (the session serializes them); {@link #close} may come from any thread and
 * wakes that one.
 */
final class UnixSocketTransport implements Transport {
    private final SocketChannel channel;
    private final Selector selector;
    private final SelectionKey key;
    private final OutputStream out;
    private final String peer;
    private volatile boolean closed;

    private UnixSocketTransport(SocketChannel channel, Selector selector, SelectionKey key, String peer) {
        this.channel = channel;
        this.selector = selector;
        this.key = key;
        this.peer = peer;
        this.out = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                ByteBuffer buf = ByteBuffer.wrap(b, off, len);
                while (buf.hasRemaining()) {
                    if (channel.write(buf) == 0) {
                        // The server is not reading: wait as a blocking TCP write would, until close().
                        await(SelectionKey.OP_WRITE, 0);
                    }
                }
            }
        };
    }

    /**
     * Connects, retrying briefly with backoff while the server refuses (ECONNREFUSED: a stale socket file
     * during a restart) or is busy (EAGAIN: its listen backlog is full, as under a connect flood).
     */
    static UnixSocketTransport connect(Endpoint.UnixSocket endpoint, Duration connectTimeout) throws IOException {
        return connect(endpoint, connectTimeout, () -> {});
    }

    /** {@link #connect(Endpoint.UnixSocket, Duration)}, running {@code beforeRetry} before each retry (tests). */
    static UnixSocketTransport connect(Endpoint.UnixSocket endpoint, Duration connectTimeout, Runnable beforeRetry)
            throws IOException {
        long start = System.nanoTime();
        long retryFor = Math.min(RETRY_FOR.toNanos(), Deadlines.nanos(connectTimeout));
        long pauseMillis = 10;
        while (true) {
            try {
                long left = Deadlines.nanos(connectTimeout) - (System.nanoTime() - start);
                return connectOnce(endpoint, Duration.ofNanos(Math.max(1, left)));
            } catch (IOException e) {
                if (!retryable(e)
                        || System.nanoTime() - start + TimeUnit.MILLISECONDS.toNanos(pauseMillis) > retryFor) {
                    throw e;
                }
            }
            beforeRetry.run();
            try {
                Thread.sleep(pauseMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while connecting to " + endpoint.describe());
            }
            pauseMillis = Math.min(pauseMillis * 2, 250);
        }
    }

    /** How long a refused or busy connect is retried at most (never beyond the connect timeout). */
    static final Duration RETRY_FOR = Duration.ofSeconds(2);

    /** A refused or busy connect, which a moment may cure; the JDK gives no errno, only its words. */
    static boolean retryable(IOException e) {
        String m = String.valueOf(e.getMessage());
        return e instanceof java.net.ConnectException
                || m.contains("Connection refused")
                || m.contains("Resource temporarily unavailable");
    }

    private static UnixSocketTransport connectOnce(Endpoint.UnixSocket endpoint, Duration connectTimeout)
            throws IOException {
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        Selector selector = null;
        try {
            ch.configureBlocking(false);
            selector = Selector.open();
            SelectionKey key = ch.register(selector, 0);
            UnixSocketTransport t = new UnixSocketTransport(ch, selector, key, endpoint.describe());
            // A server whose backlog is full would hold a blocking connect for ever.
            if (!ch.connect(UnixDomainSocketAddress.of(endpoint.path()))) {
                long deadline = System.nanoTime() + Deadlines.nanos(connectTimeout);
                while (!ch.finishConnect()) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        throw new SocketTimeoutException("connect timed out");
                    }
                    t.await(SelectionKey.OP_CONNECT, Deadlines.millis(left));
                }
            }
            return t;
        } catch (IOException | RuntimeException e) {
            if (selector != null) {
                selector.close();
            }
            ch.close();
            throw e;
        }
    }

    /** Waits until the channel is ready for {@code op}, at most {@code millis} (0: until closed). */
    private void await(int op, long millis) throws IOException {
        try {
            key.interestOps(op);
            selector.select(millis);
            selector.selectedKeys().clear();
        } catch (ClosedSelectorException | java.nio.channels.CancelledKeyException e) {
            throw new SocketException("the connection is closed");
        }
        if (closed) {
            throw new SocketException("the connection is closed");
        }
    }

    @Override
    public OutputStream output() {
        return out;
    }

    @Override
    public int read(byte[] b, int off, int len, long timeoutNanos) throws IOException {
        long deadline = System.nanoTime() + timeoutNanos;
        ByteBuffer buf = ByteBuffer.wrap(b, off, len);
        while (true) {
            int n = channel.read(buf);
            if (n != 0) {
                return n;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new SocketTimeoutException("reply deadline passed");
            }
            await(SelectionKey.OP_READ, Deadlines.millis(left));
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            selector.close(); // wakes a thread waiting in await, and deregisters the channel so it can close
        } catch (IOException ignored) {
            // Nothing useful can be done about a failed close.
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // Nothing useful can be done about a failed close.
        }
    }

    @Override
    public String peer() {
        return peer;
    }
}
