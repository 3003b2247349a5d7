package dev.pigeonhole.testing;

import dev.pigeonhole.server.MessageStore;
import dev.pigeonhole.server.StoredMessage;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;

/**
 * Blocking forms of {@link MessageStore}'s calls, for tests and benchmarks that drive a store directly: each
 * waits for the store's answer and throws its failure. The server never waits for a store; only tests do.
 */
public final class BlockingStore {
    private BlockingStore() {}

    /**
     * {@link MessageStore#stored}, waiting for the answer.
     *
     * @throws IOException the store's failure, as it answered it (a RuntimeException it answered is rethrown)
     */
    public static void stored(MessageStore store, StoredMessage message) throws IOException {
        CompletableFuture<Throwable> answer = new CompletableFuture<>();
        store.stored(message, answer::complete);
        rethrow(answer.join());
    }

    /** {@link MessageStore#removed}, waiting for the answer; throws as {@link #stored} does. */
    public static void removed(MessageStore store, StoredMessage message) throws IOException {
        CompletableFuture<Throwable> answer = new CompletableFuture<>();
        store.removed(message, answer::complete);
        rethrow(answer.join());
    }

    private static void rethrow(Throwable failure) throws IOException {
        if (failure == null) {
            return;
        }
        if (failure instanceof IOException e) {
            throw e;
        }
        if (failure instanceof RuntimeException e) {
            throw e;
        }
        throw new IOException(failure);
    }
}
