package dev.pigeonhole.server;

import dev.pigeonhole.protocol.ProtocolException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;

/**
 * One accepted client, owned by one event loop: it reads and frames the client's bytes ({@link RequestReader}),
 * queues the requests, runs them in order through its {@link Session}, writes the replies and closes. Every
 * method but {@link #answered} runs on the owning loop's thread (asserted), so no field needs a lock.
 *
 * <p>The loop talks to it through a few methods: {@link #readable}, {@link #writable}, {@link #abort},
 * {@link #stopInput}, {@link #idle}, {@link #flushOnce}; it talks to the loop through {@link Host}. Between
 * requests, while it only waits for its client ({@link #movable}), it may move to another loop
 * ({@link #moveTo}), handed over through that loop's task queue, so that the new loop sees all the old one
 * wrote.
 *
 * <p>Store calls: a request that needs the store returns a {@link Session.Pending}; the connection keeps
 * reading (up to {@link #MAX_QUEUED} requests) but runs nothing more until the store answers it. The answer
 * comes to {@link #answered}, the one place that goes on: on this loop's thread (an in-memory store, during
 * the call) it continues now, from any other thread (the journal's writer) it posts the continuation to this
 * loop ({@link Host#execute}). One code path serves both stores.
 *
 * <p>Backpressure: while more than {@link #MAX_QUEUED} requests wait or more than {@link #MAX_BACKLOG} bytes of
 * replies are unwritten, the connection is not read (the bytes already read but not framed are kept, at most
 * one read buffer). A client that never reads its replies costs a bounded amount of memory, and flow control
 * pushes back on it.
 */
final class Connection implements Session.Waiter {
    static final int MAX_QUEUED = 16;
    static final int MAX_BACKLOG = 64 * 1024;

    /** What a connection needs from the event loop that owns it. */
    interface Host {
        /** The loop's read buffer, shared by its connections (one read at a time). */
        ByteBuffer readBuffer();

        /** True on the loop's own thread. */
        boolean inLoop();

        /** Any thread: runs {@code task} on the loop's thread soon, after what it is doing now. */
        void execute(Runnable task);

        /** {@code c} is closed: forget it, close its socket after the next select. */
        void closed(Connection c, SocketChannel channel);

        /** A request was queued ({@code +1}) or finished ({@code -1}); shutdown waits for none to be left. */
        void requests(int delta);

        /** False once the server stops accepting: no connection is read any more. */
        boolean accepting();

        ServerLog log();
    }

    private final long id;
    private final SocketChannel channel;
    private final String peer;
    /** Whom {@code --max-connections-per-address} counts this connection for: an address or an OS user. */
    private final String peerKey;

    private final RequestReader reader;
    private final Session session;
    private final Outbox outbox = new Outbox();
    /** Requests read and not yet run, oldest first. */
    private final ArrayDeque<Request> requests = new ArrayDeque<>(4);

    /** The loop that owns this connection; another one after {@link #moveTo}. */
    private Host host;

    private final int maxMessage;
    private SelectionKey key;

    /** Replies being written, in read mode; swapped with {@link Outbox#take}. */
    private ByteBuffer writing;
    /** Bytes read but not yet framed because reading was paused for backpressure. */
    private ByteBuffer unread;

    private boolean readPaused;
    /** No more requests are read: EXIT, end of stream, a protocol error, or the server is stopping. */
    private boolean inputDone;
    /** A {@link Request.Closed} was queued (at most one is). */
    private boolean closedQueued;
    /** The session is over (EXIT or Closed handled): close once the replies are written. */
    private boolean closeRequested;

    private boolean closed;
    private long lastActivityNanos;
    /** When the line now partly read began arriving, or 0 if no line is partly read. */
    private long partialLineSince;

    /** The store call the session waits for, or null: requests wait behind it. */
    private Session.Pending waiting;
    /**
     * A store call answered on this loop during the session call that started it, before the session returned
     * it (an in-memory store), and its answer: the call goes on as soon as the session returns it.
     */
    private Session.Pending answeredEarly;

