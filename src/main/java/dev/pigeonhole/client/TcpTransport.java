package dev.pigeonhole.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;

/** TCP: the socket's own timeout bounds each read. */
final class TcpTransport implements Transport {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final String peer;

    private TcpTransport(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
        String address = socket.getInetAddress().getHostAddress();
        this.peer = (address.indexOf(':') >= 0 ? "[" + address + "]" : address) + ":" + socket.getPort();
    }

    static TcpTransport connect(Endpoint.Tcp endpoint, Duration connectTimeout) throws IOException {
        long deadline = System.nanoTime() + Deadlines.nanos(connectTimeout);
        InetAddress address = Resolver.resolve(endpoint.host(), connectTimeout);
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw new SocketTimeoutException("connect timed out");
        }
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.connect(new InetSocketAddress(address, endpoint.port()), Deadlines.millis(left));
            return new TcpTransport(s);
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    @Override
    public OutputStream output() {
        return out;
    }

    @Override
    public int read(byte[] b, int off, int len, long timeoutNanos) throws IOException {
        // Cheap on the NIO-based socket of JDK 13+: the timeout is a field consulted by the poll.
        socket.setSoTimeout(Deadlines.millis(timeoutNanos));
        return in.read(b, off, len);
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Nothing useful can be done about a failed close.
        }
    }

    @Override
    public String peer() {
        return peer;
    }
}
