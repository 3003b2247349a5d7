package dev.pigeonhole.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;

/**
 * A Unix domain socket. The channel's own streams are not used: on JDK 17 they serialize reads and writes
 * on one lock, so a write would wait for the read-ahead thread's blocked read.
 */
final class UnixSocketTransport implements Transport {
    private final SocketChannel channel;
    private final PumpedInput in;
    private final OutputStream out;
    private final String peer;

    private UnixSocketTransport(SocketChannel channel, String peer) {
        this.channel = channel;
        this.peer = peer;
        this.in = new PumpedInput(
                new InputStream() {
                    @Override
                    public int read() throws IOException {
                        throw new UnsupportedOperationException("read in chunks");
                    }

                    @Override
                    public int read(byte[] b, int off, int len) throws IOException {
                        return channel.read(ByteBuffer.wrap(b, off, len));
                    }
                },
                "pigeonhole-unix-reader");
        this.out = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                ByteBuffer buf = ByteBuffer.wrap(b, off, len);
                while (buf.hasRemaining()) {
                    channel.write(buf);
                }
            }
        };
    }

    static UnixSocketTransport connect(Endpoint.UnixSocket endpoint, Duration connectTimeout) throws IOException {
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            // Non-blocking only to bound the connect: a server whose backlog is full would hold it forever.
            ch.configureBlocking(false);
            if (!ch.connect(UnixDomainSocketAddress.of(endpoint.path()))) {
                try (Selector selector = Selector.open()) {
                    ch.register(selector, SelectionKey.OP_CONNECT);
                    if (selector.select(Deadlines.millis(Deadlines.nanos(connectTimeout))) == 0) {
                        throw new SocketTimeoutException("connect timed out");
                    }
                    ch.finishConnect();
                }
            }
            ch.configureBlocking(true);
            return new UnixSocketTransport(ch, endpoint.describe());
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    @Override
    public OutputStream output() {
        return out;
    }

    @Override
    public int read(byte[] b, int off, int len, long timeoutNanos) throws IOException {
        return in.read(b, off, len, timeoutNanos);
    }

    @Override
    public void close() {
        in.close();
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
