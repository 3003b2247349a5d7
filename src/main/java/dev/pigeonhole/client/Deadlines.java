package dev.pigeonhole.client;

import java.time.Duration;

/** Duration arithmetic for deadlines, safe from overflow. */
final class Deadlines {
    private Deadlines() {}

    /** {@code d} in nanoseconds, at least 1, and capped (at 73 years) so that deadline arithmetic never overflows. */
    static long nanos(Duration d) {
        long cap = Long.MAX_VALUE / 4;
        return d.compareTo(Duration.ofNanos(cap)) >= 0 ? cap : Math.max(1, d.toNanos());
    }

    /** A positive socket timeout in milliseconds (0 would mean "wait forever"), rounded up. */
    static int millis(long nanos) {
        long ms = (Math.max(1, nanos) + 999_999) / 1_000_000;
        return (int) Math.min(Integer.MAX_VALUE, ms);
    }
}
