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
 * A running Pigeonhole server: the whole protocol of PROTOCOL.md for many clients at once.
 *
 * <p>One selector thread does all network I/O without blocking and frames lines. With a store that may
 * block (on disk), complete requests go to a pool of {@link ServerConfig#poolSize()} workers; a connection
 * is never pinned to a worker: its requests are handled in order, by one worker at a time, and an idle
 * connection holds no thread. With the in-memory store the selector thread runs them itself, since a
 * hand-off would cost more than the command (see {@link EventLoop}). Each user's queue is a
 * {@link Mailbox} with its own lock, held only for in-memory work.
 *
 * <p>{@link #start} returns once the server is bound and accepting. {@link #close} stops it gracefully:
 * no new connections or commands, commands already read are answered (within the grace period), every
 * connection is closed and the {@link MessageStore} is closed. A message handed out by READ whose receipt
 * the client has not shown (see {@link Session}) is not removed from the store.
 */
public final class PigeonholeServer implements AutoCloseable {
    private final ServerConfig config;
    private final EventLoop loop;
    private final Thread loopThread;
    private final ExecutorService workers;
    private final List<Listener> listeners;
    private final AtomicBoolean closing = new AtomicBoolean();
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile boolean failed;

    private PigeonholeServer(ServerConfig config, List<Listener> listeners, Selector selector, Mailboxes mailboxes) {
        this.config = config;
        this.listeners = List.copyOf(listeners);
        this.workers = new ThreadPoolExecutor(
                config.poolSize(),
                config.poolSize(),
                0,
                TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(),
                threads("pigeonhole-worker-"));
        this.loop = new EventLoop(
                config, selector, listeners, mailboxes, workers, addresses().toString(), this::fail);
        this.loopThread = threads("pigeonhole-selector-").newThread(loop);
    }

    /**
     * Binds the Unix socket ({@code config.socket()}) and TCP {@code config.host():config.port()}, as
     * configured, recovers the store's messages and starts serving. From here
     * on the server owns the store: {@link #close} closes it, and so does a failed start.
     *
     * @throws java.net.BindException if an address is in use or cannot be bound; the message names it
     * @throws IOException            if the socket cannot be opened or the store cannot be recovered
     */
    public static PigeonholeServer start(ServerConfig config) throws IOException {
        List<Listener> listeners = new ArrayList<>();
        Selector selector = null;
        try {
            // Bind first: an address in use is reported at once, before a possibly long recovery.
            if (config.socket() != null) {
                listeners.add(Listener.unix(config.socket()));
            }
            if (config.tcp()) {
                listeners.add(Listener.tcp(config.host(), config.port()));
            }
            Mailboxes mailboxes = new Mailboxes(config.store(), config.maxQueue(), config.log());
            long recovered = mailboxes.recover();
            selector = Selector.open();
            for (Listener l : listeners) {
                l.channel().register(selector, SelectionKey.OP_ACCEPT, l);
            }
            PigeonholeServer server = new PigeonholeServer(config, listeners, selector, mailboxes);
            server.loopThread.start();
            List<String> on = new ArrayList<>();
            for (Listener l : listeners) {
                on.add(l.describe());
            }
            config.log().log("started on " + String.join(" and ", on) + " (pool " + config.poolSize()
                    + ", max-queue " + (config.maxQueue() == 0 ? "unlimited" : config.maxQueue())
                    + ", max-message " + config.maxMessage() + ", idle-timeout "
                    + ServerLog.format(config.idleTimeout())
                    + ", max-connections " + config.maxConnections() + ", store " + config.store()
                    + (recovered > 0
                            ? ", " + recovered + (recovered == 1 ? " message" : " messages") + " recovered"
                            : "")
                    + ")");
            return server;
        } catch (IOException | RuntimeException e) {
            List<AutoCloseable> opened = new ArrayList<>(listeners);
            opened.add(selector);
            opened.add(config.store());
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
    public ServerConfig config() {
        return config;
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
        long deadline = System.nanoTime() + config.shutdownGrace().toNanos();
        loop.stopAccepting();
        boolean interrupted = false;
        try {
            while (loop.pendingRequests() > 0 && System.nanoTime() - deadline < 0) {
                Thread.sleep(5);
            }
            workers.shutdown();
            if (!workers.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                config.log().log("grace period over: abandoning " + loop.pendingRequests() + " unfinished requests");
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            interrupted = true;
            workers.shutdownNow();
        }
        loop.stop();
        try {
            loopThread.join(10_000);
        } catch (InterruptedException e) {
            interrupted = true;
        }
        try {
            config.store().close();
        } catch (Exception e) {
            config.log().log("closing the store failed: " + e);
        }
        config.log().log("stopped");
        closed.countDown();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** The selector thread died of an unexpected error: stop everything, and let {@link #failed()} say so. */
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
        return "PigeonholeServer[" + loop.address() + "]";
    }
}
