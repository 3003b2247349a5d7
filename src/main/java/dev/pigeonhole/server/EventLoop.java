package dev.pigeonhole.server;

import dev.pigeonhole.protocol.ProtocolException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import jdk.net.ExtendedSocketOptions;

/**
 * The selector thread: accepts connections, reads and frames their input, hands complete requests to the
 * workers, writes replies and closes sockets. It never blocks on a client, so thousands of idle
 * connections cost no thread and a slow client never holds up another.
 *
 * <p>With an in-memory store it runs the requests itself ({@link #inline}): the mailbox work is a short
 * critical section that never blocks, cheaper than the two thread hand-offs a worker costs. With a store
 * that may block on I/O, requests go to the workers and the selector never runs mailbox work.
 *
 * <p>Workers talk to it through {@link #attention}: a connection with replies to write or a finished
 * session is queued, and the selector is woken once per batch of such notices.
 *
 * <p>Backpressure: while a connection has more than {@link #MAX_QUEUED} requests waiting or more than
 * {@link #MAX_BACKLOG} bytes of replies unwritten, it is not read (the bytes already read but not framed
 * are kept, at most one read buffer). A client that never reads its replies therefore costs a bounded
 * amount of memory, and TCP flow control pushes back on it.
 */
final class EventLoop implements Runnable {
    static final int MAX_QUEUED = 16;
    static final int MAX_BACKLOG = 64 * 1024;
    private static final int READ_BUFFER = 64 * 1024;
    private static final int ACCEPTS_PER_WAKEUP = 256;
    /** After a failed accept (say, out of file descriptors) the listening socket rests this long instead of spinning. */
    private static final long ACCEPT_BACKOFF_NANOS = 100_000_000L;
    /** Refused connections are logged at most once per this period, with a count of the ones not logged. */
    private static final long REFUSAL_LOG_NANOS = 1_000_000_000L;

    private final ServerConfig config;
    private final Selector selector;
    private final List<Listener> listeners;
    private final Mailboxes mailboxes;
    private final ExecutorService workers;
    private final ServerLog log;
    private final String address;
    private final Runnable onFailure;
    private final ByteBuffer readBuffer = ByteBuffer.allocate(READ_BUFFER);
    private final long idleNanos;
    private final long scanMillis;
    /**
     * Commands run on this thread as soon as they are read, instead of on a worker. Used when the store
     * never blocks (in memory): a command is then a few microseconds of in-memory work, and handing it to
     * a worker and the replies back costs two thread wake-ups, more than the command itself. A store that
     * writes to disk keeps the workers, so that its I/O never stalls the selector.
     */
    private final boolean inline;

    private final Queue<Connection> attention = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean wakeupPending = new AtomicBoolean();
    /** Requests queued and not yet handled, across all connections: shutdown waits for it to reach 0. */
    private final LongAdder pendingRequests = new LongAdder();

    private volatile boolean accepting = true;
    private volatile boolean running = true;

    // --- selector thread only
    private boolean acceptStopped;
    private final List<SelectionKey> acceptKeys = new ArrayList<>();
    private long acceptResumeAt;
    private boolean acceptResting;
    private long refusalLoggedAt;
    private int refusalsNotLogged;
    private int open;
    private long nextId;
    private long nextScan;
    /**
     * Sockets of closed connections whose keys were cancelled during this round. They are closed after the
     * next select, which deregisters the keys: the JDK closes a socket that is still registered with a
     * selector by shutting down its output first (getsockopt and shutdown calls) and closing the descriptor
     * later, whereas a deregistered socket is closed by one close call, which sends the FIN just the same.
     * Two fewer system calls per connection; the next select is then a non-blocking one, so no close waits.
     */
    private ArrayList<SocketChannel> closing = new ArrayList<>();
    /** The list {@link #closing} is swapped with at each select, so that no round allocates one. */
    private ArrayList<SocketChannel> closingSpare = new ArrayList<>();

