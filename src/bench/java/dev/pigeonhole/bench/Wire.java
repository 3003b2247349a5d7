package dev.pigeonhole.bench;

import dev.pigeonhole.protocol.Ascii;
import dev.pigeonhole.protocol.LineFramer;
import dev.pigeonhole.protocol.ProtocolException;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * One blocking TCP connection seen as LF-terminated lines in and raw bytes out, without allocating per
 * line: requests are assembled in a reusable buffer and sent with one write, replies are framed by the
 * protocol package's {@link LineFramer} (the same bounded framing the server uses). Not thread-safe.
 */
final class Wire implements Closeable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final ByteBuffer received;
    private final LineFramer framer = new LineFramer();
    private byte[] pending;
    private int pendingLength;

    private Wire(Socket socket, int bufferSize) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
        this.received = ByteBuffer.allocate(bufferSize);
        this.received.limit(0);
        this.pending = new byte[Math.max(64, bufferSize / 4)];
    }

    /**
     * Connects with TCP_NODELAY (every request is one write, so Nagle would only add delay).
     *
     * @param timeoutMillis for the connection and for every later read
     */
    static Wire connect(String host, int port, int timeoutMillis, int bufferSize) throws IOException {
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.connect(new InetSocketAddress(host, port), timeoutMillis);
            s.setSoTimeout(timeoutMillis);
            return new Wire(s, bufferSize);
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    Wire put(byte[] b) {
        return put(b, 0, b.length);
    }

    Wire put(byte[] b, int offset, int length) {
        ensure(length);
        System.arraycopy(b, offset, pending, pendingLength, length);
        pendingLength += length;
        return this;
    }

    Wire put(byte c) {
        ensure(1);
        pending[pendingLength++] = c;
        return this;
    }

    /** Appends {@code n >= 0} in decimal. */
    Wire putDecimal(long n) {
        ensure(20);
        int digits = 1;
        for (long m = n; m >= 10; m /= 10) {
            digits++;
        }
        int end = pendingLength + digits;
        for (int i = end - 1; i >= pendingLength; i--) {
            pending[i] = (byte) ('0' + (n % 10));
            n /= 10;
        }
        pendingLength = end;
        return this;
    }

    /** Sends everything put since the last flush, in one write. */
    void flush() throws IOException {
        out.write(pending, 0, pendingLength);
        pendingLength = 0;
    }

    /**
     * Reads the next line (LF removed) into {@link #line()} and returns its length.
     *
     * @throws ProtocolException if the line is longer than {@code limit}
     * @throws EOFException      if the peer closed the connection
     */
    int readLine(int limit) throws IOException {
        while (true) {
            switch (framer.next(received, limit)) {
                case LINE -> {
                    return framer.length();
                }
                case TOO_LONG, SKIPPED ->
                    throw new ProtocolException(
                            "P11", "reply line longer than " + limit + " bytes", framer.buffer(), 0, 0);
                case NEED_MORE -> {
                    received.clear();
                    int n = in.read(received.array(), 0, received.capacity());
                    if (n < 0) {
                        received.limit(0);
                        throw new EOFException("the server closed the connection");
                    }
                    received.limit(n);
                }
            }
        }
    }

    /** The bytes of the line just read; valid until the next {@link #readLine}. */
    byte[] line() {
        return framer.buffer();
    }

    /** The line just read, escaped for an error report. */
    String excerpt(int length) {
        return Ascii.escape(Ascii.latin1(framer.buffer(), 0, Math.min(length, 80)), 80);
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Nothing useful to do: the run only needs the descriptor released.
        }
    }

    private void ensure(int more) {
        if (pendingLength + more > pending.length) {
            pending = Arrays.copyOf(pending, Math.max(pendingLength + more, pending.length * 2));
        }
    }
}
