package dev.pigeonhole.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import jdk.net.ExtendedSocketOptions;

/**
 * One event loop: a selector and the connections registered with it. The server runs {@code --pool-size} of them, each
 * as a task of its {@code ExecutorService}; by default they start serving as the load needs them and rest again when it
 * does not ({@link #serve}, {@link #rest}, {@link LoopDemand}). Each serving loop accepts TCP connections on its own
 * share of the port (SO_REUSEPORT: the kernel spreads new connections) and keeps them; the first loop also accepts on
 * the Unix socket, which has no such option, and hands those connections to the serving loops in turn. From then on a
 * connection lives on its loop, which reads it, runs its commands (in-memory work under each user's {@link Mailbox}
 * lock, shared by all loops) and writes its replies. A loop never blocks on a client or on the disk: the journal
 * answers through {@link WakeupQueue} tasks, so thousands of idle connections cost no thread and a slow client holds up
 * nobody.
 */
final class EventLoop implements Runnable, Connection.Host {
    private static final int READ_BUFFER = 64 * 1024;
    /**
     * SO_SNDBUF and SO_RCVBUF of every connection. Linux doubles the value for its bookkeeping, so a client
     * that sends but never reads pins at most 128 KiB of kernel memory each way, instead of the megabytes that
     * autotuning grants; replies are short lines and 64 KiB keeps loopback and LAN round trips at full speed.
     */
    static final int SOCKET_BUFFER = 64 * 1024;

    private static final int ACCEPTS_PER_WAKEUP = 256;
    /** After a failed accept (say, out of file descriptors) the listening socket rests this long instead of spinning. */
    private static final long ACCEPT_BACKOFF_NANOS = 100_000_000L;

    private final ServerConfig config;
    private final ServerState state;
    /**
     * This loop's view of the store: what a round of requests stores is handed over at once, before the next
     * select (see {@link MessageStore.Round}). Used on this loop's thread only.
     */
    private final MessageStore.Round store;

    private final Selector selector;
    /**
     * The listening sockets this loop accepts on: the first loop's are given at construction, a share of the
     * TCP port is added when a loop starts serving ({@link #serve}). This loop's thread only, once it runs.
     */
    private final List<Listener> listeners;

    private final ServerLog log;
    private final Runnable onFailure;
    private final ByteBuffer readBuffer = ByteBuffer.allocate(READ_BUFFER);
    private final long idleNanos;
    private final long lineTimeoutNanos;
    private final long scanMillis;
    private final WakeupQueue tasks;

    private volatile boolean accepting = true;
    /** Set while the loop rests: what it accepts goes to the serving loops (see {@link #rest}). */
    private volatile boolean resting;

    private volatile boolean running = true;
    private volatile Thread thread;
    /** Counted down once, when this loop has stopped reading and answered every request it read. */
    private final CountDownLatch drained;

    // --- this loop's thread only
    private boolean inputStopped;
    /** Requests read on this loop and not yet answered. */
    private long pendingRequests;
    /** {@link #drained} was counted down (once per loop: the latch counts loops). */
    private boolean drainedSignalled;

    /** Connections registered with this loop. Changed by this loop's thread only, read by any. */
    private final AtomicInteger connections = new AtomicInteger();

    private final List<SelectionKey> acceptKeys = new ArrayList<>();

