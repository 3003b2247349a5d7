package dev.pigeonhole.server;

import java.util.ArrayDeque;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One user's unread messages, oldest first (P8), safe under concurrent COMPOSE and READ (G2).
 *
 * <p>A delivery takes two steps so that the store is written outside the lock: {@link #reserve} claims
 * room (the queue limit is checked atomically with every other delivery), the caller records the message
 * in the {@link MessageStore}, then {@link #commit} appends it, or {@link #release} gives the room back.
 * A message therefore becomes readable only once it is stored, and is never removed from the store
 * before it was stored.
 */
final class Mailbox {
    /** What {@link #reserve} decided. */
    enum Reservation {
        GRANTED,
        FULL,
        FULL_AGAIN
    }

    /** Whose mailbox this is: the one copy of the name that every message stored here refers to. */
    private final String user;
    /** Guards {@link #messages}, {@link #reserved} and {@link #fullReported}; held only for in-memory work. */
    private final ReentrantLock lock = new ReentrantLock();

    private final ArrayDeque<StoredMessage> messages = new ArrayDeque<>();
    /** Deliveries that have room but are still being written to the store. */
    private int reserved;
    /** True once a refusal was reported for the current stretch of being full, so it is logged once. */
    private boolean fullReported;

    Mailbox(String user) {
        this.user = user;
    }

    /** The owner's name; messages for this mailbox use this instance rather than a copy per COMPOSE. */
    String user() {
        return user;
    }

    /**
     * Claims room for one message. {@code limit} 0 means no limit. {@link Reservation#FULL} is returned for
     * the first refusal since the mailbox last had room, {@link Reservation#FULL_AGAIN} for later ones.
     */
    Reservation reserve(int limit) {
        lock.lock();
        try {
            if (limit > 0 && messages.size() + reserved >= limit) {
                if (fullReported) {
                    return Reservation.FULL_AGAIN;
                }
                fullReported = true;
                return Reservation.FULL;
            }
            reserved++;
            return Reservation.GRANTED;
        } finally {
            lock.unlock();
        }
    }

    /** Gives back a reservation whose message could not be stored. */
    void release() {
        lock.lock();
        try {
            reserved--;
        } finally {
            lock.unlock();
        }
    }

    /** Appends a stored message, using the caller's reservation. */
    void commit(StoredMessage message) {
        lock.lock();
        try {
            reserved--;
            messages.addLast(message);
        } finally {
            lock.unlock();
        }
    }

    /** Appends a message recovered from the store at startup, whatever the limit. */
    void restore(StoredMessage message) {
        lock.lock();
        try {
            messages.addLast(message);
        } finally {
            lock.unlock();
        }
    }

    /** Removes and returns the oldest message, or {@code null} if there is none. */
    StoredMessage poll() {
        lock.lock();
        try {
            StoredMessage m = messages.pollFirst();
            if (m != null) {
                fullReported = false;
            }
            return m;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Puts back a message whose delivery was never confirmed, at the head: it was the oldest when it was
     * taken, so it is read next. It may exceed the limit by the messages in flight; they were counted before.
     */
    void putBack(StoredMessage message) {
        lock.lock();
        try {
            messages.addFirst(message);
        } finally {
            lock.unlock();
        }
    }

    /** The number of messages a READ could return now. */
    int size() {
        lock.lock();
        try {
            return messages.size();
        } finally {
            lock.unlock();
        }
    }
}