    EventLoop(
            ServerConfig config,
            Selector selector,
            List<Listener> listeners,
            Mailboxes mailboxes,
            ExecutorService workers,
            String address,
            Runnable onFailure) {
        this.config = config;
        this.selector = selector;
        this.listeners = List.copyOf(listeners);
        this.mailboxes = mailboxes;
        this.workers = workers;
        this.log = config.log();
        this.address = address;
        this.onFailure = onFailure;
        this.idleNanos = config.idleTimeout().toNanos();
        // Check for idle connections often enough to close them within about a quarter of the timeout.
        this.scanMillis = Math.max(10, Math.min(1000, config.idleTimeout().toMillis() / 4));
        this.inline = config.store() == MessageStore.IN_MEMORY;
    }

    /** True if commands run on the selector thread; see {@link #inline}. */
    boolean inline() {
        return inline;
    }

    ServerLog log() {
        return log;
    }

    ExecutorService workers() {
        return workers;
    }

    void requestQueued() {
        pendingRequests.increment();
    }

    void requestDone() {
        pendingRequests.decrement();
    }

    long pendingRequests() {
        return pendingRequests.sum();
    }

    /** Any thread: asks the selector to look at {@code c} (write its replies, close it if its session is over). */
    void attention(Connection c) {
        if (c.attentionQueued.compareAndSet(false, true)) {
            attention.add(c);
            wakeup();
        }
    }

    /** Any thread: stop accepting and reading; requests already read are still handled and answered. */
    void stopAccepting() {
        accepting = false;
        wakeup();
    }

    /** Any thread: write what can be written without waiting, close every connection and end the loop. */
    void stop() {
        running = false;
        wakeup();
    }

    private void wakeup() {
        if (wakeupPending.compareAndSet(false, true)) {
            selector.wakeup();
        }
    }

    @Override
    public void run() {
        for (Listener l : listeners) {
            acceptKeys.add(l.channel().keyFor(selector));
        }
        refusalLoggedAt = System.nanoTime() - REFUSAL_LOG_NANOS;
        try {
            while (running) {
                ArrayList<SocketChannel> cancelled = closing;
                closing = closingSpare;
                closingSpare = cancelled; // emptied below; closeAll covers both lists if select throws
                if (cancelled.isEmpty()) {
                    selector.select(this::ready, scanMillis);
                } else {
                    selector.selectNow(this::ready);
                }
                closeDeregistered(cancelled);
                wakeupPending.set(false);
                if (!accepting && !acceptStopped) {
                    stopInput();
                }
                Connection c;
                while ((c = attention.poll()) != null) {
                    c.attentionQueued.set(false);
                    try {
                        attend(c);
                    } catch (RuntimeException e) {
                        failed(c, e);
                    }
                }
                long now = System.nanoTime();
                if (acceptResting && now - acceptResumeAt >= 0 && !acceptStopped) {
                    acceptResting = false;
                    for (SelectionKey k : acceptKeys) {
                        if (k.isValid()) {
                            k.interestOps(SelectionKey.OP_ACCEPT);
                        }
                    }
                }
                if (now - nextScan >= 0) {
                    nextScan = now + scanMillis * 1_000_000L;
                    closeIdle(now);
                }
            }
        } catch (IOException | RuntimeException | Error e) {
            log.log("selector failed, closing every connection: " + e);
            onFailure.run();
        } finally {
            closeAll();
        }
    }

    /** Handles one ready key (the selector's own set is not used, which saves its bookkeeping). */
    private void ready(SelectionKey key) {
        if (!key.isValid()) {
            return;
        }
        if (key.attachment() instanceof Connection c) {
            try {
                if (key.isWritable()) {
                    flush(c);
                }
                if (!c.closed && key.isValid() && key.isReadable()) {
                    read(c);
                }
            } catch (RuntimeException e) {
                failed(c, e);
            }
        } else if (key.attachment() instanceof Listener l && key.isAcceptable()) {
            accept(l);
        }
    }

    /** A bug met while serving {@code c} costs that connection, never the server (G1). */
    private void failed(Connection c, RuntimeException e) {
        log.log("internal error on " + c + ", connection closed: " + e);
        abort(c, "internal error");
    }

