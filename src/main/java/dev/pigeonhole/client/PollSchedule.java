package dev.pigeonhole.client;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * When an open client next asks the server for mail. The seed protocol has no push, so a message waits on
 * the server until the recipient's next READ: polling fast makes messages arrive at once, polling slowly
 * makes an open client cheap. This schedule does both: it polls every {@link #fast} while the client is in
 * use (a key pressed, a message sent or received within the last {@link #warm}) and every {@link #idle}
 * otherwise. A terminal window that has the focus counts as in use for as long as it has it (see {@link
 * #focus}), so that the first message after a quiet spell shows at once too; a terminal that never reports
 * focus leaves only the other signs.
 *
 * <p>Why these defaults: a READ answered {@code READ ERROR} costs the server one request, so an open client
 * costs 4 requests/s while in use and 0.5/s when idle (measured in {@code src/bench/idle-clients.sh}).
 * A message waits on average half the poll period, so 250 ms gives a median send-to-display of about
 * 125 ms plus the archive's fsync and a frame (measured in {@code src/bench/send-to-display.sh}), inside the
 * 250 ms a conversation needs to feel live. Two minutes of warmth covers the pause while someone reads and
 * types a reply; a client left open on a desk falls back to the idle rate, so 1,000 of them cost the server
 * about 500 requests/s.
 *
 * <p>Thread-safe: {@link #touch} and {@link #focus} are called from the UI and input threads, the rest from
 * the network thread.
 */
public final class PollSchedule {
    /** Poll period while in use. */
    public static final Duration FAST = Duration.ofMillis(250);
    /** How long after the last sign of use the client stays fast. */
    public static final Duration WARM = Duration.ofMinutes(2);

    private final Clock clock;
    private final Duration fast;
    private final Duration idle;
    private final Duration warm;
    /** Epoch milliseconds of the last sign of use; Long.MIN_VALUE: none yet. */
    private final AtomicLong lastUse = new AtomicLong(Long.MIN_VALUE);
    /** The terminal said its window has the focus, and has not said otherwise since. */
    private volatile boolean focused;

    /**
     * @param fast the period while in use
     * @param idle the period otherwise (at least {@code fast})
     * @param warm how long a sign of use keeps the period fast
     * @throws IllegalArgumentException if a period is not positive or {@code idle < fast}
     */
    public PollSchedule(Clock clock, Duration fast, Duration idle, Duration warm) {
        if (fast.isNegative() || fast.isZero() || idle.compareTo(fast) < 0 || warm.isNegative()) {
            throw new IllegalArgumentException("poll periods: fast " + fast + ", idle " + idle + ", warm " + warm);
        }
        this.clock = clock;
        this.fast = fast;
        this.idle = idle;
        this.warm = warm;
    }

    /**
     * The default schedule for a client whose user chose {@code idle} (the {@code --interval} option): never
     * slower than that, {@link #FAST} (or {@code idle}, if shorter) while in use.
     */
    public static PollSchedule forInterval(Clock clock, Duration idle) {
        Duration fast = idle.compareTo(FAST) < 0 ? idle : FAST;
        return new PollSchedule(clock, fast, idle, WARM);
    }

    /**
     * A sign of use now: a key, a send, a message received. Returns true if the client was idle, i.e. the
     * poll already planned may be later than it now should be (the caller wakes the poller).
     */
    public boolean touch() {
        long now = clock.millis();
        long before = lastUse.getAndAccumulate(now, Math::max);
        return before == Long.MIN_VALUE || now - before >= warm.toMillis();
    }

    /**
     * The terminal reported focus in ({@code true}) or out. Focused, the client is in use until focus out;
     * focus out is a sign of use like a key, so the {@link #WARM} period runs from then. Returns true if the
     * client was idle (the caller wakes the poller, as for {@link #touch}).
     */
    public boolean focus(boolean in) {
        boolean wasIdle = !inUse();
        if (!in) {
            touch();
        }
        focused = in;
        return wasIdle && in;
    }

    /** True while the window has the focus or a sign of use is recent enough for fast polling. */
    public boolean inUse() {
        long last = lastUse.get();
        return focused || (last != Long.MIN_VALUE && clock.millis() - last < warm.toMillis());
    }

    /** The period that applies now. */
    public Duration period() {
        return inUse() ? fast : idle;
    }

    /** When the poll after one made at {@code last} is due. */
    public Instant next(Instant last) {
        return last.plus(period());
    }

    public Duration fast() {
        return fast;
    }

    public Duration idle() {
        return idle;
    }
}
