package dev.pigeonhole.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A bare connection (TCP or Unix socket) that sends exactly the bytes a test gives it and reads reply lines
 * without judging them, so tests can break the protocol on purpose and see what the server does. Every read
 * waits at most 5 s unless {@link #timeout} says otherwise.
 */
public final class RawClient implements AutoCloseable {
    private final Socket socket; // TCP, or null
    private final UnixStreams unix; // Unix socket, or null
    private final OutputStream out;
    private final InputStream in;

    private RawClient(Socket socket) throws IOException {
        this.socket = socket;
        this.unix = null;
        this.out = socket.getOutputStream();
        this.in = socket.getInputStream();
    }

    private RawClient(UnixStreams unix) {
        this.socket = null;
        this.unix = unix;
        this.out = unix.out;
        this.in = unix.in;
    }

    public static RawClient connect(String host, int port) throws IOException {
        Socket s = new Socket();
        s.setTcpNoDelay(true);
        s.connect(new InetSocketAddress(host, port), 5000);
        s.setSoTimeout(5000);
        return new RawClient(s);
    }

    /** Connects to the Unix domain socket at {@code path}. */
    public static RawClient connect(Path path) throws IOException {
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            ch.connect(UnixDomainSocketAddress.of(path));
            return new RawClient(new UnixStreams(ch));
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** Sends {@code line} followed by LF. */
    public RawClient send(String line) throws IOException {
        return sendBytes((line + "\n").getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Sends exactly these bytes. */
    public RawClient sendBytes(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    /** The next line (without LF), or null at end of stream. Fails on timeout. */
    public String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b < 0) {
                return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
            }
            if (b == '\n') {
                return line.toString(StandardCharsets.ISO_8859_1);
            }
            line.write(b);
        }
    }

    /**
     * True if the server closed the connection (end of stream or reset) before sending anything more;
     * false if a byte arrived. Fails if nothing happens within the read timeout.
     */
    public boolean closedByServer() throws IOException {
        try {
            return in.read() < 0;
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the server neither replied nor closed the connection within the timeout");
        } catch (SocketException e) {
            return true; // reset: closed too
        } catch (IOException e) {
            if (unix != null) {
                return true; // a Unix socket reports a peer's abortive close as a plain I/O error
            }
            throw e;
        }
    }

    /** The bytes the server sends, read with the client's timeout. */
    public InputStream input() {
        return in;
    }

    /** How long a read waits before it fails with {@link SocketTimeoutException}. */
    public RawClient timeout(int millis) throws IOException {
        if (socket != null) {
            socket.setSoTimeout(millis);
        } else {
            unix.timeoutMillis = millis;
        }
        return this;
    }

    /** Shuts down the sending side, as {@code nc -N} does after its input: the server sees end of stream. */
    public void shutdownOutput() throws IOException {
        if (socket != null) {
            socket.shutdownOutput();
        } else {
            unix.channel.shutdownOutput();
        }
    }

    /** The TCP socket; fails for a Unix socket connection. */
    public Socket socket() {
        if (socket == null) {
            throw new IllegalStateException("a Unix socket connection has no java.net.Socket");
        }
        return socket;
    }

    /** Closes abruptly: a reset instead of an orderly close, as a crashed client would (TCP only; a Unix socket just closes). */
    public void abort() throws IOException {
        if (socket != null) {
            socket.setSoLinger(true, 0);
            socket.close();
        } else {
            unix.close();
        }
    }

    @Override
    public void close() throws IOException {
        if (socket != null) {
            socket.close();
        } else {
            unix.close();
        }
    }

    /** Blocking streams with a read timeout over a non-blocking Unix socket channel (which has no SO_TIMEOUT). */
    private static final class UnixStreams {
        final SocketChannel channel;
        final Selector selector;
        final SelectionKey key;
        volatile int timeoutMillis = 5000;

        final InputStream in = new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                int n = read(one, 0, 1);
                return n < 0 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (len == 0) {
                    return 0;
                }
                ByteBuffer buf = ByteBuffer.wrap(b, off, len);
                long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
                while (true) {
                    int n = channel.read(buf);
                    if (n != 0) {
                        return n;
                    }
                    await(SelectionKey.OP_READ, deadline);
                }
            }
        };

        final OutputStream out = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                ByteBuffer buf = ByteBuffer.wrap(b, off, len);
                while (buf.hasRemaining()) {
                    if (channel.write(buf) == 0) {
                        await(SelectionKey.OP_WRITE, System.nanoTime() + 30_000_000_000L);
                    }
                }
            }
        };

        UnixStreams(SocketChannel channel) throws IOException {
            this.channel = channel;
            channel.configureBlocking(false);
            this.selector = Selector.open();
            this.key = channel.register(selector, 0);
        }

        private void await(int op, long deadline) throws IOException {
            key.interestOps(op);
            long left = (deadline - System.nanoTime()) / 1_000_000L;
            if (left <= 0 || (selector.select(left) == 0 && System.nanoTime() - deadline >= 0)) {
                throw new SocketTimeoutException("nothing within " + timeoutMillis + " ms");
            }
            selector.selectedKeys().clear();
        }

        void close() throws IOException {
            try {
                channel.close();
            } finally {
                selector.close();
            }
        }
    }
}