    private void accept(Listener listener) {
        for (int i = 0; i < ACCEPTS_PER_WAKEUP && accepting; i++) {
            SocketChannel ch;
            try {
                ch = listener.channel().accept();
            } catch (IOException e) {
                // For example too many open files: say so, keep serving the connections we have, and rest
                // the listening socket briefly so that the selector does not spin on it.
                log.log("accept failed, not accepting for " + ACCEPT_BACKOFF_NANOS / 1_000_000 + "ms: " + e);
                for (SelectionKey k : acceptKeys) {
                    if (k.isValid()) {
                        k.interestOps(0);
                    }
                }
                acceptResting = true;
                acceptResumeAt = System.nanoTime() + ACCEPT_BACKOFF_NANOS;
                return;
            }
            if (ch == null) {
                return;
            }
            // Over a Unix socket the kernel says who connected; read once, here, before any byte is read.
            String osUser = null;
            if (listener.verifiesNames()) {
                osUser = peerUser(ch);
                if (osUser == null) {
                    closeQuietly(ch);
                    log.log("closed a connection on " + listener + " at once: its peer's user is unknown");
                    continue;
                }
            }
            String peer = osUser == null ? peer(ch) : "unix:" + osUser;
            if (open >= config.maxConnections()) {
                closeQuietly(ch);
                logRefusal(peer);
                continue;
            }
            try {
                ch.configureBlocking(false);
                if (!listener.verifiesNames()) {
                    ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                }
                // A trusted OS user (a gateway) may LOGIN under any name; everyone else over the socket, only
                // under their own.
                String loginAs = osUser == null || config.trustedSocketUsers().contains(osUser) ? null : osUser;
                Connection c = new Connection(++nextId, ch, peer, loginAs, mailboxes, config.maxMessage(), this);
                c.lastActivityNanos = System.nanoTime();
                c.key = ch.register(selector, SelectionKey.OP_READ, c);
                open++;
                if (inline) {
                    // A client usually sends LOGIN right after connecting, so it is often here already:
                    // reading now saves a selector round per connection (most of them are short sessions).
                    read(c);
                }
            } catch (IOException e) {
                closeQuietly(ch);
            }
        }
    }

    /** One line per refused connection, but at most one a second under a flood (with the count of the rest). */
    private void logRefusal(String peer) {
        long now = System.nanoTime();
        if (now - refusalLoggedAt < REFUSAL_LOG_NANOS) {
            refusalsNotLogged++;
            return;
        }
        String more = refusalsNotLogged == 0 ? "" : " (and " + refusalsNotLogged + " more since the last such line)";
        log.log("connection limit reached (" + config.maxConnections() + "): closed " + peer + " at once" + more);
        refusalLoggedAt = now;
        refusalsNotLogged = 0;
    }

    private void read(Connection c) {
        ByteBuffer buf = readBuffer.clear();
        int n;
        try {
            n = c.channel.read(buf);
        } catch (IOException e) {
            abort(c, "read failed: " + e.getMessage());
            return;
        }
        if (n < 0) {
            // The client closed its side. Answer what it sent before, then close (a half-closed nc gets its replies).
            c.inputDone = true;
            interest(c, c.key.interestOps() & ~SelectionKey.OP_READ);
            queueClosed(c, "closed by client");
            if (inline) {
                flush(c);
            }
            return;
        }
        c.lastActivityNanos = System.nanoTime();
        consume(c, buf.flip());
        if (inline && !c.closed) {
            flush(c); // the replies of everything just handled, in one write
        }
    }

