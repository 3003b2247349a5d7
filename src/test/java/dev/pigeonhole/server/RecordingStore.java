package dev.pigeonhole.server;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A {@link MessageStore} for tests: remembers every call, can hold messages to recover, can be made to fail.
 * Answers during the call, as the in-memory store does; {@link #record} and {@link #recordRemoval} are the
 * blocking steps a subclass can delay and answer later.
 */
class RecordingStore implements MessageStore {
    final List<StoredMessage> stored = new ArrayList<>();
    final List<StoredMessage> removed = new ArrayList<>();
    private final List<StoredMessage> toRecover;
    volatile boolean failStores;
    volatile boolean closed;

    RecordingStore(List<StoredMessage> toRecover) {
        this.toRecover = toRecover;
    }

    RecordingStore() {
        this(List.of());
    }

    @Override
    public void recover(Consumer<StoredMessage> sink) {
        toRecover.forEach(sink);
    }

    @Override
    public void stored(StoredMessage message, Completion done) {
        Throwable failure = null;
        try {
            record(message);
        } catch (IOException e) {
            failure = e;
        }
        done.completed(failure);
    }

    @Override
    public void removed(StoredMessage message, Completion done) {
        recordRemoval(message);
        done.completed(null);
    }

    synchronized void record(StoredMessage message) throws IOException {
        if (failStores) {
            throw new IOException("disk full (test)");
        }
        stored.add(message);
    }

    synchronized void recordRemoval(StoredMessage message) {
        removed.add(message);
    }

    synchronized List<StoredMessage> storedSoFar() {
        return new ArrayList<>(stored);
    }

    synchronized List<StoredMessage> removedSoFar() {
        return new ArrayList<>(removed);
    }

    @Override
    public void close() {
        closed = true;
    }
}
