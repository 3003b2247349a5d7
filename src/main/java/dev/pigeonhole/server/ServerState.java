package dev.pigeonhole.server;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the event loops of one server share: the mailboxes, the loops themselves (the accepting loop hands
 * connections to them in turn), the count of open connections against {@code --max-connections}, and the
 * count of requests not yet answered, which a graceful stop waits for. Thread-safe.
 */
final class ServerState {
    private final Mailboxes mailboxes;
    private final int maxConnections;
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicLong lastConnectionId = new AtomicLong();
    /** Requests read and not yet answered, across all connections: shutdown waits for it to reach 0. */
    private final LongAdder pendingRequests = new LongAdder();

    private volatile List<EventLoop> loops = List.of();

    ServerState(Mailboxes mailboxes, int maxConnections) {
        this.mailboxes = mailboxes;
        this.maxConnections = maxConnections;
    }

    void loops(List<EventLoop> loops) {
        this.loops = List.copyOf(loops);
    }

    /** The loop for the {@code n}th accepted connection: round robin. */
    EventLoop loop(int n) {
        List<EventLoop> all = loops;
        return all.get(Math.floorMod(n, all.size()));
    }

    Mailboxes mailboxes() {
        return mailboxes;
    }

    long nextConnectionId() {
        return lastConnectionId.incrementAndGet();
    }

    /** Counts a new connection in; false (and nothing counted) if the server holds its maximum already. */
    boolean admit() {
        while (true) {
            int n = open.get();
            if (n >= maxConnections) {
                return false;
            }
            if (open.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    /** A connection counted by {@link #admit} is closed. */
    void connectionClosed() {
        open.decrementAndGet();
    }

    void requests(int delta) {
        pendingRequests.add(delta);
    }

    long pendingRequests() {
        return pendingRequests.sum();
    }
}
