package dev.pigeonhole.server;

import java.io.IOException;
import java.util.function.Consumer;

/**
 * Where accepted messages are kept beyond memory. The in-memory mailboxes serve every command; a store
 * only records what they hold so that it survives a restart.
 *
 * <p>Implementations are thread-safe: every event loop calls {@link #stored} and {@link #removed} at once,
 * and neither is ever called while a mailbox lock is held. The server uses the forms that take a
 * {@link Completion}, so that no event loop waits for the disk: a store that writes answers later, from its
 * own thread; one that keeps nothing answers at once, during the call.
 */
public interface MessageStore extends AutoCloseable {

    /** How a store answers {@link #stored(StoredMessage, Completion)} and {@link #removed(StoredMessage, Completion)}. */
    @FunctionalInterface
    interface Completion {
        /**
         * Called exactly once per call, on any thread (during the call itself when the answer is known at
         * once), with {@code null} if the record is as durable as the store promises, else why it is not.
         * Must not block.
         */
        void completed(Throwable failure);
    }

    /** Keeps nothing: messages live in memory only ({@code --in-memory}). */
    MessageStore IN_MEMORY = new MessageStore() {
        @Override
        public void recover(Consumer<StoredMessage> sink) {}

        @Override
        public void stored(StoredMessage message) {}

        @Override
        public void removed(StoredMessage message) {}

        @Override
        public void stored(StoredMessage message, Completion done) {
            done.completed(null);
        }

        @Override
        public void removed(StoredMessage message, Completion done) {
            done.completed(null);
        }

        @Override
        public void close() {}

        @Override
        public String toString() {
            return "in-memory";
        }
    };

    /**
     * Hands every message still stored to {@code sink}, oldest first (per recipient, the order in which
     * they must be read). Called once, before the server accepts connections.
     *
     * @throws IOException if the stored data cannot be read or is corrupt; the message names the file and offset
     */
    void recover(Consumer<StoredMessage> sink) throws IOException;

    /**
     * After {@link #recover}: an id at least as high as that of every record the store still holds, for
     * messages still stored and for removed ones alike. New messages get higher ids, so an id is never given
     * to a second message while a record of the first can still be replayed or compacted.
     */
    default long highestId() {
        return 0;
    }

    /**
     * The heap this store keeps per stored message beyond the message itself (an index, say), in bytes:
     * the server's memory budget counts it with each message. 0 for a store that keeps nothing.
     */
    default long bytesPerMessage() {
        return 0;
    }

    /**
     * Records that {@code message} was accepted. Returns once the record is as durable as configured; the
     * server answers {@code MESSAGE SENT} only after that.
     *
     * @throws IOException if the record could not be written; the server then answers {@code MESSAGE FAILED}
     */
    void stored(StoredMessage message) throws IOException;

    /**
     * Records that {@code message} was read for good and must not come back after a restart.
     *
     * @throws IOException if the record could not be written
     */
    void removed(StoredMessage message) throws IOException;

    /**
     * As {@link #stored(StoredMessage)}, answering through {@code done} instead of returning: the record is
     * as durable as configured when {@code done} is told {@code null}. This default calls the blocking form
     * on the caller's thread; a store that writes to disk overrides it so that the caller never waits.
     */
    default void stored(StoredMessage message, Completion done) {
        Throwable failure = null;
        try {
            stored(message);
        } catch (IOException | RuntimeException e) {
            failure = e;
        }
        done.completed(failure);
    }

    /** As {@link #removed(StoredMessage)}, answering through {@code done}; see {@link #stored(StoredMessage, Completion)}. */
    default void removed(StoredMessage message, Completion done) {
        Throwable failure = null;
        try {
            removed(message);
        } catch (IOException | RuntimeException e) {
            failure = e;
        }
        done.completed(failure);
    }

    @Override
    void close() throws IOException;
}
