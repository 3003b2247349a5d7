package dev.pigeonhole.server;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Starts the server's waiting event loops as the load needs them, and lets them rest again. Once per interval,
 * on its own thread, it measures how busy each serving loop was (its thread's CPU time) and how much CPU the
 * host left idle, and asks {@link LoopDemand}. A loop that starts gets its own share of the TCP port (the first
 * time; a loop that rested kept it), a turn with the Unix socket's connections, and from each serving loop a
 * share of the open connections that only wait for their client. A loop that rests hands what it accepts and,
 * as they become movable, the connections it holds to the serving loops.
 *
 * <p>{@link #close} stops the sampling and waits for a sample in progress; the server calls it before it
 * stops its loops, so no loop is started while they stop.
 */
final class OnDemandLoops implements AutoCloseable {
    /** How often the loops and the host are measured. */
    static final Duration INTERVAL = Duration.ofSeconds(1);

    private final ServerState state;
    private final HostCpu cpu;
    private final ServerLog log;
    private final LoopDemand demand;
    /** The TCP address whose port the loops share, or null where it is not shared (no TCP, no SO_REUSEPORT). */
    private final String shareHost;

    private final int sharePort;
    private final ScheduledThreadPoolExecutor timer;

    // --- the timer's thread only
    /** Each loop's busy time at the last sample. */
    private final long[] busyBefore;
    /** Whether each loop has its share of the port already (the first from the start; a resting loop keeps it). */
    private final boolean[] shareOpen;

    private long sampledAt;
    /** The host's CPU could not be measured once already (said once in the log). */
    private boolean unknownSaid;

    /**
     * Loops of {@code state} (the first {@code state.serving()} serve already), a TCP port shared by them on
     * {@code shareHost:sharePort} (null: not shared), the host measured by {@code cpu}.
     */
    OnDemandLoops(ServerState state, String shareHost, int sharePort, HostCpu cpu, ServerLog log) {
        this.state = state;
        this.shareHost = shareHost;
        this.sharePort = sharePort;
        this.cpu = cpu;
        this.log = log;
        this.demand = new LoopDemand(state.loops().size());
        this.busyBefore = new long[state.loops().size()];
        this.shareOpen = new boolean[state.loops().size()];
        this.shareOpen[0] = true;
        this.timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "pigeonhole-loops-on-demand");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts sampling every {@code interval}. */
    void start(Duration interval) {
        timer.execute(this::baseline);
        long nanos = interval.toNanos();
        // Its failures are caught in sample(); close() ends it with the timer.
        ScheduledFuture<?> unused = timer.scheduleAtFixedRate(this::sample, nanos, nanos, TimeUnit.NANOSECONDS);
    }

    private void baseline() {
        cpu.idleCores(); // the first call measures from here
        List<EventLoop> loops = state.loops();
        for (int i = 0; i < loops.size(); i++) {
            busyBefore[i] = loops.get(i).busyNanos();
        }
        sampledAt = System.nanoTime();
    }

    private void sample() {
        try {
            List<EventLoop> loops = state.loops();
            double idle = cpu.idleCores();
            if (Double.isNaN(idle) && !unknownSaid) {
                unknownSaid = true;
                log.log("the host's CPU load is unknown here: no more event loops will start on demand"
                        + " (--pool-size sets how many serve)");
            }
            long now = System.nanoTime();
            long elapsed = Math.max(1, now - sampledAt);
            sampledAt = now;
            int serving = state.serving();
            double[] busy = new double[serving];
            for (int i = 0; i < loops.size(); i++) {
                long b = loops.get(i).busyNanos();
                if (i < serving) {
                    busy[i] = Math.min(1.0, (double) (b - busyBefore[i]) / elapsed);
                }
                busyBefore[i] = b;
            }
            int decision = demand.sample(busy, idle);
            for (int i = serving; i < serving + decision; i++) {
                if (!startServing(loops.get(i), i, busy, idle)) {
                    break;
                }
            }
            if (decision < 0) {
                rest(loops.get(serving - 1), serving - 1, busy, idle);
            }
            // A resting loop's connections leave as they become movable (one with a request under way waits).
            int servingNow = state.serving();
            for (int i = servingNow; i < loops.size(); i++) {
                if (loops.get(i).connections() > 0) {
                    loops.get(i).rebalance(loops.get(i % servingNow), 1.0);
                }
            }
        } catch (RuntimeException e) {
            // A failed sample must not end the sampling (a scheduled task that throws is never run again).
            log.log("measuring the event loops failed: " + e);
        }
    }

    /** Starts loop {@code index} serving; false if its share of the port could not be opened. */
    private boolean startServing(EventLoop loop, int index, double[] busy, double idle) {
        Listener share = null;
        if (shareHost != null && !shareOpen[index]) {
            try {
                share = Listener.tcpShare(shareHost, sharePort);
            } catch (IOException e) {
                log.log("could not start event loop " + (index + 1) + ": no share of port " + sharePort + ": " + e);
                return false;
            }
            shareOpen[index] = true;
        }
        loop.serve(share);
        state.serving(index + 1);
        // New connections spread over the serving loops from now on; connections already open, each loop's
        // share of those that only wait for their client, move to the new loop, so that held connections are
        // spread too.
        List<EventLoop> loops = state.loops();
        for (int i = 0; i < index; i++) {
            loops.get(i).rebalance(loop, 1.0 / (index + 1));
        }
        say(
                "event loop %d of %d serving now: the serving loops were at least %.0f%% busy and the host had"
                        + " %.1f idle cores",
                index, busy, idle);
        return true;
    }

    /** Lets loop {@code index}, the newest serving one, rest; its connections go to the serving loops. */
    private void rest(EventLoop loop, int index, double[] busy, double idle) {
        state.serving(index);
        loop.rest();
        say(
                "event loop %1$d of %2$d resting: the host had %4$.1f idle cores and a serving loop was only"
                        + " %3$.0f%% busy; its connections go to the serving loops",
                index, busy, idle);
    }

    /** Logs {@code format} with loop {@code index}'s number, the loops, the least busy share and {@code idle}. */
    private void say(String format, int index, double[] busy, double idle) {
        log.log(String.format(
                Locale.ROOT, format, index + 1, state.loops().size(), 100 * LoopDemand.least(busy), idle));
    }

    /** Stops sampling and waits for a sample in progress to finish. */
    @Override
    public void close() {
        timer.shutdownNow();
        try {
            if (!timer.awaitTermination(5, TimeUnit.SECONDS)) {
                log.log("the event loops' sampling did not stop within 5 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
