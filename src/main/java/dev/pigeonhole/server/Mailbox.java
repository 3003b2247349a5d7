package dev.pigeonhole.server;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

/**
 * One user's unread messages, oldest first (P8), safe under concurrent COMPOSE and READ (G2).
 *
 * <p>A delivery takes two steps so that the store is written outside the lock: {@link #reserve} claims
 * room (the queue limit is checked atomically with every other delivery), the caller records the message
 * in the {@link MessageStore}, then {@link #commit} appends it, or {@link #release} gives the room back.
 * A message therefore becomes readable only once it is stored, and is never removed from the store
 * before it was stored.
 *
 * <p>A session logged in as the owner {@link #hold holds} the mailbox for its whole life, so that a READ goes
 * straight to it. An empty mailbox that no session holds is dropped from {@link Mailboxes} so that names no
 * longer cost memory. It is first {@link #retireIfEmpty retired} under its lock; every later call that would add to it sees that and
 * fails ({@link Reservation#RETIRED}, or false), and the caller takes the new mailbox from the map and
 * tries again. So a message is never added to a mailbox nobody can find any more.
 */
final class Mailbox {
    /** What {@link #reserve} decided. */
    enum Reservation {
        GRANTED,
        FULL,
        /** The sender already has its share of this queue waiting ({@link FairShares#queueShare}). */
        SENDER_SHARE_FULL,
        /** This mailbox was retired while the caller held it: take the current one from the map. */
        RETIRED
    }

    /** A tally with at most this many slots stays when the mailbox empties. */
    private static final int SMALL_TALLY = 8;

    /** Whose mailbox this is: the one copy of the name that every message stored here refers to. */
    private final String user;
    /** The same name as bytes: the key of this mailbox in {@link Mailboxes}. */
    private final Name name;
    /**
     * Guards {@link #messages}, {@link #reserved}, {@link #holders}, {@link #retired} and {@link #bySender};
     * held only for in-memory work.
     */
    private final ReentrantLock lock = new ReentrantLock();

    /**
     * Starts with room for one message (a 2-slot array, 24 bytes, instead of the default 17 slots, 88 bytes):
     * most mailboxes hold a message or two, and a million names must not cost a million empty arrays.
     */
    private final ArrayDeque<StoredMessage> messages = new ArrayDeque<>(1);
    /** Deliveries that have room but are still being written to the store. */
    private int reserved;
    /** Sessions logged in as the owner: while there is one, the mailbox is not retired. */
    private int holders;
    /** Set once, when the mailbox is empty and about to leave the map: nothing may be added after. */
    private boolean retired;
    /**
     * Messages waiting or reserved here, per sender, for the sender's share of this queue; null until the first
     * message. Kept while small when the mailbox empties (a held mailbox fills and empties with every
     * COMPOSE and READ: no table per message), dropped when empty after a flood of senders grew it.
     */
    private SenderTally bySender;

    Mailbox(Name name) {
        this.name = name;
        this.user = name.toString();
    }

    /**
     * The queue, to be touched only with {@link #lock} held: every method reaches it through here, and the
     * assertion (on in tests) catches one that forgot the lock.
     */
    private ArrayDeque<StoredMessage> messages() {
        assert lock.isHeldByCurrentThread() : "the mailbox of " + user + " used without its lock";
        return messages;
    }

    /** The owner's name; messages for this mailbox use this instance rather than a copy per COMPOSE. */
    String user() {
        return user;
    }

    Name name() {
        return name;
    }

