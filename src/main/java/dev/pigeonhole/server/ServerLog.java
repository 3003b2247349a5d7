package dev.pigeonhole.server;

import java.io.PrintStream;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Where the server reports its events, one line each: start, stop, limits hit, and every connection
 * dropped for breaking the protocol (with the rule and a sanitized excerpt, since the client itself is
 * told nothing, P10). Implementations are thread-safe and never block for long; lines never contain a
 * line break.
 */
@FunctionalInterface
public interface ServerLog {

    /** Reports one event. */
    void log(String event);

    /**
     * Reports an event that a client can make happen again and again (a refusal, a dropped connection):
     * {@code kind} names what happened ("queue full"), {@code key} who or what it happened to (a
     * connection, a user). The server's own log writes the first of each kind and key at once and then
     * counts the rest, writing one line per kind and key at the end of each 10-second window with the
     * count ("queue full 52,114 times for bob in the last 10 s"), so that no client can flood the log.
     * {@code key} starts with its preposition ("by #17 127.0.0.1:51234", "for bob"). {@code event} makes the
     * full line, only when it is written: a flood of refusals costs no string building. This default reports
     * every one: for logs that only collect events (tests).
     */
    default void repeated(String kind, String key, Supplier<String> event) {
        log(event.get());
    }

    /** Waits (at most {@code timeout}) until every line reported so far is written: before the process exits. */
    default void flush(Duration timeout) {}

    /** Writes each event to standard error, prefixed with the time in UTC. */
    static ServerLog stderr() {
        return to(System.err);
    }

    /**
     * Writes each event to {@code out}, prefixed with the time in UTC, from a thread of its own through a
     * bounded buffer (lines that do not fit are counted and dropped, never waited for), with repeated events
     * rate limited. See {@code LogWriter}.
     */
    static ServerLog to(PrintStream out) {
        return new LogWriter(out);
    }

    /** A duration as an operator writes it: {@code 15m}, {@code 30s}, {@code 250ms}. */
    static String format(Duration d) {
        long ms = d.toMillis();
        if (ms > 0 && ms % 3_600_000L == 0) {
            return ms / 3_600_000L + "h";
        }
        if (ms > 0 && ms % 60_000L == 0) {
            return ms / 60_000L + "m";
        }
        return ms % 1000L == 0 ? ms / 1000L + "s" : ms + "ms";
    }
}
