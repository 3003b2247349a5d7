package dev.pigeonhole.server.journal;

import static dev.pigeonhole.server.journal.Journals.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pigeonhole.server.StoredMessage;
import dev.pigeonhole.testing.BlockingStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The store's contract: what was stored minus what was removed survives a restart, in order (P7, P8). */
@Timeout(30)
class JournalStoreTest {
    @TempDir
    Path dir;

    private JournalConfig config(FsyncPolicy fsync) {
        return JournalConfig.in(dir).withFsync(fsync).withLog(new RecordingLog());
    }

    @ParameterizedTest
    @EnumSource(FsyncPolicy.class)
    void recover_after_close_returns_stored_minus_removed_in_id_order_P7_P8(FsyncPolicy fsync) throws IOException {
        List<StoredMessage> expected = new ArrayList<>();
        try (JournalStore store = Journals.openRecovered(config(fsync), new ArrayList<>())) {
            for (long id = 1; id <= 200; id++) {
                StoredMessage m = message(id, id % 3 == 0 ? "alice" : "bob");
                BlockingStore.stored(store, m);
                expected.add(m);
            }
            for (StoredMessage m : List.copyOf(expected)) {
                if (m.id() % 4 == 0) {
                    BlockingStore.removed(store, m);
                    expected.remove(m);
                }
            }
        }
        assertEquals(expected, Journals.recover(config(fsync)));
        // and again: recovery itself changes nothing
        assertEquals(expected, Journals.recover(config(fsync)));
    }

    @Test
    void highest_id_counts_removed_messages_so_a_restart_never_reuses_an_id() throws Exception {
        try (JournalStore store = Journals.openRecovered(config(FsyncPolicy.NEVER), new ArrayList<>())) {
            assertEquals(0, store.highestId());
            BlockingStore.stored(store, message(1, "bob"));
            BlockingStore.stored(store, message(2, "bob"));
            BlockingStore.removed(store, message(2, "bob"));
        }
        List<StoredMessage> recovered = new ArrayList<>();
        try (JournalStore store = Journals.openRecovered(config(FsyncPolicy.NEVER), recovered)) {
            assertEquals(List.of(message(1, "bob")), recovered);
            assertEquals(2, store.highestId(), "message 2 was read, but its records are still on disk");
        }
    }

    @Test
    void an_empty_directory_recovers_nothing_and_accepts_messages() throws IOException {
        Path fresh = dir.resolve("a/b/c");
        JournalConfig cfg = JournalConfig.in(fresh).withLog(new RecordingLog());
        List<StoredMessage> recovered = new ArrayList<>();
        try (JournalStore store = Journals.openRecovered(cfg, recovered)) {
            assertEquals(List.of(), recovered);
            BlockingStore.stored(store, message(1, "carol"));
        }
        assertEquals(List.of(message(1, "carol")), Journals.recover(cfg));
    }

    @Test
    void text_with_every_printable_character_and_empty_text_round_trip_P2_P4() throws IOException {
        StringBuilder all = new StringBuilder();
        for (char c = 0x20; c <= 0x7E; c++) {
            all.append(c);
        }
        List<StoredMessage> stored = List.of(
                new StoredMessage(1, "a", "b", ""),
                new StoredMessage(2, "x".repeat(64), "!~", all.toString()),
                new StoredMessage(3, "bob", "alice", "y".repeat(4096)));
        try (JournalStore store = Journals.openRecovered(config(FsyncPolicy.ALWAYS), new ArrayList<>())) {
            for (StoredMessage m : stored) {
                BlockingStore.stored(store, m);
            }
        }
        assertEquals(stored, Journals.recover(config(FsyncPolicy.ALWAYS)));
    }

    @Test
    @SuppressWarnings("try") // closes inside the block on purpose: the case is use after close
    void stored_before_recover_is_a_programming_error_and_after_close_an_IOException() throws IOException {
        try (JournalStore store = JournalStore.open(config(FsyncPolicy.ALWAYS))) {
            assertThrows(IllegalStateException.class, () -> BlockingStore.stored(store, message(1, "a")));
            store.recover(m -> {});
            store.close();
            assertThrows(IOException.class, () -> BlockingStore.stored(store, message(1, "a")));
        }
    }

    @Test
    @SuppressWarnings("try") // the first store only has to hold the directory while the second tries
    void a_second_store_on_the_same_directory_is_refused_with_a_clear_message() throws IOException {
        try (JournalStore first = JournalStore.open(config(FsyncPolicy.ALWAYS))) {
            IOException e = assertThrows(IOException.class, () -> JournalStore.open(config(FsyncPolicy.ALWAYS)));
            assertTrue(
                    e.getMessage().contains("data directory " + dir + " is in use by another Pigeonhole server"),
                    e.getMessage());
        }
        JournalStore.open(config(FsyncPolicy.ALWAYS)).close(); // released on close
    }

    @Test
    void a_data_directory_that_cannot_be_created_is_named_in_the_error() throws IOException {
        Path file = dir.resolve("a-file");
        java.nio.file.Files.writeString(file, "not a directory");
        IOException e = assertThrows(
                IOException.class,
                () -> JournalStore.open(config(FsyncPolicy.ALWAYS).withDirectory(file.resolve("data"))));
        assertTrue(
                e.getMessage().startsWith("cannot use data directory " + file.resolve("data") + ": "), e.getMessage());
    }

    @Test
    void a_directory_locked_by_another_process_is_refused_naming_that_process() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process holder = new ProcessBuilder(
                        java, "-cp", System.getProperty("java.class.path"), LockHolder.class.getName(), dir.toString())
                .redirectErrorStream(true)
                .start();
        try {
            BufferedReader out =
                    new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.US_ASCII));
            assertEquals("locked", out.readLine());
            IOException e = assertThrows(IOException.class, () -> JournalStore.open(config(FsyncPolicy.ALWAYS)));
            assertTrue(e.getMessage().contains("(process " + holder.pid() + ")"), e.getMessage());
        } finally {
            holder.destroyForcibly();
            holder.waitFor(10, TimeUnit.SECONDS);
        }
        // The operating system released the dead process's lock: no stale lock file problem.
        JournalStore.open(config(FsyncPolicy.ALWAYS)).close();
    }

    /** Holds a data directory's lock until killed (run as a child process by the test above). */
    public static final class LockHolder {
        public static void main(String[] args) throws Exception {
            JournalStore store = JournalStore.open(Path.of(args[0]), FsyncPolicy.ALWAYS);
            System.out.println("locked");
            System.out.flush();
            Thread.sleep(60_000);
            store.close();
        }
    }
}
