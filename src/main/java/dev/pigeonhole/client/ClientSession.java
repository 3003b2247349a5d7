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
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

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
 *   <li>All of this holds over every transport an {@link Endpoint} names. Over ssh, a connection that ends
 *       because ssh (or the remote bridge) failed is thrown as an {@link SshFailure} in ssh's own words.</li>
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

    private final Transport transport;
    private final OutputStream out;
    private final DeadlineInputStream deadlineIn;
    private final LineReader in;
    private final long readTimeoutNanos;
    private final int maxMessage;
    /** Guarded by {@code this}; volatile so that {@link #user()} needs no lock. */
    private volatile String user;
    /** Written under no lock by {@link #close}, from any thread; volatile so every thread sees it at once. */
    private volatile boolean open = true;

    private ClientSession(Transport transport, Duration readTimeout, int maxMessage) {
        this.transport = transport;
        this.out = new BufferedOutputStream(transport.output(), 8192);
        this.deadlineIn = new DeadlineInputStream(transport);
        this.in = new LineReader(deadlineIn);
        this.readTimeoutNanos = Deadlines.nanos(readTimeout);
        this.maxMessage = maxMessage;
    }

    /**
     * Opens a connection to {@code endpoint}. Over ssh this starts the ssh process; whether it reached the
     * server shows at the first exchange, which then fails with an {@link SshFailure} in ssh's words.
     *
     * @param connectTimeout how long to wait for the connection (TCP and Unix sockets)
     * @param readTimeout    how long to wait for any one reply before giving up on the connection
     * @param maxMessage     the longest message {@link #compose} accepts (the server's limit, P4)
     * @throws IOException if the connection cannot be made in time
     */
    public static ClientSession open(Endpoint endpoint, Duration connectTimeout, Duration readTimeout, int maxMessage)
            throws IOException {
        if (maxMessage < 0) {
            throw new IllegalArgumentException("maxMessage < 0: " + maxMessage);
        }
        Transport transport;
        if (endpoint instanceof Endpoint.Tcp tcp) {
            transport = TcpTransport.connect(tcp, connectTimeout);
        } else if (endpoint instanceof Endpoint.UnixSocket unix) {
            transport = UnixSocketTransport.connect(unix, connectTimeout);
        } else {
            transport = SshTransport.start((Endpoint.Ssh) endpoint);
        }
        return new ClientSession(transport, readTimeout, maxMessage);
    }

    /**
     * Connects to {@code host:port} over TCP.
     *
     * @see #open(Endpoint, Duration, Duration, int)
     */
    public static ClientSession connect(
            String host, int port, Duration connectTimeout, Duration readTimeout, int maxMessage) throws IOException {
        return open(new Endpoint.Tcp(host, port), connectTimeout, readTimeout, maxMessage);
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
        transport.close();
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

    /** The server's address: {@code ip:port}, {@code unix:PATH} or {@code ssh:[USER@]HOST}. */
    public String peer() {
        return transport.peer();
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
            IOException explained = transport.explain(e);
            close();
            throw explained;
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
            IOException explained = transport.explain(e);
            close();
            if (explained != e) {
                throw explained;
            }
            throw new SocketTimeoutException("no complete reply from " + peer() + " within the read timeout");
        } catch (IOException e) {
            IOException explained = transport.explain(e);
            close();
            throw explained;
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
     * The transport's stream with one deadline for a whole reply, not for each read: a server that trickles
     * a byte just before every read timeout would otherwise hold an exchange for as long as it likes.
     * Used only by the thread holding the session's lock.
     */
    private static final class DeadlineInputStream extends InputStream {
        private final Transport transport;
        private long deadline;

        DeadlineInputStream(Transport transport) {
            this.transport = transport;
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
            return transport.read(b, off, len, left);
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xFF;
        }
    }

    @Override
    public String toString() {
        return "ClientSession[" + peer() + ", user=" + Objects.requireNonNullElse(user, "-") + ", open=" + open + "]";
    }
}
