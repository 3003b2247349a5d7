package dev.pigeonhole.compose;

/**
 * The outcome of one send.
 *
 * @param recipient who it was for
 * @param text      the message
 * @param outcome   what happened
 * @param detail    for anything but {@link Outcome#SENT}: why, in words (may be null)
 */
public record SendResult(String recipient, String text, Outcome outcome, String detail) {
    public enum Outcome {
        /** The server answered MESSAGE SENT. */
        SENT,
        /** The server answered MESSAGE FAILED (e.g. the recipient's queue is full). */
        REFUSED,
        /** Nothing was sent: invalid input, or no connection could be made. */
        NOT_SENT,
        /** The connection broke after the message went out and before the answer: it may or may not be stored. */
        UNCONFIRMED,
        /** Offline: kept in the {@link Outbox}, sent when the connection is back. */
        QUEUED,
        /** The user said an unconfirmed message arrived: it is in the sent store now. */
        RECORDED,
        /** The user took a message back out of the {@link Outbox} to edit it. */
        TAKEN_BACK
    }
}
