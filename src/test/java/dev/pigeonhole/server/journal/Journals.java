package dev.pigeonhole.server.journal;

import dev.pigeonhole.server.StoredMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Small helpers shared by the journal tests. */
final class Journals {
    private Journals() {}

    static StoredMessage message(long id, String recipient) {
        return new StoredMessage(id, recipient, "sender" + (id % 7), "message number " + id + " for " + recipient);
    }

    /** Opens the directory, recovers, starts the writer: the store is ready for stored/removed. */
    static JournalStore openRecovered(JournalConfig config, List<StoredMessage> into) throws IOException {
        JournalStore store = JournalStore.open(config);
        try {
            store.recover(into::add);
        } catch (IOException | RuntimeException e) {
            store.close();
            throw e;
        }
        return store;
    }

    /** What a restart would recover from {@code config}'s directory. */
    static List<StoredMessage> recover(JournalConfig config) throws IOException {
        List<StoredMessage> out = new ArrayList<>();
        openRecovered(config, out).close();
        return out;
    }

    static List<Path> segments(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> Segment.numberOf(p) >= 0).sorted().toList();
        }
    }

    static long diskBytes(Path dir) throws IOException {
        long n = 0;
        for (Path p : segments(dir)) {
            n += Files.size(p);
        }
        return n;
    }
}
