package dev.pigeonhole.server;

import java.io.PrintStream;
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

    /** Writes each event to standard error, prefixed with the time in UTC. */
    static ServerLog stderr() {
        return to(System.err);
    }

    /** Writes each event to {@code out}, prefixed with the time in UTC. */
    static ServerLog to(PrintStream out) {
        // PrintStream is synchronized, so concurrent events never interleave within a line.
        return event -> out.println(Instant.now() + " " + event);
    }
}
