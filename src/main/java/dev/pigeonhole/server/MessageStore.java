package dev.pigeonhole.server;

import java.io.IOException;
import java.util.function.Consumer;

/**
 * Where accepted messages are kept beyond memory. The in-memory mailboxes serve every command; a store
 * only records what they hold so that it survives a restart.
 *
 * <p>The API is asynchronous only, so that no event loop ever waits for the disk: {@link #stored} and
 * {@link #removed} hand the record over and return at once, and the store answers through a
 * {@link Completion}, later and from its own thread (a journal), or during the call (a store that keeps
 * nothing). Implementations are thread-safe: every event loop calls them at once, and never while a mailbox
 * lock is held.
 */
public interface MessageStore extends StoreWrites, AutoCloseable {

    /**
     * One event loop's view of a store ({@link #round()}): the calls made through it may be held back until
     * {@link #flush}, which the loop calls before it next waits in select, so that what one round of requests
     * stores shares one write and, with {@code fsync always}, one force (as Redis's one thread does before it
     * sleeps). Confined to the loop's thread.
     */
    interface Round extends StoreWrites {
        /** Hands over every call held back since the last flush. */
        void flush();
    }

    /**
     * A new {@link Round} for one event loop. The default holds nothing back: its calls go straight to this
     * store, and {@code flush} does nothing.
     */
    default Round round() {
        MessageStore store = this;
        return new Round() {
            @Override
            public void stored(StoredMessage message, Completion done) {
                store.stored(message, done);
            }

            @Override
            public void removed(StoredMessage message, Completion done) {
                store.removed(message, done);
            }

            @Override
            public void flush() {}
        };
    }

    /** How a store answers {@link #stored} and {@link #removed}. */
    @FunctionalInterface
    interface Completion {
        /**
         * Called exactly once per call, on any thread (during the call itself when the answer is known at
         * once), with {@code null} if the record is as durable as the store promises, else why it is not.
         * Must not block.
         */
        void completed(Throwable failure);
    }

    /** Keeps nothing: messages live in memory only ({@code --in-memory}). Answers every call at once. */
    MessageStore IN_MEMORY = new MessageStore() {
        @Override
        public void recover(Consumer<StoredMessage> sink) {}

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

    @Override
    void close() throws IOException;
}
