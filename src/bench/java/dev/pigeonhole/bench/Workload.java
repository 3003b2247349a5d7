package dev.pigeonhole.bench;

import java.util.Locale;

/** What each benchmark connection does; see {@code pigeonhole bench --help}. */
public enum Workload {
    /** Log in once, then COMPOSE to a random user and READ one's own mailbox, over and over. */
    HELD("replies"),
    /** Per iteration: connect, LOGIN, COMPOSE, READ, EXIT (the full-screen client's polling pattern). */
    SHORT("sessions"),
    /** {@code --idle} logged-in connections that do nothing, while the active ones run {@link #HELD}. */
    IDLE("replies"),
    /** All connections but one COMPOSE to one recipient, whose one connection READs. */
    FANIN("replies");

    private final String unit;

    Workload(String unit) {
        this.unit = unit;
    }

    /** What one counted operation is. */
    public String unit() {
        return unit;
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