    private Throwable earlyFailure;

    /** A connection whose COMPOSE goes only to {@code recipients} (null: to any name, as over TCP). */
    Connection(
            long id,
            SocketChannel channel,
            String peer,
            String peerKey,
            String loginAs,
            Mailboxes mailboxes,
            StoreWrites store,
            int maxMessage,
            Host host,
            Accounts recipients) {
        this.id = id;
        this.channel = channel;
        this.peer = peer;
        this.peerKey = peerKey;
        this.reader = new RequestReader(maxMessage, loginAs);
        this.session = new Session(mailboxes, store, this, recipients);
        this.maxMessage = maxMessage;
        this.host = host;
        this.lastActivityNanos = System.nanoTime();
    }

    /** Called once, right after the channel is registered with the loop's selector. */
    void registered(SelectionKey key) {
        assert host.inLoop();
        this.key = key;
    }

    boolean closed() {
        return closed;
    }

    String peerKey() {
        return peerKey;
    }

    // ---- reading and running requests

    /** The socket has bytes (or end of stream): frame them, run what is complete, write the replies. */
    void readable() {
        assert host.inLoop();
        if (closed || inputDone) {
            return;
        }
        ByteBuffer buf = host.readBuffer().clear();
        int n;
        try {
            n = channel.read(buf);
        } catch (IOException e) {
            abort("read failed: " + e.getMessage());
            return;
        }
        if (n < 0) {
            // The client closed its side. Answer what it sent before, then close (a half-closed nc gets its replies).
            inputDone = true;
            interest(key.interestOps() & ~SelectionKey.OP_READ);
            queueClosed("closed by client");
            flush();
            return;
        }
        lastActivityNanos = System.nanoTime();
        consume(buf.flip());
        flush(); // the replies of everything just run, in one write
    }

    /** Frames {@code buf} into requests and runs them, stopping early (and keeping the rest) under backpressure. */
    private void consume(ByteBuffer buf) {
        long linesBefore = reader.lines();
        try {
            frame(buf);
        } finally {
            if (!reader.midLine()) {
                partialLineSince = 0;
            } else if (partialLineSince == 0 || reader.lines() != linesBefore) {
                partialLineSince = System.nanoTime(); // a new line began in this read
            }
        }
    }

    private void frame(ByteBuffer buf) {
        try {
            Request r;
            while ((r = reader.next(buf)) != null) {
                if (r == Request.OVERSIZED) {
                    host.log()
                            .repeated(
                                    "message limit exceeded",
                                    "by " + this,
                                    () -> "message limit (" + maxMessage + " bytes) exceeded by " + this
                                            + ": line skipped, answered MESSAGE FAILED");
                }
                queue(r);
                if (reader.ended()) {
                    inputDone = true;
                    interest(key.interestOps() & ~SelectionKey.OP_READ);
                    return;
                }
                if (requests.size() >= MAX_QUEUED || backlog() >= MAX_BACKLOG) {
                    pauseReading(buf);
                    return;
                }
            }
        } catch (ProtocolException e) {
            host.log()
                    .repeated(
                            "dropped for a protocol violation",
                            "by " + this,
                            () -> "dropped " + this + ": " + e.rule() + " " + e.problem() + " [" + e.excerpt() + "]");
            // Nothing more is read and the bad line gets no reply (P10), but the valid lines before it were
            // handled, or are queued: their replies go out first, then the session closes in order. Closing
            // at once would drop replies the client is owed, and a READ already confirmed by a later line
            // would have removed a message nobody received.
            inputDone = true;
            unread = null;
            interest(key.interestOps() & ~SelectionKey.OP_READ);
            queueClosed(e.rule() + " violation");
        }
    }

    private void queue(Request r) {
        requests.addLast(r);
        host.requests(1);
        runRequests();
    }

