package dev.pigeonhole.server;

import dev.pigeonhole.server.MessageStore.Completion;

/**
 * The two calls a session makes on a {@link MessageStore}: what it stores and what it removes. Both return at
 * once and answer through their {@link Completion}.
 */
public interface StoreWrites {
    /**
     * Records that {@code message} was accepted and returns at once; {@code done} is told {@code null} once
     * the record is as durable as configured (the server answers {@code MESSAGE SENT} only then), or the
     * reason it could not be written ({@code MESSAGE FAILED}).
     */
    void stored(StoredMessage message, Completion done);

    /**
     * Records that {@code message} was read for good and must not come back after a restart; returns at
     * once, and {@code done} is told when the record is written, or why it could not be.
     */
    void removed(StoredMessage message, Completion done);
}