    /** A session logged in as the owner starts holding it; false if it was retired meanwhile (take the new one). */
    boolean hold() {
        lock.lock();
        try {
            if (retired) {
                return false;
            }
            holders++;
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** A session that {@link #hold held} it ended. */
    void unhold() {
        lock.lock();
        try {
            holders--;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Claims room for one message from {@code sender}, who may have at most {@code share} messages here
     * (0: no share). {@code limit} 0 means no limit. The message committed must be {@code sender}'s.
     */
    Reservation reserve(String sender, int limit, int share) {
        lock.lock();
        try {
            if (retired) {
                return Reservation.RETIRED;
            }
            if (limit > 0 && messages().size() + reserved >= limit) {
                return Reservation.FULL;
            }
            if (share > 0 && fromSender(sender) >= share) {
                return Reservation.SENDER_SHARE_FULL;
            }
            reserved++;
            countSender(sender, 1);
            return Reservation.GRANTED;
        } finally {
            lock.unlock();
        }
    }

    /** Gives back {@code sender}'s reservation whose message could not be stored. */
    void release(String sender) {
        lock.lock();
        try {
            reserved--;
            countSender(sender, -1);
        } finally {
            lock.unlock();
        }
    }

    /** Messages from {@code sender} waiting or reserved here; with the lock held. */
    private int fromSender(String sender) {
        assert lock.isHeldByCurrentThread();
        return bySender == null ? 0 : bySender.get(sender);
    }

    /** Adds {@code delta} to {@code sender}'s count; with the lock held. */
    private void countSender(String sender, int delta) {
        assert lock.isHeldByCurrentThread();
        if (bySender == null) {
            bySender = new SenderTally();
        }
        bySender.add(sender, delta);
        if (bySender.size() == 0 && bySender.capacity() > SMALL_TALLY) {
            bySender = null;
        }
    }

    /** The messages waiting here, oldest first; a copy. */
    List<StoredMessage> snapshot() {
        lock.lock();
        try {
            return new ArrayList<>(messages());
        } finally {
            lock.unlock();
        }
    }

    /** Removes and returns the waiting messages {@code which} selects (an operator's drop). */
    List<StoredMessage> removeIf(Predicate<StoredMessage> which) {
        lock.lock();
        try {
            List<StoredMessage> removed = new ArrayList<>();
            for (Iterator<StoredMessage> it = messages().iterator(); it.hasNext(); ) {
                StoredMessage m = it.next();
                if (which.test(m)) {
                    it.remove();
                    countSender(m.sender(), -1);
                    removed.add(m);
                }
            }
            return removed;
        } finally {
            lock.unlock();
        }
    }

    /** Messages waiting here, per sender; a copy. */
    Map<String, Integer> waitingBySender() {
        lock.lock();
        try {
            Map<String, Integer> counts = new HashMap<>();
            for (StoredMessage m : messages()) {
                counts.merge(m.sender(), 1, Integer::sum);
            }
            return counts;
        } finally {
            lock.unlock();
        }
    }

    /** Appends a stored message, using the caller's reservation. */
    void commit(StoredMessage message) {
        lock.lock();
        try {
            reserved--;
            messages().addLast(message);
        } finally {
            lock.unlock();
        }
    }

    /** Appends a message recovered from the store at startup, whatever the limit (nothing retires then). */
    void restore(StoredMessage message) {
        lock.lock();
        try {
            countSender(message.sender(), 1);
            messages().addLast(message);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Retires this mailbox if it holds nothing, nothing is being delivered to it and no session holds it. True means the caller
     * retired it and must remove it from the map (once: no other call returns true for it).
     */
    boolean retireIfEmpty() {
        lock.lock();
        try {
            if (retired || reserved > 0 || holders > 0 || !messages().isEmpty()) {
                return false;
            }
            retired = true;
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Removes and returns the oldest message, or {@code null} if there is none. */
    StoredMessage poll() {
        lock.lock();
        try {
            StoredMessage m = messages().pollFirst();
            if (m != null) {
                countSender(m.sender(), -1);
            }
            return m;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Puts back a message whose delivery was never confirmed, at the head: it was the oldest when it was
     * taken, so it is read next. It may exceed the limit by the messages in flight; they were counted before.
     * False if this mailbox was retired meanwhile: put it into the current one.
     */
    boolean putBack(StoredMessage message) {
        lock.lock();
        try {
            if (retired) {
                return false;
            }
            messages().addFirst(message);
            countSender(message.sender(), 1);
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** The number of messages a READ could return now. */
    int size() {
        lock.lock();
        try {
            return messages().size();
        } finally {
            lock.unlock();
        }
    }
}