    private long acceptResumeAt;
    private boolean acceptResting;
    private long nextScan;
    /** The loop the next accepted connection goes to (accepting loop only). */
    private int nextLoop;
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
            ServerState state,
            MessageStore store,
            ServerLog log,
            Selector selector,
            List<Listener> listeners,
            CountDownLatch drained,
            Runnable onFailure) {
        this.config = config;
        this.state = state;
        this.store = store.round();
        this.selector = selector;
        this.listeners = new ArrayList<>(listeners);
        this.log = log;
        this.drained = drained;
        this.onFailure = onFailure;
        this.tasks = new WakeupQueue(selector);
        this.idleNanos = config.idleTimeout().toNanos();
        this.lineTimeoutNanos = config.lineTimeout().toNanos();
        // Check for idle connections and unfinished lines often enough to close them within about a quarter
        // of their timeout.
        long shortest =
                Math.min(config.idleTimeout().toMillis(), config.lineTimeout().toMillis());
        this.scanMillis = Math.max(10, Math.min(1000, shortest / 4));
    }

    // ---- Connection.Host

    @Override
    public ByteBuffer readBuffer() {
        return readBuffer;
    }

    @Override
    public boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    @Override
    public void execute(Runnable task) {
        tasks.add(task);
    }

    @Override
    public void closed(Connection c, SocketChannel channel) {
        assert inLoop();
        connections.decrementAndGet();
        state.connectionClosed(c.peerKey());
        closing.add(channel); // closed after the next select; see closing
    }

    @Override
    public void requests(int delta) {
        assert inLoop();
        pendingRequests += delta;
    }

    @Override
    public boolean accepting() {
        return accepting;
    }

    @Override
    public ServerLog log() {
        return log;
    }

    // ---- any thread

    /**
     * Any thread: stop accepting and reading; requests already read are still handled and answered, and the
     * latch given at construction is counted down once none is left.
     */
    void stopAccepting() {
        accepting = false;
        tasks.wakeup();
    }

    /** Any thread: write what can be written without waiting, close every connection and end the loop. */
    void stop() {
        running = false;
        tasks.wakeup();
    }

    /**
     * Any thread: CPU time this loop's thread has used so far, in nanoseconds (user and system: the kernel's
     * share of its reads and writes counts): how busy it is ({@link LoopDemand}). CPU time rather than the time
     * between selects, because a loop that waits for a core (the host is full) is not busy. 0 before it runs.
     */
    long busyNanos() {
        Thread t = thread;
        long cpu = t == null ? -1 : ThreadCpu.THREADS.getThreadCpuTime(t.getId());
        return Math.max(0, cpu);
    }

    /** Loaded at the first {@link #busyNanos}, on the sampling thread: a server's start does not load it. */
    private static final class ThreadCpu {
        static final java.lang.management.ThreadMXBean THREADS =
                java.lang.management.ManagementFactory.getThreadMXBean();
    }

    /**
     * Any thread: this loop serves from now on, keeping what it accepts. {@code share} is its own new share of
     * the TCP port to accept on, or null (it has one already, or the port is not shared). A loop that is
     * stopping closes a new share instead, so that the kernel never queues a connection where nobody accepts.
     */
    void serve(Listener share) {
        resting = false;
        if (share != null) {
            tasks.add(() -> acceptOn(share));
        }
    }

    /**
     * Any thread: this loop rests. It keeps its share of the port (closing it would reset the connections the
     * kernel has queued there) but hands what it accepts to the serving loops; its connections leave through
     * {@link #rebalance}.
     */
    void rest() {
        resting = true;
    }

    /**
     * Any thread: hand about {@code share} (0..1) of this loop's connections, those that only wait for their
     * client ({@link Connection#movable}), to {@code to}, a loop that has just started serving. Connections with
     * a request under way stay.
     */
    void rebalance(EventLoop to, double share) {
        tasks.add(() -> handOver(to, share));
    }

    /** Any thread: connections this loop serves now (an estimate while it runs). */
    int connections() {
        return connections.get();
    }

    /** Any thread (the accepting loop): serve {@code c}'s client on this loop from now on. */
    private void adopt(SocketChannel ch, Connection c) {
        tasks.add(() -> register(ch, c));
    }

    // ---- the loop

    @Override
    public void run() {
        thread = Thread.currentThread();
        for (Listener l : listeners) {
            acceptKeys.add(l.channel().keyFor(selector));
        }
        try {
            while (running) {
                ArrayList<SocketChannel> cancelled = closing;
                closing = closingSpare;
                closingSpare = cancelled; // emptied below; closeAll covers both lists if select throws
                store.flush(); // the last round's records, before this loop may sleep
                if (cancelled.isEmpty()) {
                    selector.select(this::ready, scanMillis);
                } else {
                    selector.selectNow(this::ready);
                }
                closeDeregistered(cancelled);
                if (!accepting && !inputStopped) {
                    stopInput();
                }
                tasks.runAll((task, e) -> log.log("internal error in an event loop task: " + e));
                if (inputStopped && pendingRequests == 0) {
                    signalDrained(); // every request read here is answered: close() may go on
                }
                long now = System.nanoTime();
                if (acceptResting && now - acceptResumeAt >= 0 && !inputStopped) {
                    acceptResting = false;
                    acceptInterest(SelectionKey.OP_ACCEPT);
                }
                if (now - nextScan >= 0) {
                    nextScan = now + scanMillis * 1_000_000L;
                    closeIdle(now);
                }
            }
        } catch (IOException | RuntimeException e) {
            log.log("event loop failed, closing its connections: " + e);
            onFailure.run();
        } catch (Error e) {
            // Not survivable: the thread's death ends a server process (see Fatal); an embedding program
            // that keeps running gets its server closed all the same.
            onFailure.run();
            throw e;
        } finally {
            closeAll();
            signalDrained(); // a loop that ended has nothing more to answer
        }
    }

    private void signalDrained() {
        if (!drainedSignalled) {
            drainedSignalled = true;
            drained.countDown();
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
                    c.writable();
                }
                if (!c.closed() && key.isValid() && key.isReadable()) {
                    c.readable();
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
        log.repeated("internal error", "on " + c, () -> "internal error on " + c + ", connection closed: " + e);
        c.abort("internal error");
    }

    private void accept(Listener listener) {
        for (int i = 0; i < ACCEPTS_PER_WAKEUP && accepting; i++) {
            SocketChannel ch;
            try {
                ch = listener.channel().accept();
            } catch (IOException e) {
                // For example too many open files: say so, keep serving the connections we have, and rest
                // the listening sockets briefly so that the loop does not spin on them.
                log.repeated(
                        "accept failed",
                        "",
                        () -> "accept failed, not accepting for " + ACCEPT_BACKOFF_NANOS / 1_000_000 + "ms: " + e);
                acceptInterest(0);
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
                    log.repeated(
                            "peer unknown",
                            "on " + listener,
                            () -> "closed a connection on " + listener + " at once: its peer's user is unknown");
                    continue;
                }
            }
            InetSocketAddress remote = osUser == null ? remote(ch) : null;
            String peer = osUser != null
                    ? "unix:" + osUser
                    : remote == null ? "unknown peer" : remote.getAddress().getHostAddress() + ":" + remote.getPort();
            // Per address, not per port: one host, one share. Over the socket, per OS user, which the kernel
            // vouches for; every local user reaching TCP through loopback shares the address 127.0.0.1.
            String peerKey = osUser != null
                    ? "unix:" + osUser
                    : remote == null ? "unknown peer" : remote.getAddress().getHostAddress();
            ServerState.Admission admission = state.admit(peerKey);
            if (admission != ServerState.Admission.ADMITTED) {
                closeQuietly(ch);
                logRefusal(admission, peer, peerKey);
                continue;
            }
            try {
                ch.configureBlocking(false);
                ch.setOption(StandardSocketOptions.SO_SNDBUF, SOCKET_BUFFER);
                ch.setOption(StandardSocketOptions.SO_RCVBUF, SOCKET_BUFFER);
                if (!listener.verifiesNames()) {
                    ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                }
            } catch (IOException | UnsupportedOperationException e) {
                state.connectionClosed(peerKey);
                closeQuietly(ch);
                continue;
            }
            // A trusted OS user (a gateway) may LOGIN under any name; everyone else over the socket, only
            // under their own.
            String loginAs = osUser == null || config.trustedSocketUsers().contains(osUser) ? null : osUser;
            // A share of a SO_REUSEPORT port keeps its connections (the kernel spread them already), unless
            // its loop rests.
            EventLoop target = listener.keepsConnections() && !resting ? this : state.loop(nextLoop++);
            Connection c = new Connection(
                    state.nextConnectionId(),
                    ch,
                    peer,
                    peerKey,
                    loginAs,
                    state.mailboxes(),
                    target.store, // its loop's round: the connection calls it on that loop only
                    config.maxMessage(),
                    target,
                    // Over the socket only accounts of this host receive; over TCP, any name (the seed's rules),
                    // and so for a trusted OS user (a gateway the operator named), who speaks for other names.
                    listener.verifiesNames() && loginAs != null ? state.accounts() : null);
            if (target == this) {
                register(ch, c);
            } else {
                target.adopt(ch, c);
            }
        }
    }

    /** On this loop: registers {@code share} for accepting, unless input has stopped. */
    private void acceptOn(Listener share) {
        assert inLoop();
        if (inputStopped || !accepting) {
            closeQuietly(share);
            return;
        }
        try {
            SelectionKey key = share.channel().register(selector, acceptResting ? 0 : SelectionKey.OP_ACCEPT, share);
            listeners.add(share); // closed with the others when input stops
            acceptKeys.add(key);
        } catch (IOException e) {
            log.log("could not accept on " + share + " on a new event loop, closed it: " + e);
            closeQuietly(share);
        }
    }

    /** On this loop: starts serving {@code c}. */
    private void register(SocketChannel ch, Connection c) {
        assert inLoop();
        if (!accepting) {
            state.connectionClosed(c.peerKey());
            closeQuietly(ch);
            return;
        }
        try {
            c.registered(ch.register(selector, SelectionKey.OP_READ, c));
        } catch (IOException e) {
            state.connectionClosed(c.peerKey());
            closeQuietly(ch);
            return;
        }
        connections.incrementAndGet();
        // A client usually sends LOGIN right after connecting, so it is often here already: reading now
        // saves a select round per connection (most of them are short sessions).
        c.readable();
    }

    /**
     * On this loop: gives {@code to} about {@code share} of the connections that can move. A moved connection's
     * cancelled key stays in this selector's key set until the next select, so every walk over the keys skips
     * keys that are not valid: the connection is another loop's now.
     */
    private void handOver(EventLoop to, double share) {
        assert inLoop();
        if (inputStopped || !accepting) {
            return;
        }
        List<Connection> movable = new ArrayList<>();
        int all = 0;
        for (SelectionKey key : selector.keys()) {
            if (key.isValid() && key.attachment() instanceof Connection c) {
                all++;
                if (c.movable()) {
                    movable.add(c);
                }
            }
        }
        int n = Math.min(movable.size(), (int) (all * share));
        for (int i = 0; i < n; i++) {
            Connection c = movable.get(i);
            SocketChannel ch = c.moveTo(to, to.store);
            connections.decrementAndGet();
            to.tasks.add(() -> to.registerMoved(ch, c));
        }
    }

    /**
     * On this loop: serves {@code c}, moved here from another loop; its old key is cancelled, and the old
     * selector drops it at its next select (until then it reports nothing for a cancelled key).
     */
    private void registerMoved(SocketChannel ch, Connection c) {
        assert inLoop();
        try {
            c.registered(ch.register(selector, inputStopped ? 0 : SelectionKey.OP_READ, c));
        } catch (IOException e) {
            log.log("could not move " + c + " to another event loop, closed it: " + e);
            state.connectionClosed(c.peerKey());
            closeQuietly(ch);
            return;
        }
        connections.incrementAndGet();
        if (inputStopped) {
            c.stopInput();
        }
    }

    private void acceptInterest(int ops) {
        for (SelectionKey k : acceptKeys) {
            if (k.isValid()) {
                k.interestOps(ops);
            }
        }
    }

    /** Refusals are logged per kind and peer, and counted rather than written under a flood (see ServerLog). */
    private void logRefusal(ServerState.Admission why, String peer, String peerKey) {
        if (why == ServerState.Admission.PEER_FULL) {
            log.repeated(
                    "connection limit per address reached",
                    "from " + peerKey,
                    () -> "connection limit per address reached (" + config.maxConnectionsPerAddress() + " from "
                            + peerKey + "): closed " + peer + " at once");
        } else {
            log.repeated(
                    "connection limit reached",
                    "",
                    () -> "connection limit reached (" + config.maxConnections() + "): closed " + peer + " at once");
        }
    }

    /** Closes connections idle for too long, and those holding a line begun too long ago. */
    private void closeIdle(long now) {
        ArrayList<Connection> idle = null;
        ArrayList<Connection> slow = null;
        for (SelectionKey key : selector.keys()) {
            if (key.isValid() && key.attachment() instanceof Connection c) {
                if (c.idle(now, idleNanos)) {
                    if (idle == null) {
                        idle = new ArrayList<>();
                    }
                    idle.add(c);
                } else if (c.lineExpired(now, lineTimeoutNanos)) {
                    if (slow == null) {
                        slow = new ArrayList<>();
                    }
                    slow.add(c);
                }
            }
        }
        if (idle != null) {
            for (Connection c : idle) {
                log.repeated(
                        "idle timeout",
                        "by " + c,
                        () -> "idle timeout (" + ServerLog.format(config.idleTimeout()) + "): closed " + c);
                c.abort("idle timeout");
            }
        }
        if (slow != null) {
            for (Connection c : slow) {
                log.repeated(
                        "line timeout",
                        "by " + c,
                        () -> "line timeout (" + ServerLog.format(config.lineTimeout()) + "): closed " + c
                                + ": a line begun that long ago is still not finished");
                c.abort("line timeout");
            }
        }
    }

    /** Stops accepting and reading everywhere on this loop; requests already read are still answered. */
    private void stopInput() {
        inputStopped = true;
        closeListeners();
        for (SelectionKey key : selector.keys()) {
            if (key.isValid() && key.attachment() instanceof Connection c) {
                c.stopInput();
            }
        }
    }

    /** Closes the sockets in {@code cancelled}, whose keys a select has deregistered since, and empties it. */
    private static void closeDeregistered(List<SocketChannel> cancelled) {
        for (int i = 0, n = cancelled.size(); i < n; i++) {
            closeQuietly(cancelled.get(i));
        }
        cancelled.clear();
    }

    private void closeAll() {
        // Answers and adoptions still queued: settle them (a store's answer commits or releases its message).
        tasks.runAll((task, e) -> log.log("internal error in an event loop task: " + e));
        store.flush();
        for (SelectionKey key : selector.keys()) {
            if (key.isValid() && key.attachment() instanceof Connection c) {
                c.flushOnce();
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

    private static InetSocketAddress remote(SocketChannel ch) {
        try {
            return ch.getRemoteAddress() instanceof InetSocketAddress a ? a : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static void closeQuietly(java.io.Closeable c) {
        try {
            c.close();
        } catch (IOException e) {
            // Nothing useful to do: the peer is gone either way.
        }
    }
}
