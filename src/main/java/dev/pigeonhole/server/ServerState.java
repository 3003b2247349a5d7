package dev.pigeonhole.server;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the event loops of one server share: the mailboxes, the loops themselves (the accepting loop hands
 * connections to them in turn), the count of open connections against {@code --max-connections} and, per
 * peer, against {@code --max-connections-per-address}. Thread-safe.
 */
final class ServerState {
    private final Mailboxes mailboxes;
    private final Accounts accounts;
    private final int maxConnections;
    private final int maxPerPeer;
    private final AtomicInteger open = new AtomicInteger();
    /** Open connections per peer key; a key is removed when its count returns to 0, so the map stays small. */
    private final ConcurrentHashMap<String, Integer> openByPeer = new ConcurrentHashMap<>();

    private final AtomicLong lastConnectionId = new AtomicLong();

    private volatile List<EventLoop> loops = List.of();
    /**
     * How many of {@link #loops}, from the first, serve: the others wait to be started on demand. Raised by
     * the sampling thread, read by the accepting loop.
     */
    private volatile int serving;

    ServerState(Mailboxes mailboxes, int maxConnections, int maxPerPeer) {
        this(mailboxes, maxConnections, maxPerPeer, Accounts.ofHost(event -> {}));
    }

    /** As above, with {@code accounts} deciding who may receive over the Unix socket. */
    ServerState(Mailboxes mailboxes, int maxConnections, int maxPerPeer, Accounts accounts) {
        this.mailboxes = mailboxes;
        this.accounts = accounts;
        this.maxConnections = maxConnections;
        this.maxPerPeer = maxPerPeer;
    }

    /** What {@link #admit} decided. */
    enum Admission {
        ADMITTED,
        SERVER_FULL,
        PEER_FULL
    }

    /** The server's event loops, of which the first {@code serving} serve from the start. */
    void loops(List<EventLoop> loops, int serving) {
        this.loops = List.copyOf(loops);
        serving(serving);
    }

    /** The loop for the {@code n}th accepted connection: round robin over the serving loops. */
    EventLoop loop(int n) {
        return loops.get(Math.floorMod(n, serving));
    }

    /** All event loops, serving or not, in the order they start serving. */
    List<EventLoop> loops() {
        return loops;
    }

    /** How many loops serve, the first ones of {@link #loops()}. */
    int serving() {
        return serving;
    }

    /** The first {@code count} loops serve from now on; the others rest. */
    void serving(int count) {
        if (count < 1 || count > loops.size()) {
            throw new IllegalArgumentException("serving must be 1.." + loops.size() + ", not " + count);
        }
        serving = count;
    }

    Mailboxes mailboxes() {
        return mailboxes;
    }

    /** Who may receive over the Unix socket. */
    Accounts accounts() {
        return accounts;
    }

    long nextConnectionId() {
        return lastConnectionId.incrementAndGet();
    }

    /**
     * Counts a new connection from {@code peer} (an address, or a Unix socket's OS user) in, unless the server
     * or that peer holds its maximum already; then nothing is counted.
     */
    Admission admit(String peer) {
        while (true) {
            int n = open.get();
            if (n >= maxConnections) {
                return Admission.SERVER_FULL;
            }
            if (open.compareAndSet(n, n + 1)) {
                break;
            }
        }
        if (maxPerPeer > 0) {
            boolean[] full = {false};
            openByPeer.compute(peer, (k, v) -> {
                int count = v == null ? 0 : v;
                if (count >= maxPerPeer) {
                    full[0] = true;
                    return v;
                }
                return count + 1;
            });
            if (full[0]) {
                open.decrementAndGet();
                return Admission.PEER_FULL;
            }
        }
        return Admission.ADMITTED;
    }

    /** A connection admitted for {@code peer} is closed. */
    void connectionClosed(String peer) {
        open.decrementAndGet();
        if (maxPerPeer > 0) {
            openByPeer.computeIfPresent(peer, (k, v) -> v <= 1 ? null : v - 1);
        }
    }
}
