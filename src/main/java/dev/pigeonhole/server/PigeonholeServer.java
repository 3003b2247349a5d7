package dev.pigeonhole.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.UnknownHostException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
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
    private final int port;
    private final AtomicBoolean closing = new AtomicBoolean();
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile boolean failed;

    private PigeonholeServer(ServerConfig config, ServerSocketChannel channel, Selector selector, Mailboxes mailboxes)
            throws IOException {
        this.config = config;
        this.port = ((InetSocketAddress) channel.getLocalAddress()).getPort();
        this.workers = new ThreadPoolExecutor(
                config.poolSize(),
                config.poolSize(),
                0,
                TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(),
                threads("pigeonhole-worker-"));
        this.loop =
                new EventLoop(config, selector, channel, mailboxes, workers, config.host() + ":" + port, this::fail);
        this.loopThread = threads("pigeonhole-selector-").newThread(loop);
    }

    /**
     * Binds {@code config.host():config.port()}, recovers the store's messages and starts serving. From here
     * on the server owns the store: {@link #close} closes it, and so does a failed start.
     *
     * @throws java.net.UnknownHostException if the host name does not resolve
     * @throws java.net.BindException if the address is in use or cannot be bound
     * @throws IOException            if the socket cannot be opened or the store cannot be recovered
     */
    public static PigeonholeServer start(ServerConfig config) throws IOException {
        ServerSocketChannel channel = null;
        Selector selector = null;
        try {
            // Bind first: a port in use is reported at once, before a possibly long recovery.
            channel = ServerSocketChannel.open();
            channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            InetSocketAddress address = new InetSocketAddress(config.host(), config.port());
            if (address.isUnresolved()) {
                // bind would throw an unchecked UnresolvedAddressException; a bad name is an I/O failure here.
                throw new UnknownHostException(config.host());
            }
            channel.bind(address, 1024);
            channel.configureBlocking(false);
            long maxMemory = config.effectiveMaxMemory();
            Mailboxes mailboxes = new Mailboxes(config.store(), config.maxQueue(), maxMemory, config.log());
            long recovered = mailboxes.recover();
            long heap = Runtime.getRuntime().maxMemory();
            if (maxMemory > heap / 10 * 8) {
                config.log().log("--max-memory " + MemoryBudget.format(maxMemory) + " is more than 80% of the heap ("
                        + MemoryBudget.format(heap) + "): the heap may run out before COMPOSE is refused,"
                        + " and the server then exits (code " + Fatal.OUT_OF_MEMORY + "); raise -Xmx or lower it");
            }
            if (mailboxes.memoryUsed() > maxMemory) {
                config.log().log("recovered messages hold " + MemoryBudget.format(mailboxes.memoryUsed())
                        + ", more than --max-memory " + MemoryBudget.format(maxMemory)
                        + ": COMPOSE is answered MESSAGE FAILED until enough of them are read");
            }
            selector = Selector.open();
            channel.register(selector, SelectionKey.OP_ACCEPT);
            PigeonholeServer server = new PigeonholeServer(config, channel, selector, mailboxes);
            server.loopThread.start();
            config.log().log("started on " + config.host() + ":" + server.port + " (pool " + config.poolSize()
                    + ", max-queue " + (config.maxQueue() == 0 ? "unlimited" : config.maxQueue())
                    + ", max-message " + config.maxMessage() + ", idle-timeout "
                    + ServerLog.format(config.idleTimeout())
                    + ", max-connections " + config.maxConnections() + ", max-memory "
                    + MemoryBudget.format(maxMemory)
                    + (config.maxMemory() == 0
                            ? " (" + ServerConfig.DEFAULT_MEMORY_PERCENT + "% of heap "
                                    + MemoryBudget.format(Runtime.getRuntime().maxMemory()) + ")"
                            : "")
                    + ", store " + config.store()
                    + (recovered > 0
                            ? ", " + recovered + (recovered == 1 ? " message" : " messages") + " recovered, holding "
                                    + MemoryBudget.format(mailboxes.memoryUsed()) + " of max-memory"
                            : "")
                    + ")");
            return server;
        } catch (IOException | RuntimeException e) {
            closeAfterFailedStart(e, channel, selector, config.store());
            throw e;
        }
    }

    private static void closeAfterFailedStart(Exception e, AutoCloseable... resources) {
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

    /** The port the server listens on (the real one when configured with port 0). */
    public int port() {
        return port;
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
        config.log().flush(java.time.Duration.ofSeconds(2));
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
