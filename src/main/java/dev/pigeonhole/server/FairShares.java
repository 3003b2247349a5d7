package dev.pigeonhole.server;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What one sender may hold, so that no single user can block the others: at most {@link #queueShare} of any
 * one recipient's queue ({@code --max-queue}) and at most {@link #memoryShare} of the memory budget
 * ({@code --max-memory}), each a {@link #COLLUDERS}th of the whole. As the D-Bus system bus publishes for its
 * limits: it takes {@link #COLLUDERS} users working together to fill a recipient's queue or the budget, and
 * one user alone can never do it.
 *
 * <p>A sender is the name a session logged in as. Over the Unix socket the OS vouches for it, so the shares
 * hold against a hostile local user; over TCP anyone can log in under as many names as they like, and the
 * shares only slow a careless script down.
 *
 * <p>Thread-safe: the byte ledger is a concurrent map of counters; the queue share is counted by each
 * {@link Mailbox} under its own lock. A counter reaches 0 only inside the map's {@code compute} methods,
 * which remove it in the same step; so a counter seen above 0 is still in the map, and the fast paths
 * change it with compare-and-set while it stays above 0, without the map's lock or a lambda per message
 * (COMPOSE and READ each pass here; the locked path cost about 2% of a loop's time, profiled).
 */
final class FairShares {
    /** The number of senders it takes, working together, to fill a recipient's queue or the memory budget. */
    static final int COLLUDERS = 10;

    private final int queueShare;
    private final long memoryShare;
    /**
     * Bytes of the budget each sender's waiting messages take; a sender at 0 has no entry. A value is brought
     * to 0 (and its entry removed) only inside the map's compute methods, under the map's lock for its key;
     * every change is atomic on the counter, so the lock-free fast paths lose no update.
     */
    private final ConcurrentHashMap<String, AtomicLong> bytesBySender = new ConcurrentHashMap<>();

    /**
     * @param maxQueue  the queue limit per recipient, 0 for none
     * @param maxMemory the memory budget in bytes, 0 for none
     */
    FairShares(int maxQueue, long maxMemory) {
        this.queueShare = queueShare(maxQueue);
        this.memoryShare = maxMemory / COLLUDERS;
    }

    /**
     * A {@link #COLLUDERS}th of {@code maxQueue}, but never below what P7 promises one user can receive (100) nor
     * above the whole queue: a sender may always leave a user 100 messages. 0 (no limit) for no limit.
     */
    static int queueShare(int maxQueue) {
        if (maxQueue <= 0) {
            return 0;
        }
        return Math.max(maxQueue / COLLUDERS, Math.min(maxQueue, dev.pigeonhole.protocol.Limits.MIN_QUEUE));
    }

    /** The most messages one sender may have waiting for one recipient; 0 for no limit. */
    int queueShare() {
        return queueShare;
    }

    /** The most bytes of the budget one sender's waiting messages may take; 0 for no limit. */
    long memoryShare() {
        return memoryShare;
    }

    /** Charges {@code bytes} to {@code sender} if that stays within its share; false (nothing charged) if not. */
    boolean tryCharge(String sender, long bytes) {
        AtomicLong current = bytesBySender.get(sender);
        if (current != null) {
            for (long now = current.get(); now > 0; now = current.get()) {
                if (memoryShare > 0 && now + bytes > memoryShare) {
                    return false;
                }
                if (current.compareAndSet(now, now + bytes)) {
                    return true;
                }
            }
        }
        boolean[] charged = {false};
        // compute() runs under the map's lock for this sender: a check and its charge are one step, and an
        // entry is never dropped while another thread adds to it.
        bytesBySender.compute(sender, (s, held) -> {
            AtomicLong h = held == null ? new AtomicLong() : held;
            for (long now = h.get(); ; now = h.get()) {
                if (memoryShare > 0 && now + bytes > memoryShare) {
                    return held;
                }
                if (h.compareAndSet(now, now + bytes)) {
                    charged[0] = true;
                    return h;
                }
            }
        });
        return charged[0];
    }

    /** Charges {@code bytes} to {@code sender} whatever the share: for what is already in memory (recovery). */
    void charge(String sender, long bytes) {
        bytesBySender.compute(sender, (s, held) -> {
            AtomicLong h = held == null ? new AtomicLong() : held;
            h.addAndGet(bytes);
            return h;
        });
    }

    /** Gives back {@code bytes} that {@code sender}'s message held. */
    void release(String sender, long bytes) {
        AtomicLong current = bytesBySender.get(sender);
        if (current != null) {
            for (long now = current.get(); now - bytes > 0; now = current.get()) {
                if (current.compareAndSet(now, now - bytes)) {
                    return;
                }
            }
        }
        bytesBySender.computeIfPresent(sender, (s, held) -> held.addAndGet(-bytes) <= 0 ? null : held);
    }

    /** What {@code sender}'s waiting messages take of the budget, in bytes. */
    long bytes(String sender) {
        AtomicLong held = bytesBySender.get(sender);
        return held == null ? 0 : held.get();
    }
}