    /** Frames {@code buf} into requests for {@code c}, stopping early (and keeping the rest) under backpressure. */
    private void consume(Connection c, ByteBuffer buf) {
        try {
            Request r;
            int handled = 0;
            while ((r = c.reader.next(buf)) != null) {
                if (r == Request.OVERSIZED) {
                    log.log("message limit (" + config.maxMessage() + " bytes) exceeded by " + c
                            + ": line skipped, answered MESSAGE FAILED");
                }
                int queued = c.enqueue(r);
                if (c.reader.ended()) {
                    c.inputDone = true;
                    interest(c, c.key.interestOps() & ~SelectionKey.OP_READ);
                    return;
                }
                if (queued >= MAX_QUEUED) {
                    pauseReading(c, buf);
                    return;
                }
                // Inline, nothing is queued: each request is answered as it is read. Checking the backlog every
                // MAX_QUEUED requests keeps the same bound as with workers (one read of 5-byte READs could
                // otherwise pile up thousands of replies).
                if (inline && ++handled % MAX_QUEUED == 0 && backlog(c) >= MAX_BACKLOG) {
                    pauseReading(c, buf);
                    return;
                }
            }
            // Checked once per read rather than per request: until the next read, the backlog can grow by at
            // most MAX_QUEUED replies.
            if (backlog(c) >= MAX_BACKLOG) {
                pauseReading(c, buf);
            }
        } catch (ProtocolException e) {
            log.log("dropped " + c + ": " + e.rule() + " " + e.problem() + " [" + e.excerpt() + "]");
            // Nothing more is read and the bad line gets no reply (P10), but the valid lines before it were
            // handled, or are queued: their replies go out first, then the session closes in order. Closing
            // at once would drop replies the client is owed, and a READ already confirmed by a later line
            // would have removed a message nobody received.
            c.inputDone = true;
            c.unread = null;
            interest(c, c.key.interestOps() & ~SelectionKey.OP_READ);
            queueClosed(c, e.rule() + " violation");
        }
    }

    /** Stops reading {@code c} until its worker catches up, keeping bytes already read but not framed. */
    private void pauseReading(Connection c, ByteBuffer buf) {
        if (buf.hasRemaining()) {
            c.unread = ByteBuffer.allocate(buf.remaining()).put(buf).flip();
        }
        c.readPaused = true;
        interest(c, c.key.interestOps() & ~SelectionKey.OP_READ);
    }

    /** A worker finished a batch for {@code c}: write replies, resume reading, or close. */
    private void attend(Connection c) {
        if (c.closed) {
            return;
        }
        flush(c);
        if (!c.closed && c.readPaused) {
            maybeResume(c);
        }
    }

    private void maybeResume(Connection c) {
        if (c.queued() >= MAX_QUEUED / 2 || backlog(c) >= MAX_BACKLOG / 2) {
            return;
        }
        c.readPaused = false;
        if (c.inputDone) {
            c.unread = null; // the server is stopping: bytes not yet framed are not commands in flight
            return;
        }
        ByteBuffer unread = c.unread;
        c.unread = null;
        if (unread != null) {
            consume(c, unread);
            if (inline && !c.closed) {
                // Replies to what was just handled wait in the outbox. Flushing here could recurse (flush
                // resumes reading), so the connection is queued for this loop's attention pass instead.
                attention(c);
            }
        }
        if (!c.closed && !c.readPaused && !c.inputDone && accepting) {
            interest(c, c.key.interestOps() | SelectionKey.OP_READ);
        }
    }

    /** Writes as many waiting replies as the socket takes now; closes a finished connection once all are out. */
    private void flush(Connection c) {
        try {
            while (true) {
                if (c.writing == null || !c.writing.hasRemaining()) {
                    ByteBuffer next = c.outbox.take(c.writing);
                    if (next == null) {
                        break;
                    }
                    c.writing = next;
                }
                int before = c.writing.remaining();
                c.channel.write(c.writing);
                if (c.writing.remaining() < before) {
                    c.lastActivityNanos = System.nanoTime();
                }
                if (c.writing.hasRemaining()) {
                    interest(c, c.key.interestOps() | SelectionKey.OP_WRITE);
                    return; // the socket is full; OP_WRITE brings us back
                }
            }
        } catch (IOException e) {
            abort(c, "write failed: " + e.getMessage());
            return;
        }
        interest(c, c.key.interestOps() & ~SelectionKey.OP_WRITE);
        if (c.closeRequested) {
            close(c);
        } else if (c.readPaused) {
            maybeResume(c);
        }
    }

    private int backlog(Connection c) {
        return c.outbox.size() + (c.writing == null ? 0 : c.writing.remaining());
    }