    /** Runs queued requests in order until one waits for the store or none is left. */
    private void runRequests() {
        while (waiting == null) {
            Request r = requests.pollFirst();
            if (r == null) {
                return;
            }
            proceed(call(r, null, null));
        }
    }

    /**
     * After a session call that returned {@code p}: goes on at once while the store answered during the call,
     * then waits for {@code p}, or counts the request done.
     */
    private void proceed(Session.Pending p) {
        while (p != null && p == answeredEarly) {
            Throwable failure = earlyFailure;
            answeredEarly = null;
            earlyFailure = null;
            p = call(null, p, failure);
        }
        waiting = p;
        if (p == null) {
            host.requests(-1);
            if (session.finished()) {
                closeRequested = true;
            }
        }
    }

    /**
     * A session call: request {@code r}, or else finishing {@code p} with the store's answer. A bug must cost
     * this connection, never the server (G1).
     */
    private Session.Pending call(Request r, Session.Pending p, Throwable failure) {
        try {
            return r != null ? session.handle(r, outbox) : p.finish(failure, outbox);
            // An Error (out of memory, say) is not caught: the thread's death ends the process (see Fatal).
        } catch (RuntimeException e) {
            host.log()
                    .repeated("internal error", "on " + this, () -> "internal error on connection " + this + ": " + e);
            session.abandon(); // as if the connection broke: a message in flight goes back, nothing is lost
            closeRequested = true;
            return null;
        }
    }

    /**
     * {@link Session.Waiter}, any thread: the store answered {@code p}. The one place that goes on after the
     * store: in the loop, run; else post to the loop.
     */
    @Override
    public void answered(Session.Pending p, Throwable failure) {
        if (host.inLoop()) {
            resume(p, failure);
        } else {
            host.execute(() -> resume(p, failure));
        }
    }

    /** On the loop: finishes {@code p}, runs the requests waiting behind it and writes the replies. */
    private void resume(Session.Pending p, Throwable failure) {
        assert host.inLoop();
        if (p != waiting) {
            // Answered during the session call that started it: proceed() takes it when the call returns.
            assert waiting == null && answeredEarly == null;
            answeredEarly = p;
            earlyFailure = failure;
            return;
        }
        waiting = null;
        proceed(call(null, p, failure));
        runRequests();
        if (!closed) {
            flush();
        }
    }

    /** Stops reading until the replies and requests drain, keeping bytes already read but not framed. */
    private void pauseReading(ByteBuffer buf) {
        if (buf.hasRemaining()) {
            unread = ByteBuffer.allocate(buf.remaining()).put(buf).flip();
        }
        readPaused = true;
        interest(key.interestOps() & ~SelectionKey.OP_READ);
    }

    private void maybeResumeReading() {
        if (requests.size() >= MAX_QUEUED / 2 || backlog() >= MAX_BACKLOG / 2) {
            return;
        }
        readPaused = false;
        if (inputDone) {
            unread = null; // the server is stopping: bytes not yet framed are not commands in flight
            return;
        }
        ByteBuffer rest = unread;
        unread = null;
        if (rest != null) {
            consume(rest);
            // Replies to what was just run wait in the outbox. Flushing here could recurse (flush resumes
            // reading), so OP_WRITE brings the loop back to write them.
            if (outbox.size() > 0) {
                interest(key.interestOps() | SelectionKey.OP_WRITE);
            }
        }
        if (!closed && !readPaused && !inputDone && host.accepting()) {
            interest(key.interestOps() | SelectionKey.OP_READ);
        }
    }

    // ---- writing and closing

    /** The socket takes bytes again. */
    void writable() {
        assert host.inLoop();
        flush();
    }

