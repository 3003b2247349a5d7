package dev.pigeonhole.courier;

/**
 * What the UI asks of the network side. Every method returns at once, on any thread: the work is queued
 * and its outcome comes back through {@link MailEvents}.
 */
public interface Mailroom {
    /**
     * Queues {@code text} for {@code recipient} (in the outbox on disk first); a {@link MailEvents#sendResult}
     * follows: SENT, QUEUED (offline), REFUSED, UNCONFIRMED, or NOT_SENT if it could not even be kept.
     */
    void send(String recipient, String text);

    /** Puts an unconfirmed or refused message (an {@code Outbox} entry) back in line to be sent. */
    void resend(long id);

    /** The user knows an unconfirmed message arrived: record it as sent (the sent store) and drop it from the outbox. */
    void recordSent(long id);

    /** Takes a refused or pending message out of the outbox; it comes back as a {@code TAKEN_BACK} result. */
    void takeBack(long id);

    /** Asks for a poll of the server now instead of at the next interval (or a reconnect, if offline). */
    void pollNow();

    /**
     * The user is using the window (a key): poll fast for a while, so that answers show at once. Cheap
     * enough to call on every key.
     */
    void inUse();
}
