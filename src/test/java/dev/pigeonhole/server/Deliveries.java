package dev.pigeonhole.server;

/**
 * P7 in one call over {@link Mailboxes}, for tests and benchmarks of the mailboxes alone: reserves room and
 * settles the delivery as an in-memory store would (the server's sessions store it in between).
 */
final class Deliveries {
    private Deliveries() {}

    /** True for {@code MESSAGE SENT}, false if the queue or the memory budget is full. */
    static boolean deliver(Mailboxes boxes, String sender, String recipient, String text) {
        Mailboxes.Delivery delivery = boxes.reserve(sender, recipient, text);
        return delivery != null && boxes.stored(delivery, null);
    }
}
