package dev.pigeonhole.client;

import java.time.Instant;

/**
 * One message of a conversation as this client keeps it: received (from the {@link Archive}) or sent (from
 * the {@link SentStore}).
 *
 * @param at        when it was received or sent (this client's clock)
 * @param direction which way it went
 * @param peer      the other person: the sender of a received message, the recipient of a sent one
 * @param text      the message
 */
public record ConversationMessage(Instant at, Direction direction, String peer, String text) {
    /** Which way a message went. */
    public enum Direction {
        /** Received: the peer wrote it. */
        IN,
        /** Sent: written here, to the peer. */
        OUT
    }

    public static ConversationMessage received(ArchivedMessage m) {
        return new ConversationMessage(m.at(), Direction.IN, m.peer(), m.text());
    }

    public static ConversationMessage sent(ArchivedMessage record) {
        return new ConversationMessage(record.at(), Direction.OUT, record.peer(), record.text());
    }

    public boolean incoming() {
        return direction == Direction.IN;
    }
}
