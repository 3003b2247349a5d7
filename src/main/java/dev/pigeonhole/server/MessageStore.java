package dev.pigeonhole.server;

import java.io.IOException;
import java.util.function.Consumer;

/**
 * Where accepted messages are kept beyond memory. The in-memory mailboxes serve every command; a store
 * only records what they hold so that it survives a restart.
 *
 * <p>Implementations are thread-safe: many workers call {@link #stored} and {@link #removed} at once, and
 * neither is ever called while a mailbox lock is held (they may block on I/O).
 */
public interface MessageStore extends AutoCloseable {

    /** Keeps nothing: messages live in memory only ({@code --in-memory}). */
    MessageStore IN_MEMORY = new MessageStore() {
        @Override
        public void recover(Consumer<StoredMessage> sink) {}

        @Override
        public void stored(StoredMessage message) {}

        @Override
        public void removed(StoredMessage message) {}

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

    @Override
    void close() throws IOException;
}
