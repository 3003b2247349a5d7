package dev.pigeonhole.bench;

import dev.pigeonhole.protocol.ProtocolException;
import dev.pigeonhole.system.IoReason;
import java.io.EOFException;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** Errors seen by all workers: a count and the first few, described for a person. Thread-safe. */
final class Failures {
    private static final int KEPT = 5;

    private final AtomicLong count = new AtomicLong();
    // Guards `first`: appended to by any worker, read at the end of the run.
    private final Object lock = new Object();
    private final List<String> first = new ArrayList<>();

    void add(String where, Exception e) {
        count.incrementAndGet();
        String what = e instanceof ProtocolException
                ? "wrong reply: " + e.getMessage()
                : e instanceof SocketTimeoutException
                        ? "no reply within the timeout"
                        : e instanceof EOFException ? "connection closed by the server" : IoReason.of(e);
        synchronized (lock) {
            if (first.size() < KEPT) {
                first.add(where + ": " + what);
            }
        }
    }

    long count() {
        return count.get();
    }

    List<String> first() {
        synchronized (lock) {
            return List.copyOf(first);
        }
    }
}
