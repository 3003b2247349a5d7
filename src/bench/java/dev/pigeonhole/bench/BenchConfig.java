package dev.pigeonhole.bench;

import java.time.Duration;

/**
 * One benchmark run's settings.
 *
 * @param redis       speak RESP to a Redis server instead of Pigeonhole's protocol
 * @param connections active connections (each with its own thread and user)
 * @param idle        idle logged-in connections for {@link Workload#IDLE}, else 0
 * @param timeout     for connecting and for every single reply; a late reply is an error
 */
public record BenchConfig(
        String host,
        int port,
        boolean redis,
        Workload workload,
        int connections,
        int idle,
        Duration warmup,
        Duration duration,
        int messageBytes,
        Duration timeout) {
    /** Active connections have a thread each, and the delivery ledger grows with their square. */
    public static final int MAX_CONNECTIONS = 1000;

    public BenchConfig {
        if (connections < 1 || (workload == Workload.FANIN && connections < 2)) {
            throw new IllegalArgumentException(
                    workload == Workload.FANIN
                            ? "fanin needs at least 2 connections (senders and one reader)"
                            : "at least one connection is needed");
        }
        if (connections > MAX_CONNECTIONS) {
            throw new IllegalArgumentException("at most " + MAX_CONNECTIONS + " active connections (one thread each);"
                    + " use the idle workload for many more connections");
        }
        if (idle < 0) {
            throw new IllegalArgumentException("--idle cannot be negative");
        }
        if (messageBytes < Payload.MIN_SIZE) {
            throw new IllegalArgumentException("--message-bytes must be at least " + Payload.MIN_SIZE
                    + " (each message carries its sender and number so that delivery can be checked)");
        }
        if (warmup.isNegative()
                || duration.isNegative()
                || duration.isZero()
                || timeout.isNegative()
                || timeout.isZero()) {
            throw new IllegalArgumentException("durations must be positive");
        }
    }

    String target() {
        return redis ? "redis" : "pigeonhole";
    }

    int timeoutMillis() {
        return Math.toIntExact(Math.max(1, timeout.toMillis()));
    }
}
