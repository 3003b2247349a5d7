package dev.pigeonhole.courier;

/**
 * What the UI asks of the network side. Every method returns at once, on any thread: the work is queued
 * and its outcome comes back through {@link MailEvents}.
 */
public interface Mailroom {
    /** Queues {@code text} for {@code recipient}; exactly one {@link MailEvents#sendResult} follows. */
    void send(String recipient, String text);

    /** Asks for a poll of the server now instead of at the next interval (or a reconnect, if offline). */
    void pollNow();

    /**
     * The user is using the window (a key): poll fast for a while, so that answers show at once. Cheap
     * enough to call on every key.
     */
    void inUse();
}
