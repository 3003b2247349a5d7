package dev.pigeonhole.server;

/**
 * Decides, from one measurement a second, when more event loops should start serving: only while every loop
 * that serves is saturated <em>and</em> the host has a core that nobody uses, for {@link #SAMPLES} samples in a
 * row. A second loop on a host whose cores the clients keep busy only time-slices with them (measured on 2
 * cores: the same rate at several times the p99), so saturation alone is not enough; an idle host with a
 * saturated loop is exactly where a fixed count of one loop leaves speed unused.
 *
 * <p>Loops are only ever added: a serving loop whose load falls sleeps in {@code select} and costs nothing,
 * and taking its listening share away would reset the connections the kernel has queued on it.
 *
 * <p>Not thread-safe: one sampling thread uses it.
 */
final class LoopDemand {
    /** A loop is saturated when it spends at least this share of the time outside {@code select}. */
    static final double SATURATED = 0.9;
    /**
     * Idle CPU the host must have, in cores, for one more loop: a whole core (a little under 1 for the kernel's
     * own threads). Half a core would do for a burst, but a loop never stops serving, and measured on 2 cores a
     * second loop started during a burst of pipelined clients (0.7 cores idle) cost the local clients that came
     * after 30% of their rate for good (src/docs/performance.md).
     */
    static final double IDLE_CORES = 0.9;
    /** Samples in a row that must show both, so that one burst does not start a loop. */
    static final int SAMPLES = 2;

    private final int mostLoops;
    private int streak;

    /** A demand for at most {@code mostLoops} serving loops in all. */
    LoopDemand(int mostLoops) {
        if (mostLoops < 1) {
            throw new IllegalArgumentException("mostLoops must be at least 1, not " + mostLoops);
        }
        this.mostLoops = mostLoops;
    }

    /**
     * One sample: {@code busy} holds each serving loop's share of the last interval spent outside {@code select}
     * (0..1), {@code idleCores} the host's idle CPU over the same interval in cores, NaN when unknown (never
     * grows the pool).
     *
     * @return how many loops should start serving now: 0, or one per two idle cores (at least one), within
     *     {@code mostLoops}
     */
    int sample(double[] busy, double idleCores) {
        boolean saturated = busy.length > 0 && busy.length < mostLoops && idleCores >= IDLE_CORES;
        for (double b : busy) {
            saturated &= b >= SATURATED;
        }
        streak = saturated ? streak + 1 : 0;
        if (streak < SAMPLES) {
            return 0;
        }
        streak = 0;
        // The idle cores also have to carry the kernel's share of the new loops' requests (and, on loopback,
        // the clients' side of them): one loop per two idle cores.
        int wanted = Math.max(1, (int) (idleCores / 2));
        return Math.min(wanted, mostLoops - busy.length);
    }
}
