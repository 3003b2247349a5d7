package dev.pigeonhole.server;

/**
 * Decides, from one measurement a second, when more event loops should serve and when one should rest.
 *
 * <p>A loop starts serving only while every loop that serves is saturated <em>and</em> the host has idle CPU,
 * for a few samples in a row. A second loop on a host whose cores the clients keep busy only time-slices with
 * them (measured on 2 cores: a third less rate at twice the p99), so saturation alone is not enough; a
 * saturated loop beside idle cores is exactly where a fixed count of one loop leaves speed unused.
 *
 * <p>The newest serving loop rests again once the host has had no idle CPU for {@link #REST_SAMPLES} samples
 * while some serving loop had time to spare: the clients (or anything else) want the cores back, and the
 * loops do not need all of them. A resting loop keeps its share of the port (closing it would reset the
 * connections the kernel has queued there) but hands what it accepts and what it holds to the serving loops.
 * Each rest doubles the samples a later start needs (up to {@link #MAX_START_SAMPLES}), so a load that sits on
 * the edge does not make loops come and go every few seconds.
 *
 * <p>Not thread-safe: one sampling thread uses it.
 */
final class LoopDemand {
    /** A loop is saturated when its thread uses at least this share of a core's time. */
    static final double SATURATED = 0.9;
    /**
     * Idle CPU the host must have, in cores, for one more loop. Half a core: measured on 2 cores, pipelining
     * clients that left 0.7 of a core idle beside a saturated loop were served 15% more with two loops, and a
     * loop started for them rests again once local clients fill the cores (src/docs/performance.md).
     */
    static final double IDLE_CORES = 0.5;
    /**
     * Below this much idle CPU, in cores, the host has none to spare: a loop rests if one has time to spare.
     * Measured on 2 cores with two loops and a local client: 0.2-0.3 of a core stays idle, lost to the
     * loops' and the client's wake-ups of each other, and one loop would serve a third more.
     */
    static final double BUSY_HOST = 0.5;
    /** Samples in a row that must show a start's conditions, at first, so that one burst does not start a loop. */
    static final int START_SAMPLES = 2;
    /** The most samples a start can need after loops rested. */
    static final int MAX_START_SAMPLES = 64;
    /** Samples in a row that must show a rest's conditions. */
    static final int REST_SAMPLES = 5;

    private final int mostLoops;
    private int startSamples = START_SAMPLES;
    private int startStreak;
    private int restStreak;

    /** A demand for at most {@code mostLoops} serving loops in all. */
    LoopDemand(int mostLoops) {
        if (mostLoops < 1) {
            throw new IllegalArgumentException("mostLoops must be at least 1, not " + mostLoops);
        }
        this.mostLoops = mostLoops;
    }

    /**
     * One sample: {@code busy} holds each serving loop's CPU time over the last interval, as a share of it (0..1),
     * {@code idleCores} the host's idle CPU over the same interval in cores, NaN when unknown (never changes
     * anything).
     *
     * @return how many loops should start serving now (one per two idle cores, at least one, within
     *     {@code mostLoops}), or -1 if the newest serving loop should rest, or 0
     */
    int sample(double[] busy, double idleCores) {
        if (busy.length == 0 || Double.isNaN(idleCores)) {
            startStreak = 0;
            restStreak = 0;
            return 0;
        }
        double least = least(busy);
        boolean start = busy.length < mostLoops && least >= SATURATED && idleCores >= IDLE_CORES;
        boolean rest = busy.length > 1 && least < SATURATED && idleCores < BUSY_HOST;
        startStreak = start ? startStreak + 1 : 0;
        restStreak = rest ? restStreak + 1 : 0;
        if (startStreak >= startSamples) {
            startStreak = 0;
            // The idle cores also carry the kernel's share of the new loops' requests (and, on loopback, the
            // clients' side of them): one loop per two idle cores.
            int wanted = Math.max(1, (int) (idleCores / 2));
            return Math.min(wanted, mostLoops - busy.length);
        }
        if (restStreak >= REST_SAMPLES) {
            restStreak = 0;
            startSamples = Math.min(MAX_START_SAMPLES, startSamples * 2);
            return -1;
        }
        return 0;
    }

    /** The least busy loop's share of a core in {@code busy} (1 when there is none). */
    static double least(double[] busy) {
        double least = 1;
        for (double b : busy) {
            least = Math.min(least, b);
        }
        return least;
    }
}