    private void closeIdle(long now) {
        ArrayList<Connection> idle = null;
        for (SelectionKey key : selector.keys()) {
            if (key.attachment() instanceof Connection c
                    && !c.closed
                    && now - c.lastActivityNanos > idleNanos
                    && !c.busy()) {
                if (idle == null) {
                    idle = new ArrayList<>();
                }
                idle.add(c);
            }
        }
        if (idle != null) {
            for (Connection c : idle) {
                log.log("idle timeout (" + ServerLog.format(config.idleTimeout()) + "): closed " + c);
                abort(c, "idle timeout");
            }
        }
    }

    /** Stops accepting and reading everywhere; requests already read are still answered. */
    private void stopInput() {
        acceptStopped = true;
        closeListeners();
        for (SelectionKey key : selector.keys()) {
            if (key.attachment() instanceof Connection c && !c.closed) {
                c.inputDone = true;
                interest(c, key.interestOps() & ~SelectionKey.OP_READ);
            }
        }
    }

    /** Closes {@code c} now, without writing anything more; its session is told so that nothing is lost. */
    private void abort(Connection c, String reason) {
        close(c);
        queueClosed(c, reason == null ? "dropped" : reason);
    }

    private void queueClosed(Connection c, String reason) {
        if (!c.closedQueued) {
            c.closedQueued = true;
            c.enqueue(new Request.Closed(reason));
        }
    }

    private void close(Connection c) {
        if (c.closed) {
            return;
        }
        c.closed = true;
        c.inputDone = true;
        c.unread = null;
        c.writing = null;
        open--;
        c.key.cancel();
        closing.add(c.channel); // closed after the next select; see closing
    }

    /** Closes the sockets in {@code cancelled}, whose keys a select has deregistered since, and empties it. */
    private static void closeDeregistered(List<SocketChannel> cancelled) {
        for (int i = 0, n = cancelled.size(); i < n; i++) {
            closeQuietly(cancelled.get(i));
        }
        cancelled.clear();
    }

    private void closeAll() {
        for (SelectionKey key : selector.keys()) {
            if (key.attachment() instanceof Connection c && !c.closed) {
                flushOnce(c);
                close(c);
            }
        }
        // Still registered, some of them: the JDK then closes each one when the selector closes.
        closeDeregistered(closingSpare);
        closeDeregistered(closing);
        closeListeners();
        try {
            selector.close();
        } catch (IOException e) {
            log.log("closing the selector failed: " + e);
        }
    }

    /** One last attempt, without waiting, to write replies that are ready. */
    private void flushOnce(Connection c) {
        try {
            if (c.writing != null && c.writing.hasRemaining()) {
                c.channel.write(c.writing);
            }
            if (c.writing == null || !c.writing.hasRemaining()) {
                ByteBuffer rest = c.outbox.take(c.writing);
                if (rest != null) {
                    c.channel.write(rest);
                }
            }
        } catch (IOException e) {
            // Closing anyway.
        }
    }

    private void interest(Connection c, int ops) {
        if (!c.closed && c.key.isValid() && c.key.interestOps() != ops) {
            c.key.interestOps(ops);
        }
    }

    /** Closes every listening socket (removing a Unix socket's file). */
    private void closeListeners() {
        for (Listener l : listeners) {
            try {
                l.close();
            } catch (IOException e) {
                log.log("closing " + l + " failed: " + e);
            }
        }
    }

    /** The login name of the user at the other end of a Unix socket connection, or null if the OS cannot say. */
    private static String peerUser(SocketChannel ch) {
        try {
            return ch.getOption(ExtendedSocketOptions.SO_PEERCRED).user().getName();
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
    }

    private static String peer(SocketChannel ch) {
        try {
            if (ch.getRemoteAddress() instanceof InetSocketAddress a) {
                return a.getAddress().getHostAddress() + ":" + a.getPort();
            }
        } catch (IOException e) {
            // fall through
        }
        return "unknown peer";
    }

    private static void closeQuietly(java.io.Closeable c) {
        try {
            c.close();
        } catch (IOException e) {
            // Nothing useful to do: the peer is gone either way.
        }
    }

    String address() {
        return address;
    }
}
