package dev.pigeonhole.server;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every user's {@link Mailbox}, created on the first message for that user, and the rules for moving
 * messages through them: the queue limit (P7), the {@link MessageStore} (written outside every lock,
 * before {@code MESSAGE SENT}), and reads that become final only when confirmed.
 *
 * <p>Thread-safe: every event loop calls these methods at once; each user's {@link Mailbox} has its own lock.
 * The store is called outside every lock and answers through a {@link MessageStore.Completion}, so a loop never
 * waits for the disk.
 */
final class Mailboxes {
    private final ConcurrentHashMap<String, Mailbox> byUser = new ConcurrentHashMap<>();
    private final AtomicLong lastId = new AtomicLong();
    private final MessageStore store;
    private final int maxQueue;
    private final ServerLog log;
    /**
     * True from a failed store call until one succeeds. A full disk fails every COMPOSE: the incident is
     * logged when it starts and when it ends, not once per call.
     */
    private final AtomicBoolean storeFailing = new AtomicBoolean();

    Mailboxes(MessageStore store, int maxQueue, ServerLog log) {
        this.store = store;
        this.maxQueue = maxQueue;
        this.log = log;
    }

    /** Loads what the store still holds; call once, before any connection is accepted. Returns the count. */
    long recover() throws IOException {
        long[] count = {0};
        store.recover(m -> {
            byUser.computeIfAbsent(m.recipient(), Mailbox::new).restore(m);
            lastId.accumulateAndGet(m.id(), Math::max);
            count[0]++;
        });
        // Not just the highest live id: ids of messages read before the restart are still in the store's
        // records, and giving one to a new message would make the two indistinguishable there.
        lastId.accumulateAndGet(store.highestId(), Math::max);
        return count[0];
    }

    /** P5: the messages waiting for {@code user} (messages taken by a READ and not yet confirmed are not counted). */
    long count(String user) {
        Mailbox box = byUser.get(user);
        return box == null ? 0 : box.size();
    }

    /**
     * P7, first step: claims room for a message to {@code recipient} and returns it, or returns null if the
     * queue is full ({@code MESSAGE FAILED}). The caller then records it with {@link #store} and finishes with
     * {@link #stored}; until then the message is not readable.
     */
    StoredMessage reserve(String sender, String recipient, String text) {
        Mailbox box = byUser.computeIfAbsent(recipient, Mailbox::new);
        Mailbox.Reservation r = box.reserve(maxQueue);
        if (r != Mailbox.Reservation.GRANTED) {
            if (r == Mailbox.Reservation.FULL) {
                log.log("queue full: " + recipient + " holds " + maxQueue
                        + " unread messages; refusing COMPOSE until one is read");
            }
            return null;
        }
        // box.user(), not the recipient parsed from this COMPOSE: one name per mailbox instead of one per
        // stored message (about a fifth of the heap a short message costs).
        return new StoredMessage(lastId.incrementAndGet(), box.user(), sender, text);
    }

    /**
     * P7 in one call, waiting for the store: true means {@code MESSAGE SENT}. For callers that may wait (tests,
     * benchmarks); the event loops use {@link #reserve}, {@link #store} and {@link #stored}, which never wait.
     */
    boolean deliver(String sender, String recipient, String text) {
        StoredMessage message = reserve(sender, recipient, text);
        if (message == null) {
            return false;
        }
        CompletableFuture<Throwable> answer = new CompletableFuture<>();
        store(message, answer::complete);
        return stored(message, answer.join());
    }

    /** Hands a reserved message to the store, which answers through {@code done} (at once when in memory). */
    void store(StoredMessage message, MessageStore.Completion done) {
        store.stored(message, done);
    }

    /**
     * P7, last step, once the store answered: {@code failure} null makes the message readable
     * ({@code MESSAGE SENT}, returns true); otherwise its room is given back ({@code MESSAGE FAILED}).
     */
    boolean stored(StoredMessage message, Throwable failure) {
        Mailbox box = byUser.computeIfAbsent(message.recipient(), Mailbox::new);
        if (failure != null) {
            box.release();
            storeFailed(
                    "message " + message.id() + " for " + message.recipient() + " refused (MESSAGE FAILED)", failure);
            return false;
        }
        storeWorks();
        box.commit(message);
        return true;
    }

    /** P8: takes the oldest message for {@code user}, or {@code null}. It stays in the store until {@link #confirm}. */
    StoredMessage take(String user) {
        Mailbox box = byUser.get(user);
        return box == null ? null : box.poll();
    }

    /**
     * The reader has shown it got {@code message}: its removal goes to the store, which answers through
     * {@code done}; pass the answer to {@link #confirmed}.
     */
    void confirm(StoredMessage message, MessageStore.Completion done) {
        store.removed(message, done);
    }

    /** The store answered a {@link #confirm}: a failure is reported (the message may come back after a restart). */
    void confirmed(StoredMessage message, Throwable failure) {
        if (failure != null) {
            // The reader has the message; the store may bring it back after a restart. Say so, carry on.
            storeFailed(
                    "removal of message " + message.id() + " for " + message.recipient()
                            + " not recorded (it may be delivered again after a restart)",
                    failure);
        }
    }

    private void storeFailed(String what, Throwable cause) {
        if (storeFailing.compareAndSet(false, true)) {
            log.log("store failed: " + what + ": " + cause
                    + "; further store failures are not logged until one succeeds");
        }
    }

    private void storeWorks() {
        if (storeFailing.get() && storeFailing.compareAndSet(true, false)) {
            log.log("store works again");
        }
    }

    /** The reader's connection ended before it confirmed {@code message}: it is the oldest again. */
    void putBack(StoredMessage message) {
        byUser.computeIfAbsent(message.recipient(), Mailbox::new).putBack(message);
    }
}
