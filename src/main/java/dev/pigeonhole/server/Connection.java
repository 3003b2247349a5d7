package dev.pigeonhole.server;

import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One accepted client. Two sides meet here:
 * <ul>
 *   <li>the selector thread reads bytes, turns them into requests ({@link RequestReader}), writes replies
 *       and closes the socket: every field marked "selector thread" is touched by it alone;</li>
 *   <li>a worker runs {@link #run()}: it handles queued requests in order through the {@link Session}
 *       and appends replies to the {@link Outbox}. At most one worker runs it at a time
 *       ({@link #scheduled}), and no worker is tied to it between runs, so an idle connection costs no
 *       thread.</li>
 * </ul>
 */
final class Connection implements Runnable {
    /** Requests handled per run before yielding the worker to other connections. */
    private static final int BATCH = 64;

    final long id;
    final SocketChannel channel;
    final String peer;
    final RequestReader reader;
    final Outbox outbox = new Outbox();
    private final Session session;
    private final EventLoop loop;

    // --- selector thread only
    SelectionKey key;
    /** Replies being written, in read mode; swapped with {@link Outbox#take}. */
    ByteBuffer writing;
    /** Bytes read but not yet framed because reading was paused for backpressure. */
    ByteBuffer unread;

    boolean readPaused;
    /** No more requests are read: EXIT, end of stream, a protocol error, or the server is stopping. */
    boolean inputDone;
    /** A {@link Request.Closed} was queued (at most one is). */
    boolean closedQueued;

    boolean closed;
    long lastActivityNanos;

    // --- worker side
    /** Guards {@link #inbox} and {@link #scheduled}; held only to move requests in and out. */
    private final ReentrantLock inboxLock = new ReentrantLock();

    private final ArrayDeque<Request> inbox = new ArrayDeque<>(4);
    /** True while a run is submitted or running; the selector submits a run only when it is false. */
    private boolean scheduled;

    // --- between the two
    /** Set when the connection is queued for the selector's attention (replies to write, session over). */
    final AtomicBoolean attentionQueued = new AtomicBoolean();
    /** The session is over (EXIT or Closed handled): close once the replies are written. */
    volatile boolean closeRequested;

    Connection(
            long id,
            SocketChannel channel,
            String peer,
            String loginAs,
            Mailboxes mailboxes,
            int maxMessage,
            EventLoop loop) {
        this.id = id;
        this.channel = channel;
        this.peer = peer;
        this.reader = new RequestReader(maxMessage, loginAs);
        this.session = new Session(mailboxes);
        this.loop = loop;
    }

    /** Selector thread: queues a request and makes sure a worker will run. Returns the number queued. */
    int enqueue(Request request) {
        if (loop.inline()) {
            handleInline(request);
            return 0;
        }
        boolean submit;
        int queued;
        inboxLock.lock();
        try {
            inbox.addLast(request);
            queued = inbox.size();
            submit = !scheduled;
            scheduled = true;
        } finally {
            inboxLock.unlock();
        }
        loop.requestQueued();
        if (submit) {
            submit();
        }
        return queued;
    }

    /**
     * Selector thread, inline mode only ({@link EventLoop#inline()}): handles {@code request} at once.
     * In that mode nothing else ever runs this connection's session, so no lock is needed; the replies
     * wait in the outbox for the flush that follows the read.
     */
    private void handleInline(Request request) {
        handle(request);
    }

    /** Runs one request through the session. A bug must cost this connection, never the server (G1). */
    private void handle(Request request) {
        try {
            if (session.handle(request, outbox)) {
                closeRequested = true;
            }
        } catch (RuntimeException | Error e) {
            loop.log().log("internal error on connection " + this + ": " + e);
            session.abandon(); // as if the connection broke: a message in flight goes back, nothing is lost
            closeRequested = true;
        }
    }

    /** Requests waiting or being handled (a running worker counts as busy). */
    boolean busy() {
        inboxLock.lock();
        try {
            return scheduled;
        } finally {
            inboxLock.unlock();
        }
    }

    int queued() {
        inboxLock.lock();
        try {
            return inbox.size();
        } finally {
            inboxLock.unlock();
        }
    }

    /** Worker: handles up to {@link #BATCH} requests in order, then asks the selector to write the replies. */
    @Override
    public void run() {
        boolean more = true;
        try {
            for (int i = 0; i < BATCH; i++) {
                Request r;
                inboxLock.lock();
                try {
                    r = inbox.pollFirst();
                    if (r == null) {
                        scheduled = false;
                        more = false;
                        break;
                    }
                } finally {
                    inboxLock.unlock();
                }
                try {
                    handle(r);
                } finally {
                    loop.requestDone();
                }
            }
        } finally {
            loop.attention(this);
            if (more) {
                submit();
            }
        }
    }

    private void submit() {
        try {
            loop.workers().execute(this);
        } catch (RejectedExecutionException e) {
            // The server is stopping and its workers are gone; the connection is about to be closed.
            inboxLock.lock();
            try {
                scheduled = false;
            } finally {
                inboxLock.unlock();
            }
        }
    }

    @Override
    public String toString() {
        String user = session.user();
        return "#" + id + " " + peer + (user == null ? "" : " (" + user + ")");
    }
}
