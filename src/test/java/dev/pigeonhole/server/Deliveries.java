package dev.pigeonhole.server;

import dev.pigeonhole.protocol.Ascii;

/**
 * The mailboxes' steps in one call each, for tests and benchmarks of the mailboxes alone: a delivery settled as
 * an in-memory store would settle it (the server's sessions store it in between), and a READ or a count by a
 * session that holds the mailbox for just that call.
 */
final class Deliveries {
    private Deliveries() {}

    /** P7: true for {@code MESSAGE SENT}, false if the queue or the memory budget is full. */
    static boolean deliver(Mailboxes boxes, String sender, String recipient, String text) {
        Mailboxes.Delivery delivery = boxes.reserve(sender, Name.of(recipient), Ascii.bytes(text));
        return delivery != null && boxes.stored(delivery, null);
    }

    /** P8: the oldest message for {@code user}, or null, as a session logged in for just this READ takes it. */
    static StoredMessage take(Mailboxes boxes, String user) {
        Mailbox own = boxes.hold(Name.of(user));
        try {
            return boxes.take(own);
        } finally {
            boxes.release(own);
        }
    }

    /** P5: the messages waiting for {@code user}. */
    static int count(Mailboxes boxes, String user) {
        Mailbox own = boxes.hold(Name.of(user));
        try {
            return own.size();
        } finally {
            boxes.release(own);
        }
    }
}