    /** Writes as many waiting replies as the socket takes now; closes a finished connection once all are out. */
    private void flush() {
        if (closed) {
            return;
        }
        try {
            while (true) {
                if (writing == null || !writing.hasRemaining()) {
                    ByteBuffer next = outbox.take(writing);
                    if (next == null) {
                        break;
                    }
                    writing = next;
                }
                int before = writing.remaining();
                channel.write(writing);
                if (writing.remaining() < before) {
                    lastActivityNanos = System.nanoTime();
                }
                if (writing.hasRemaining()) {
                    interest(key.interestOps() | SelectionKey.OP_WRITE);
                    return; // the socket is full; OP_WRITE brings us back
                }
            }
        } catch (IOException e) {
            abort("write failed: " + e.getMessage());
            return;
        }
        interest(key.interestOps() & ~SelectionKey.OP_WRITE);
        if (closeRequested && waiting == null && requests.isEmpty()) {
            close();
        } else if (readPaused) {
            maybeResumeReading();
        }
    }

    private int backlog() {
        return outbox.size() + (writing == null ? 0 : writing.remaining());
    }

    /**
     * True if this connection only waits for its client: nothing queued, nothing waiting for the store, no
     * reply unwritten, reading neither paused nor over. Such a connection can move to another loop.
     */
    boolean movable() {
        assert host.inLoop();
        return !closed
                && !inputDone
                && !readPaused
                && !closeRequested
                && waiting == null
                && answeredEarly == null
                && requests.isEmpty()
                && unread == null
                && outbox.size() == 0
                && (writing == null || !writing.hasRemaining())
                && key.interestOps() == SelectionKey.OP_READ;
    }

    /**
     * On its loop, for a {@link #movable} connection: leaves this loop (its key is cancelled) for {@code to},
     * whose view of the store its session uses from now on. Returns its channel, which {@code to} registers
     * and then calls {@link #registered} with. Nothing else may touch it until then.
     */
    SocketChannel moveTo(Host to, StoreWrites store) {
        assert host.inLoop() && movable();
        key.cancel();
        key = null;
        host = to;
        session.storeOn(store);
        return channel;
    }

    /** Closes now, without writing anything more; the session is ended so that nothing is lost. */
    void abort(String reason) {
        assert host.inLoop();
        close();
        queueClosed(reason == null ? "dropped" : reason);
    }

    /** The server stops accepting: read nothing more; requests already read are still answered. */
    void stopInput() {
        assert host.inLoop();
        if (!closed) {
            inputDone = true;
            interest(key.interestOps() & ~SelectionKey.OP_READ);
        }
    }

    /**
     * True if a line began arriving more than {@code timeoutNanos} ago and is still not finished, although the
     * connection is being read (not paused for backpressure): trickled bytes must not hold a slot.
     */
    boolean lineExpired(long now, long timeoutNanos) {
        return !closed && !readPaused && !inputDone && partialLineSince != 0 && now - partialLineSince > timeoutNanos;
    }

    /** True if nothing was read or written for {@code idleNanos} and nothing is waiting to run. */
    boolean idle(long now, long idleNanos) {
        return !closed && now - lastActivityNanos > idleNanos && requests.isEmpty() && waiting == null;
    }

    /** One last attempt, without waiting, to write replies that are ready; then close. */
    void flushOnce() {
        assert host.inLoop();
        if (closed) {
            return;
        }
        try {
            if (writing != null && writing.hasRemaining()) {
                channel.write(writing);
            }
            if (writing == null || !writing.hasRemaining()) {
                ByteBuffer rest = outbox.take(writing);
                if (rest != null) {
                    channel.write(rest);
                }
            }
        } catch (IOException e) {
            // Closing anyway.
        }
        close();
    }

    private void queueClosed(String reason) {
        if (!closedQueued) {
            closedQueued = true;
            queue(new Request.Closed(reason));
        }
    }

    private void close() {
        if (closed) {
            return;
        }
        closed = true;
        inputDone = true;
        unread = null;
        writing = null;
        key.cancel();
        host.closed(this, channel);
    }

    private void interest(int ops) {
        if (!closed && key.isValid() && key.interestOps() != ops) {
            key.interestOps(ops);
        }
    }

    @Override
    public String toString() {
        String user = session.user();
        return "#" + id + " " + peer + (user == null ? "" : " (" + user + ")");
    }
}
