package dev.pigeonhole.server;

import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A running Pigeonhole server: the whole protocol of {@code src/docs/protocol.md} for many clients at once.
 *
 * <p>An {@code ExecutorService} of {@link ServerConfig#poolSize()} threads runs as many event loops, each
 * with its own selector; new connections are spread over the loops that serve, and each loop reads, runs and
 * answers the commands of its connections without blocking (see {@link EventLoop}), so an idle connection
 * holds no thread. By default one loop serves at first and the others start serving while the serving ones
 * are saturated and the host has idle cores ({@link OnDemandLoops}); with {@code --pool-size} all serve.
 * Each user's queue is a {@link Mailbox} with its own lock, shared by all loops and held only for in-memory
 * work. A durable store answers from its own writer thread: the connection waits, its loop does not.
 *
 * <p>{@link #start} returns once the server is bound and accepting. {@link #close} stops it gracefully:
 * no new connections or commands, commands already read are answered (within the grace period: each loop
 * signals when it has answered all of its own, and close waits for that), every connection is closed and
 * the {@link MessageStore} is closed. A message handed out by READ whose receipt
 * the client has not shown (see {@link Session}) is not removed from the store.
 */
public final class PigeonholeServer implements AutoCloseable {
    private final ServerConfig config;
    private final MessageStore store;
    private final ServerLog log;
    private final List<EventLoop> loops;
    /** Counted down by each loop once it has stopped reading and answered every request it read. */
    private final CountDownLatch drained;

    private final ExecutorService pool;
    /** Starts the waiting loops as the load needs them, or null (all loops serve from the start). */
    private volatile OnDemandLoops onDemand;
    /** The operator's channel beside the Unix socket, or null (no socket, or it could not be bound). */
    private volatile AdminChannel admin;

    private final ServerState state;
    private final List<Listener> listeners;
    private final AtomicBoolean closing = new AtomicBoolean();
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile boolean failed;

    private PigeonholeServer(
            ServerConfig config,
            MessageStore store,
            ServerLog log,
            List<Listener> listeners,
            List<List<Listener>> perLoop,
            List<Selector> selectors,
            Mailboxes mailboxes) {
        this.config = config;
        this.store = store;
        this.log = log;
        this.listeners = List.copyOf(listeners);
        this.state = new ServerState(
                mailboxes, config.maxConnections(), config.maxConnectionsPerAddress(), Accounts.ofHost(log));
        this.drained = new CountDownLatch(selectors.size()); // every loop, serving or not
        List<EventLoop> all = new ArrayList<>();
        for (int i = 0; i < selectors.size(); i++) {
            // Each loop accepts on its own listeners (see start).
            all.add(new EventLoop(config, state, store, log, selectors.get(i), perLoop.get(i), drained, this::fail));
        }
        this.loops = List.copyOf(all);
        state.loops(loops, config.loopsAtStart());
        this.pool = new ThreadPoolExecutor(
                config.poolSize(),
                config.poolSize(),
                0,
                TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(),
                threads("pigeonhole-loop-"));
    }

    /**
     * Binds the Unix socket ({@code config.socket()}) and TCP {@code config.host():config.port()}, as
     * configured, recovers {@code store}'s messages and starts serving, reporting its events to {@code log}.
     * From here on the server owns the store: {@link #close} closes it, and so does a failed start.
     *
     * @throws java.net.UnknownHostException if the host name does not resolve
     * @throws java.net.BindException if an address is in use or cannot be bound; the message names it
     * @throws IOException            if the socket cannot be opened or the store cannot be recovered
     */
    public static PigeonholeServer start(ServerConfig config, MessageStore store, ServerLog log) throws IOException {
        return start(config, store, log, HostCpu.ofThisHost(), OnDemandLoops.INTERVAL);
    }

    /** As above, with the host's idle CPU measured by {@code cpu} every {@code interval}, for tests. */
    static PigeonholeServer start(
            ServerConfig config, MessageStore store, ServerLog log, HostCpu cpu, java.time.Duration interval)
            throws IOException {
        List<Listener> listeners = new ArrayList<>(); // one per address: the Unix socket, TCP
        List<Listener> all = new ArrayList<>(); // and the other shares of the TCP port
        List<Selector> selectors = new ArrayList<>();
        try {
            // Bind first: an address in use is reported at once, before a possibly long recovery.
            List<List<Listener>> perLoop = new ArrayList<>();
            for (int i = 0; i < config.poolSize(); i++) {
                perLoop.add(new ArrayList<>());
            }
            if (config.socket() != null) {
                Listener unix = Listener.unix(config.socket());
                listeners.add(unix);
                all.add(unix);
                perLoop.get(0).add(unix); // no SO_REUSEPORT for Unix sockets: the first loop spreads them
            }
            if (config.tcp()) {
                // Every serving loop accepts on its own share of the port, where the kernel allows it; a loop
                // started on demand opens its share then.
                List<Listener> shares =
                        Listener.tcpShares(config.host(), config.port(), config.loopsAtStart(), config.poolSize() > 1);
                listeners.add(shares.get(0));
                all.addAll(shares);
                for (int i = 0; i < shares.size(); i++) {
                    perLoop.get(i).add(shares.get(i));
                }
            }
            long maxMemory = config.effectiveMaxMemory();
            Mailboxes mailboxes = new Mailboxes(
                    config.maxQueue(),
                    maxMemory,
                    store.bytesPerMessage(),
                    log,
                    new FairShares(config.maxQueue(), maxMemory));
            long recovered = mailboxes.recover(store);
            long heap = Runtime.getRuntime().maxMemory();
            if (maxMemory > heap / 10 * 8) {
                log.log("--max-memory " + MemoryBudget.format(maxMemory) + " is more than 80% of the heap ("
                        + MemoryBudget.format(heap) + "): the heap may run out before COMPOSE is refused,"
                        + " and the server then exits (code " + Fatal.OUT_OF_MEMORY + "); raise -Xmx or lower it");
            }
            if (mailboxes.memoryUsed() > maxMemory) {
                log.log("recovered messages hold " + MemoryBudget.format(mailboxes.memoryUsed())
                        + ", more than --max-memory " + MemoryBudget.format(maxMemory)
                        + ": COMPOSE is answered MESSAGE FAILED until enough of them are read");
            }
            for (int i = 0; i < config.poolSize(); i++) {
                selectors.add(Selector.open());
            }
            for (int i = 0; i < perLoop.size(); i++) {
                for (Listener l : perLoop.get(i)) {
                    l.channel().register(selectors.get(i), SelectionKey.OP_ACCEPT, l);
                }
            }
            PigeonholeServer server =
                    new PigeonholeServer(config, store, log, listeners, perLoop, selectors, mailboxes);
            if (config.socket() != null) {
                try {
                    server.admin = AdminChannel.open(config.socket(), mailboxes, store, log);
                } catch (IOException e) {
                    log.log("no admin channel (pigeonhole admin will not work): " + e);
                }
            }
            for (EventLoop loop : server.loops) {
                server.pool.execute(loop);
            }
            boolean onDemand = config.loopsAtStart() < config.poolSize();
            if (onDemand) {
                Listener tcp = config.tcp() ? listeners.get(listeners.size() - 1) : null;
                boolean shared = tcp != null && tcp.keepsConnections();
                server.onDemand = new OnDemandLoops(
                        server.state, shared ? config.host() : null, shared ? tcp.port() : -1, cpu, log);
                server.onDemand.start(interval);
            }
            List<String> on = new ArrayList<>();
            for (Listener l : listeners) {
                on.add(l.describe() + (l.keepsConnections() ? " (accepted on every serving loop)" : ""));
            }
            log.log("started on " + String.join(" and ", on) + " (pool "
                    + (onDemand ? "1, up to " + config.poolSize() + " on demand" : Integer.toString(config.poolSize()))
                    + ", max-queue " + (config.maxQueue() == 0 ? "unlimited" : config.maxQueue())
                    + ", max-message " + config.maxMessage() + ", idle-timeout "
                    + ServerLog.format(config.idleTimeout())
                    + ", max-connections " + config.maxConnections() + " ("
                    + (config.maxConnectionsPerAddress() == 0 ? "no limit" : config.maxConnectionsPerAddress())
                    + " per address), line-timeout " + ServerLog.format(config.lineTimeout())
                    + ", max-memory "
                    + MemoryBudget.format(maxMemory)
                    + (config.maxMemory() == 0
                            ? " (" + ServerConfig.DEFAULT_MEMORY_PERCENT + "% of heap "
                                    + MemoryBudget.format(Runtime.getRuntime().maxMemory()) + ")"
                            : "")
                    + ", store " + store
                    + (recovered > 0
                            ? ", " + recovered + (recovered == 1 ? " message" : " messages") + " recovered, holding "
                                    + MemoryBudget.format(mailboxes.memoryUsed()) + " of max-memory"
                            : "")
                    + ")");
            return server;
        } catch (IOException | RuntimeException e) {
            List<AutoCloseable> opened = new ArrayList<>(all);
            opened.addAll(selectors);
            opened.add(store);
            closeAfterFailedStart(e, opened);
            throw e;
        }
    }

    private static void closeAfterFailedStart(Exception e, List<AutoCloseable> resources) {
        for (AutoCloseable r : resources) {
            try {
                if (r != null) {
                    r.close();
                }
            } catch (Exception suppressed) {
                e.addSuppressed(suppressed);
            }
        }
    }

    /** The TCP port the server listens on (the real one when configured with port 0), or -1 without TCP. */
    public int port() {
        for (Listener l : listeners) {
            if (!l.verifiesNames()) {
                return l.port();
            }
        }
        return -1;
    }

    /** The Unix socket the server listens on, or null. */
    public Path socket() {
        return config.socket();
    }

    /**
     * Where the server listens, as printed on standard output: {@code unix:/run/pigeonhole/pigeonhole.sock},
     * {@code 127.0.0.1:4554} (with the real port), the socket first.
     */
    public List<String> addresses() {
        List<String> out = new ArrayList<>();
        for (Listener l : listeners) {
            out.add(l.address());
        }
        return out;
    }

    /** The configuration the server runs with. */
    /** The admin channel's socket, or null. */
    public Path adminSocket() {
        AdminChannel a = admin;
        return a == null ? null : a.path();
    }

    /** How many event loops serve now, for tests in this package. */
    int servingLoops() {
        return state.serving();
    }

    /** The event loops, serving or not, for tests in this package. */
    List<EventLoop> loops() {
        return loops;
    }

    /** The mailboxes, for tests in this package. */
    Mailboxes mailboxes() {
        return state.mailboxes();
    }

    public ServerConfig config() {
        return config;
    }

    /** Where the server reports its events. */
    public ServerLog log() {
        return log;
    }

    /**
     * Stops the server gracefully (see the class comment) and returns when it is stopped. Waits at most
     * about the configured grace period for commands in flight. Safe to call more than once, from any thread.
     */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            awaitUninterruptibly();
            return;
        }
        OnDemandLoops sampling = onDemand;
        if (sampling != null) {
            sampling.close(); // before the loops stop: none is started while they do
        }
        loops.forEach(EventLoop::stopAccepting);
        if (admin != null) {
            try {
                admin.close();
            } catch (IOException e) {
                log.log("closing the admin channel failed: " + e);
            }
        }
        // The operator sees why a stop takes a moment; LifecycleTest waits for this line to know close() waits.
        log.log("stopping: no new connections; waiting up to " + ServerLog.format(config.shutdownGrace())
                + " for the answers in flight");
        boolean interrupted = false;
        try {
            if (!drained.await(config.shutdownGrace().toNanos(), TimeUnit.NANOSECONDS)) {
                log.log("grace period over: abandoning the unanswered requests of " + drained.getCount() + " of "
                        + loops.size() + " event loops");
            }
        } catch (InterruptedException e) {
            interrupted = true;
        }
        loops.forEach(EventLoop::stop);
        pool.shutdown();
        try {
            // No loop ever blocks (the store answers through completions), so each ends at its next wake-up.
            if (!pool.awaitTermination(5, TimeUnit.SECONDS)) {
                log.log("an event loop did not stop within 5 s");
            }
        } catch (InterruptedException e) {
            interrupted = true;
        }
        try {
            store.close();
        } catch (Exception e) {
            log.log("closing the store failed: " + e);
        }
        log.log("stopped");
        log.flush(java.time.Duration.ofSeconds(2));
        closed.countDown();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** An event loop died of an unexpected error: stop everything, and let {@link #failed()} say so. */
    private void fail() {
        failed = true;
        Thread stopper = new Thread(this::close, "pigeonhole-stop");
        stopper.setDaemon(true);
        stopper.start();
    }

    /** True if the server stopped because of an internal failure rather than {@link #close}. */
    public boolean failed() {
        return failed;
    }

    /** Blocks until {@link #close} has finished (called by anyone, or after an internal failure). */
    public void awaitClosed() throws InterruptedException {
        closed.await();
    }

    private void awaitUninterruptibly() {
        boolean interrupted = false;
        while (true) {
            try {
                closed.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    @Override
    public String toString() {
        return "PigeonholeServer" + addresses();
    }
}
