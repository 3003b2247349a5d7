package dev.pigeonhole.server;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;

/**
 * Where the server reports its events, one line each: start, stop, limits hit, and every connection
 * dropped for breaking the protocol (with the rule and a sanitized excerpt, since the client itself is
 * told nothing, P10). Implementations are thread-safe; lines never contain a line break.
 */
@FunctionalInterface
public interface ServerLog {

    /** Reports one event. */
    void log(String event);

    /**
     * Reports an event that a client can make happen again and again (a refusal, a dropped connection):
     * {@code kind} names what happened ("queue full"), {@code key} who or what it happened to (a
     * connection, a user). The server's own log writes the first of each kind and key at once and then
     * counts the rest, writing one line per kind and key every {@link RateLimitedLog#WINDOW} with the count
     * ("queue full 52,114 times for bob in the last 10 s"), so that no client can flood the log. This default
     * reports every one: for logs that only collect events (tests).
     */
    default void repeated(String kind, String key, String event) {
        log(event);
    }

    /** Writes each event to standard error, prefixed with the time in UTC. */
    static ServerLog stderr() {
        return to(System.err);
    }

    /** Writes each event to {@code out}, prefixed with the time in UTC. */
    static ServerLog to(PrintStream out) {
        // PrintStream is synchronized, so concurrent events never interleave within a line.
        return event -> out.println(Instant.now() + " " + event);
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
