package dev.pigeonhole.client;

import dev.pigeonhole.protocol.Command;
import dev.pigeonhole.protocol.InvalidInputException;
import dev.pigeonhole.protocol.Limits;
import dev.pigeonhole.protocol.LineReader;
import dev.pigeonhole.protocol.ProtocolException;
import dev.pigeonhole.protocol.Reply;
import dev.pigeonhole.protocol.Validation;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One connection to a Pigeonhole server, speaking the protocol for its user.
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li>Every argument is checked against P2-P4 (with the {@code protocol} package's {@link Validation},
 *       the same code the server uses) before a single byte is written. An invalid argument throws
 *       {@link InvalidInputException} with a sentence for the user; nothing was sent and the session stays
 *       usable.</li>
 *   <li>Every reply is checked. An unexpected reply (P10), a reply cut short, a timeout or any I/O error
 *       closes the connection and is thrown as an {@link IOException} ({@link ProtocolException} for a
 *       broken rule, carrying a sanitized excerpt). After that every call throws {@link IllegalStateException}.</li>
 *   <li>Calls out of order ({@link #compose} before {@link #login}, a second login) throw
 *       {@link IllegalStateException} and send nothing.</li>
 * </ul>
 *
 * <h2>Threading</h2>
 * The exchanges ({@link #login}, {@link #compose}, {@link #read}, {@link #exit}) are {@code synchronized}:
 * a session may be handed between threads, and calls from several threads run one at a time, each waiting
 * for the one before to finish. An exchange waits at most the read timeout for its whole reply, however
 * slowly a server trickles it, so never call one from a UI thread; the terminal client drives its session
 * from one background thread. {@link #close}, {@link #isOpen} and the accessors take no lock: any thread
 * may close the session at any time, and an exchange blocked on the server then fails at once with an
 * {@link IOException} instead of holding the closing thread for up to the read timeout.
 */
public final class ClientSession implements AutoCloseable {
    /** The longest reply line accepted; a generous bound so that a server with a larger limit still works. */
    private static final int MAX_REPLY_LINE = 1 << 20;

    private final Socket socket;
    private final OutputStream out;
    private final DeadlineInputStream deadlineIn;
    private final LineReader in;
    private final long readTimeoutNanos;
    private final int maxMessage;
    private final String peer;
    /** Guarded by {@code this}; volatile so that {@link #user()} needs no lock. */
    private volatile String user;
    /** Written under no lock by {@link #close}, from any thread; volatile so every thread sees it at once. */
    private volatile boolean open = true;

    private ClientSession(Socket socket, Duration readTimeout, int maxMessage) throws IOException {
        this.socket = socket;
        this.out = new BufferedOutputStream(socket.getOutputStream(), 8192);
        this.deadlineIn = new DeadlineInputStream(socket);
        this.in = new LineReader(deadlineIn);
        this.readTimeoutNanos = DeadlineInputStream.nanos(readTimeout);
        this.maxMessage = maxMessage;
        String address = socket.getInetAddress().getHostAddress();
        this.peer = (address.indexOf(':') >= 0 ? "[" + address + "]" : address) + ":" + socket.getPort();
    }

    /**
     * Connects to {@code host:port}.
     *
     * @param connectTimeout how long to wait for the connection
     * @param readTimeout    how long to wait for any one reply before giving up on the connection
     * @param maxMessage     the longest message {@link #compose} accepts (the server's limit, P4)
     * @throws IOException if the connection cannot be made in time
     */
    public static ClientSession connect(
            String host, int port, Duration connectTimeout, Duration readTimeout, int maxMessage) throws IOException {
        if (maxMessage < 0) {
            throw new IllegalArgumentException("maxMessage < 0: " + maxMessage);
        }
        long deadline = System.nanoTime() + DeadlineInputStream.nanos(connectTimeout);
        InetAddress address = resolve(host, connectTimeout);
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw new SocketTimeoutException("connect timed out");
        }
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.connect(new InetSocketAddress(address, port), DeadlineInputStream.millis(left));
            return new ClientSession(s, readTimeout, maxMessage);
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /**
     * Threads for host name lookups. {@link InetAddress#getByName} cannot be interrupted or given a timeout,
     * so it runs here while the caller waits at most its connect timeout: a slow DNS server must not hold a
     * prompt hook ({@code count --timeout 300ms}) for the resolver's own timeout of several seconds. A lookup
     * the caller gave up on finishes (or fails) on its own daemon thread.
     */
    private static final ExecutorService RESOLVER = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "pigeonhole-resolver");
        t.setDaemon(true);
        return t;
    });

    /** {@code host}'s address, looked up within {@code timeout}; literal addresses need no lookup. */
    private static InetAddress resolve(String host, Duration timeout) throws IOException {
        Future<InetAddress> lookup = RESOLVER.submit(() -> InetAddress.getByName(host));
        try {
            return lookup.get(DeadlineInputStream.nanos(timeout), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            lookup.cancel(true);
            throw new SocketTimeoutException("looking up " + host + " timed out");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io; // UnknownHostException above all
            }
            throw new IOException("cannot look up " + host + ": " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while looking up " + host);
        }
    }

    /** {@link #connect(String, int, Duration, Duration, int)} with 10 s timeouts and the default message limit. */
    public static ClientSession connect(String host, int port) throws IOException {
        return connect(host, port, Duration.ofSeconds(10), Duration.ofSeconds(10), Limits.DEFAULT_MAX_MESSAGE);
    }

    /**
     * Logs in (P5) and returns how many messages wait for {@code user} on the server.
     *
     * @throws InvalidInputException if {@code user} is not a valid user name (nothing is sent)
     */
    public synchronized long login(String user) throws IOException {
        Validation.requireUsername("user name", user);
        requireOpen();
        if (this.user != null) {
            throw new IllegalStateException("already logged in as " + this.user);
        }
        send(new Command.Login(user).line(), null);
        long count = checked(() -> Reply.parseCount(receive()));
        this.user = user;
        return count;
    }

    /**
     * Sends {@code text} to {@code recipient} (P7) and returns the server's answer.
     *
     * @throws InvalidInputException if the recipient or the text is invalid (nothing is sent)
     */
    public synchronized Reply.ComposeStatus compose(String recipient, String text) throws IOException {
        Validation.requireUsername("recipient", recipient);
        Validation.requireMessage(text, maxMessage);
        requireLoggedIn();
        send(new Command.Compose(recipient).line(), text);
        return checked(() -> Reply.parseComposeStatus(receive()));
    }

    /** Reads and removes the earliest message waiting (P8); empty if the server answered READ ERROR. */
    public synchronized Optional<Reply.Message> read() throws IOException {
        requireLoggedIn();
        send(Command.READ.line(), null);
        return checked(() -> {
            String sender = Reply.parseSender(receive());
            if (sender == null) {
                return Optional.empty();
            }
            String text = Reply.parseMessageText(receive(), MAX_REPLY_LINE);
            return Optional.of(new Reply.Message(sender, text));
        });
    }

    /** Sends EXIT (P9) if the session is usable, then closes the connection. Never throws. */
    public synchronized void exit() {
        if (open && user != null) {
            try {
                send(Command.EXIT.line(), null);
            } catch (IOException ignored) {
                // The server may already be gone; closing is all that is left to do.
            }
        }
        close();
    }

    /**
     * Closes the connection without EXIT. Idempotent, takes no lock, and may be called from any thread: an
     * exchange blocked on the server in another thread then fails with an {@link IOException}.
     */
    @Override
    public void close() {
        open = false;
        try {
            socket.close();
        } catch (IOException ignored) {
            // Nothing useful can be done about a failed close.
        }
    }

    /** True until the session is closed or broken by an error. */
    public boolean isOpen() {
        return open;
    }

    /** The logged-in user, or {@code null} before {@link #login}. */
    public String user() {
        return user;
    }

    /** The longest message this session accepts. */
    public int maxMessage() {
        return maxMessage;
    }

    /** The server's address as {@code ip:port}. */
    public String peer() {
        return peer;
    }

    private void send(String line, String messageLine) throws IOException {
        try {
            out.write(line.getBytes(StandardCharsets.US_ASCII));
            out.write('\n');
            if (messageLine != null) {
                out.write(messageLine.getBytes(StandardCharsets.US_ASCII));
                out.write('\n');
            }
            out.flush();
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    private String receive() throws IOException {
        try {
            String line = in.readLine(MAX_REPLY_LINE);
            if (line == null) {
                throw new EOFException("the server closed the connection");
            }
            return line;
        } catch (SocketTimeoutException e) {
            close();
            throw new SocketTimeoutException("no complete reply from " + peer + " within the read timeout");
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    /** A reply step whose failure, of any kind, must end the connection (P10). */
    private interface ReplyStep<T> {
        T run() throws IOException;
    }

    private <T> T checked(ReplyStep<T> step) throws IOException {
        deadlineIn.expireIn(readTimeoutNanos);
        try {
            return step.run();
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    private void requireOpen() {
        if (!open) {
            throw new IllegalStateException("the session is closed");
        }
    }

    private void requireLoggedIn() {
        requireOpen();
        if (user == null) {
            throw new IllegalStateException("not logged in");
        }
    }

    /**
     * The socket's stream with one deadline for a whole reply, not for each read: a server that trickles
     * a byte just before every read timeout would otherwise hold an exchange for as long as it likes.
     * Used only by the thread holding the session's lock.
     */
    private static final class DeadlineInputStream extends java.io.FilterInputStream {
        private final Socket socket;
        private long deadline;

        DeadlineInputStream(Socket socket) throws IOException {
            super(socket.getInputStream());
            this.socket = socket;
        }

        void expireIn(long nanos) {
            deadline = System.nanoTime() + nanos;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new SocketTimeoutException("reply deadline passed");
            }
            // Cheap on the NIO-based socket of JDK 13+: the timeout is a field consulted by the poll.
            socket.setSoTimeout(millis(left));
            return super.read(b, off, len);
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xFF;
        }

        /** {@code d} in nanoseconds, at least 1, and capped (at 73 years) so that deadline arithmetic never overflows. */
        static long nanos(Duration d) {
            long cap = Long.MAX_VALUE / 4;
            return d.compareTo(Duration.ofNanos(cap)) >= 0 ? cap : Math.max(1, d.toNanos());
        }

        /** A positive socket timeout in milliseconds (0 would mean "wait forever"), rounded up. */
        static int millis(long nanos) {
            long ms = (Math.max(1, nanos) + 999_999) / 1_000_000;
            return (int) Math.min(Integer.MAX_VALUE, ms);
        }
    }

    @Override
    public String toString() {
        return "ClientSession[" + peer + ", user=" + Objects.requireNonNullElse(user, "-") + ", open=" + open + "]";
    }
}
