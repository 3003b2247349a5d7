package dev.pigeonhole.server;

import java.io.IOException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every user's {@link Mailbox}, created on the first message for that user, and the in-memory rules for
 * moving messages through them: the queue limit (P7) and the memory budget, a delivery in two steps
 * ({@link #reserve}, then {@link #stored} once the store answered) and reads that become final only when
 * confirmed. The {@link MessageStore} is not called here: the {@link Session} calls it between the steps,
 * outside every lock, and these methods only settle its answer.
 *
 * <p>Thread-safe: every event loop calls these methods at once; each user's {@link Mailbox} has its own lock.
 */
final class Mailboxes {
    /** Keyed by the name's bytes, so that a COMPOSE's recipient is found without making a String. */
    private final ConcurrentHashMap<Name, Mailbox> byUser = new ConcurrentHashMap<>();

    private final AtomicLong lastId = new AtomicLong();
    private final int maxQueue;
    private final MemoryBudget budget;
    private final ServerLog log;
    /** The store's own memory per live message (its index), charged to the budget with each message. */
    private final long storeBytesPerMessage;
    /**
     * True from a failed store call until one succeeds. A full disk fails every COMPOSE: the incident is
     * logged when it starts and when it ends, not once per call.
     */
    private final AtomicBoolean storeFailing = new AtomicBoolean();

    /**
     * {@code maxMemory}: the budget in bytes for everything the mailboxes hold, 0 for none;
     * {@code storeBytesPerMessage}: what the store keeps per message ({@link MessageStore#bytesPerMessage}).
     */
    Mailboxes(int maxQueue, long maxMemory, long storeBytesPerMessage, ServerLog log) {
        this.maxQueue = maxQueue;
        this.budget = new MemoryBudget(maxMemory);
        this.log = log;
        this.storeBytesPerMessage = storeBytesPerMessage;
    }

    /**
     * Loads what {@code store} still holds; call once, before any connection is accepted. Returns the count.
     *
     * @throws IOException if the store cannot be read
     */
    long recover(MessageStore store) throws IOException {
        long[] count = {0};
        store.recover(m -> {
            mailbox(Name.of(m.recipient())).restore(m);
            budget.charge(MemoryBudget.messageCost(m.sender(), m.body(), storeBytesPerMessage));
            lastId.accumulateAndGet(m.id(), Math::max);
            count[0]++;
        });
        // Not just the highest live id: ids of messages read before the restart are still in the store's
        // records, and giving one to a new message would make the two indistinguishable there.
        lastId.accumulateAndGet(store.highestId(), Math::max);
        return count[0];
    }

    /** The memory budget's estimate of what the mailboxes hold now, in bytes. */
    long memoryUsed() {
        return budget.used();
    }

    /** The memory budget in bytes, 0 for none. */
    long memoryLimit() {
        return budget.limit();
    }

    /**
     * How many users have a mailbox (one with messages, a delivery in progress or a session logged in as its
     * owner).
     */
    int mailboxCount() {
        return byUser.size();
    }

    /**
     * The mailbox of {@code user} for a session logged in under that name, made if there is none: held (not
     * retired, so the session can use it directly for every READ) until {@link #release}.
     */
    Mailbox hold(Name user) {
        while (true) {
            Mailbox box = mailbox(user);
            if (box.hold()) {
                return box;
            }
            byUser.remove(user, box); // retired meanwhile: its retirer may not have removed it yet
        }
    }

    /** The session that {@link #hold held} {@code box} ended. */
    void release(Mailbox box) {
        box.unhold();
        retireIfEmpty(box);
    }

    /**
     * A COMPOSE's message with room reserved for it: its mailbox and what it is charged to the memory budget.
     * {@link #stored} settles it once the store has answered.
     */
    record Delivery(StoredMessage message, Mailbox box, long cost) {}

    /**
     * P7, first step: charges the memory budget, claims room in {@code recipient}'s queue and returns the
     * message to store, or returns null if either is full ({@code MESSAGE FAILED}). The caller then records it
     * in the store and settles it with {@link #stored}; until then the message is not readable.
     */
    Delivery reserve(String sender, Name recipient, byte[] text) {
        long cost = MemoryBudget.messageCost(sender, text, storeBytesPerMessage);
        // Room for a new mailbox is asked for too, though charged only if one is made: near the limit,
        // a name that has no mailbox yet must not push the estimate over it.
        if (!budget.tryCharge(cost, MemoryBudget.mailboxCost(recipient.length()))) {
            log.repeated(
                    "memory budget full",
                    "by " + sender,
                    () -> "memory budget full: " + MemoryBudget.format(budget.used()) + " of --max-memory "
                            + MemoryBudget.format(budget.limit()) + " held; COMPOSE from " + sender + " to "
                            + recipient + " answered MESSAGE FAILED until messages are read");
            return null;
        }
        Mailbox box = mailbox(recipient);
        Mailbox.Reservation r = box.reserve(maxQueue);
        while (r == Mailbox.Reservation.RETIRED) {
            byUser.remove(recipient, box); // its retirer may not have removed it yet; then try the new one
            box = mailbox(recipient);
            r = box.reserve(maxQueue);
        }
        if (r == Mailbox.Reservation.FULL) {
            budget.release(cost);
            log.repeated(
                    "queue full",
                    "for " + recipient,
                    () -> "queue full: " + recipient + " holds " + maxQueue
                            + " unread messages; COMPOSE answered MESSAGE FAILED until one is read");
            return null;
        }
        // box.user(): the one String of the recipient's name, made with the mailbox, not per COMPOSE.
        return new Delivery(new StoredMessage(lastId.incrementAndGet(), box.user(), sender, text), box, cost);
    }

    /**
     * P7, last step, once the store answered: {@code failure} null makes the message readable
     * ({@code MESSAGE SENT}, returns true); otherwise its room and its budget are given back
     * ({@code MESSAGE FAILED}). The reservation kept the mailbox from being retired meanwhile.
     */
    boolean stored(Delivery delivery, Throwable failure) {
        StoredMessage message = delivery.message();
        Mailbox box = delivery.box();
        if (failure != null) {
            box.release();
            budget.release(delivery.cost());
            retireIfEmpty(box);
            storeFailed(
                    "message " + message.id() + " for " + message.recipient() + " refused (MESSAGE FAILED)", failure);
            return false;
        }
        storeWorks();
        box.commit(message);
        return true;
    }

    /** The mailbox of {@code user}, made (and charged to the budget, whatever the limit) if there is none. */
    private Mailbox mailbox(Name user) {
        Mailbox box = byUser.get(user);
        if (box != null) {
            return box;
        }
        return byUser.computeIfAbsent(user, u -> {
            Mailbox made = new Mailbox(u);
            budget.charge(MemoryBudget.mailboxCost(u.length()));
            return made;
        });
    }

    /** Drops {@code box} from the map if it is empty, so that a name nobody writes to costs nothing. */
    private void retireIfEmpty(Mailbox box) {
        if (box.retireIfEmpty()) {
            byUser.remove(box.name(), box);
            budget.release(MemoryBudget.mailboxCost(box.name().length()));
        }
    }

    /**
     * P8: takes the oldest message from {@code own}, a mailbox the caller {@link #hold holds}, or returns null.
     * It stays in the store until {@link #confirm}ed, or is {@link #putBack put back}.
     */
    StoredMessage take(Mailbox own) {
        return own.poll();
    }

    /**
     * The reader has shown it got {@code message}: it leaves the memory budget. The caller then records its
     * removal in the store and passes the answer to {@link #confirmed}.
     */
    void confirm(StoredMessage message) {
        budget.release(MemoryBudget.messageCost(message.sender(), message.body(), storeBytesPerMessage));
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

    /**
     * The reader's connection ended before it confirmed {@code message}, taken from {@code own} (still held):
     * it is the oldest again.
     */
    void putBack(Mailbox own, StoredMessage message) {
        if (!own.putBack(message)) {
            throw new IllegalStateException("a held mailbox was retired: " + own.user());
        }
    }
}
