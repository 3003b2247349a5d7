package dev.pigeonhole.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A fake server for client tests: it records every byte each connection sends, and answers each line it
 * receives from a script, which may say anything at all, including what no real server would (a
 * non-number after LOGIN, an unknown status, half a line). It is how tests prove what reached the socket:
 * {@link #received()} after {@link #settle()} is exactly the bytes clients wrote, and {@link #connections()}
 * tells whether a client connected at all.
 *
 * <p>Each connection gets its own conversation from the supplier: a function from a received line (without
 * its LF) to the raw text to write back ({@code ""} for nothing), or {@code null} to hang up. A reply
 * ending in {@link #THEN_HANG_UP} is written, then the connection is closed (to cut a line in half).
 */
public final class ScriptedServer implements AutoCloseable {
    /** Ends a reply that should be followed by closing the connection; not a byte, never written. */
    public static final String THEN_HANG_UP = "\uFFFF";

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final ServerSocket listener;
    private final Supplier<Function<String, String>> script;
    private final Thread acceptor;
    /** Guarded by {@code this}: every connection accepted so far, in accept order. */
    private final List<Connection> accepted = new ArrayList<>();

    private ScriptedServer(Supplier<Function<String, String>> script) throws IOException {
        this.script = script;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.acceptor = new Thread(this::acceptLoop, "scripted-server-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Starts listening on a free loopback port; every connection follows a fresh conversation from {@code script}. */
    public static ScriptedServer start(Supplier<Function<String, String>> script) {
        try {
            return new ScriptedServer(script);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return listener.getLocalPort();
    }

    /**
     * Waits until every connection made before this call has been accepted and has ended (the client
     * closed it, or the script hung up), so that {@link #received()} and {@link #connections()} are final.
     * It connects a probe and waits for it to be accepted: the accept queue is FIFO, so every earlier
     * connection has been accepted by then.
     */
    public void settle() {
        long deadline = System.nanoTime() + WAIT.toNanos();
        try (Socket probe = new Socket(InetAddress.getLoopbackAddress(), port())) {
            int probePort = probe.getLocalPort();
            List<Connection> before;
            while (true) {
                synchronized (this) {
                    Connection last = accepted.isEmpty() ? null : accepted.get(accepted.size() - 1);
                    if (last != null && last.socket.getPort() == probePort) {
                        accepted.remove(accepted.size() - 1);
                        before = List.copyOf(accepted);
                        break;
                    }
                }
                pause(deadline, "the probe connection to be accepted");
            }
            for (Connection c : before) {
                c.thread.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                if (c.thread.isAlive()) {
                    throw new AssertionError("a client connection stayed open after the client finished");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** How many client connections were accepted (after {@link #settle()}, all of them). */
    public synchronized int connections() {
        return accepted.size();
    }

    /** Every byte clients sent, connection after connection, as ISO-8859-1 text (one char per byte). */
    public synchronized String received() {
        StringBuilder all = new StringBuilder();
        for (Connection c : accepted) {
            all.append(c.received());
        }
        return all.toString();
    }

    @Override
    public void close() {
        try {
            listener.close();
        } catch (IOException ignored) {
            // Closing a listener fails only if it is already closed.
        }
        List<Connection> all;
        synchronized (this) {
            all = List.copyOf(accepted);
        }
        for (Connection c : all) {
            c.close();
        }
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket s = listener.accept();
                Connection c = new Connection(s, script.get());
                synchronized (this) {
                    accepted.add(c);
                }
                c.thread.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private static void pause(long deadline, String what) throws InterruptedException {
        if (System.nanoTime() > deadline) {
            throw new AssertionError("timed out waiting for " + what);
        }
        Thread.sleep(5);
    }

    /** One accepted connection: its recorded bytes and the thread that plays the script on it. */
    private static final class Connection {
        final Socket socket;
        final Thread thread;
        /** Guarded by itself: the bytes received so far. */
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        private final Function<String, String> conversation;

        Connection(Socket socket, Function<String, String> conversation) {
            this.socket = socket;
            this.conversation = conversation;
            this.thread = new Thread(this::serve, "scripted-server-" + socket.getPort());
            this.thread.setDaemon(true);
        }

        String received() {
            synchronized (bytes) {
                return bytes.toString(StandardCharsets.ISO_8859_1);
            }
        }

        void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // already closed
            }
        }

        private void serve() {
            try (socket) {
                socket.setSoTimeout((int) WAIT.toMillis());
                InputStream in = socket.getInputStream();
                OutputStream out = socket.getOutputStream();
                ByteArrayOutputStream line = new ByteArrayOutputStream();
                byte[] buf = new byte[8192];
                for (int n; (n = in.read(buf)) >= 0; ) {
                    synchronized (bytes) {
                        bytes.write(buf, 0, n);
                    }
                    for (int i = 0; i < n; i++) {
                        if (buf[i] != '\n') {
                            line.write(buf[i]);
                            continue;
                        }
                        String reply = conversation.apply(line.toString(StandardCharsets.ISO_8859_1));
                        line.reset();
                        if (reply == null) {
                            return; // hang up
                        }
                        boolean hangUp = reply.endsWith(THEN_HANG_UP);
                        if (hangUp) {
                            reply = reply.substring(0, reply.length() - THEN_HANG_UP.length());
                        }
                        out.write(reply.getBytes(StandardCharsets.ISO_8859_1));
                        out.flush();
                        if (hangUp) {
                            return;
                        }
                    }
                }
            } catch (SocketTimeoutException e) {
                // A client that neither speaks nor closes: end the connection; settle() reports it if it matters.
            } catch (IOException e) {
                // The client reset the connection: the recording so far is what arrived.
            }
        }
    }
}
