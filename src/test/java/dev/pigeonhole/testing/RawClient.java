package dev.pigeonhole.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * A bare socket that sends exactly the bytes a test gives it and reads reply lines without judging them,
 * so tests can break the protocol on purpose and see what the server does. Every read waits at most 5 s.
 */
public final class RawClient implements AutoCloseable {
    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;

    private RawClient(Socket socket) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.in = socket.getInputStream();
    }

    public static RawClient connect(String host, int port) throws IOException {
        Socket s = new Socket();
        s.setTcpNoDelay(true);
        s.connect(new InetSocketAddress(host, port), 5000);
        s.setSoTimeout(5000);
        return new RawClient(s);
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
            throw new AssertionError("the server neither replied nor closed the connection within 5 s");
        } catch (SocketException e) {
            return true; // reset: closed too
        }
    }

    public Socket socket() {
        return socket;
    }

    /** Closes abruptly: a reset instead of an orderly close, as a crashed client would. */
    public void abort() throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
