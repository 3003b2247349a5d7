package dev.pigeonhole.server.journal;

import static dev.pigeonhole.server.journal.Journals.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pigeonhole.server.StoredMessage;
import dev.pigeonhole.testing.BlockingStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full or failing disk: COMPOSE fails (P7: MESSAGE FAILED), READ keeps working, the incident is
 * logged once, service resumes by itself, and the journal on disk stays valid throughout.
 */
@Timeout(30)
class JournalFailureTest {
    @TempDir
    Path dir;

    private final FlakyDisk disk = new FlakyDisk();
    private final RecordingLog log = new RecordingLog();
    private JournalConfig config;

    @BeforeEach
    void setUp() {
        config = JournalConfig.in(dir).withChannels(disk).withLog(log);
    }

    @Test
    void while_the_disk_is_full_stored_fails_and_afterwards_works_again_P7() throws IOException {
        try (JournalStore store = Journals.openRecovered(config, new ArrayList<>())) {
            BlockingStore.stored(store, message(1, "alice"));
            disk.full = true;
            for (long id = 2; id <= 5; id++) {
                long failing = id;
                IOException e =
                        assertThrows(IOException.class, () -> BlockingStore.stored(store, message(failing, "alice")));
                assertTrue(e.getMessage().contains("No space left on device"), e.getMessage());
            }
            disk.full = false;
            BlockingStore.stored(store, message(6, "alice"));
        }
        // The half-written records of the failed calls were cut off: nothing answered MESSAGE FAILED comes back,
        // and the record written after them is intact (the journal is not corrupt).
        assertEquals(List.of(message(1, "alice"), message(6, "alice")), Journals.recover(config));
    }

    @Test
    void a_disk_incident_is_logged_once_with_its_cause_and_once_when_it_ends() throws IOException {
        try (JournalStore store = Journals.openRecovered(config, new ArrayList<>())) {
            disk.full = true;
            for (long id = 1; id <= 20; id++) {
                long failing = id;
                assertThrows(IOException.class, () -> BlockingStore.stored(store, message(failing, "alice")));
            }
            disk.full = false;
            BlockingStore.stored(store, message(21, "alice"));
            BlockingStore.stored(store, message(22, "alice"));
        }
        assertEquals(1, log.count("failed ("), log.lines.toString());
        assertTrue(log.lines.get(0).contains("No space left on device"), log.lines.toString());
        assertEquals(1, log.count("writing again"), log.lines.toString());
        assertTrue(log.lines.get(1).contains("writing again after"), log.lines.toString());
    }

    @Test
    void a_removal_that_fails_is_written_when_the_disk_recovers_so_the_message_does_not_come_back() throws IOException {
        try (JournalStore store = Journals.openRecovered(config, new ArrayList<>())) {
            BlockingStore.stored(store, message(1, "alice"));
            BlockingStore.stored(store, message(2, "alice"));
            disk.full = true;
            IOException e = assertThrows(IOException.class, () -> BlockingStore.removed(store, message(1, "alice")));
            assertTrue(e.getMessage().contains("retried when the disk recovers"), e.getMessage());
            disk.full = false;
            BlockingStore.stored(store, message(3, "alice")); // the next successful write carries the removal too
        }
        assertEquals(List.of(message(2, "alice"), message(3, "alice")), Journals.recover(config));
    }

    @Test
    void a_removal_that_fails_is_retried_even_if_nothing_else_is_written() throws Exception {
        try (JournalStore store = Journals.openRecovered(config, new ArrayList<>())) {
            BlockingStore.stored(store, message(1, "alice"));
            disk.full = true;
            assertThrows(IOException.class, () -> BlockingStore.removed(store, message(1, "alice")));
            disk.full = false;
            Thread.sleep(1500); // the writer retries when idle, about once a second
        }
        assertEquals(List.of(), Journals.recover(config));
    }

    @Test
    void on_a_full_disk_the_segments_emptied_by_reads_are_freed_so_the_journal_can_recover() throws Exception {
        // A journal on its own volume fills it; READ keeps working, but its REMOVED records cannot be written,
        // nor compaction's copies. Sealed segments whose every message was read need no write to go: deleting
        // them is what gives the disk back.
        JournalConfig small = config.withSegmentBytes(4096).withFsync(FsyncPolicy.NEVER);
        List<StoredMessage> stored = new ArrayList<>();
        try (JournalStore store = Journals.openRecovered(small, new ArrayList<>())) {
            for (long id = 1; id <= 200; id++) {
                StoredMessage m = message(id, "alice");
                BlockingStore.stored(store, m);
                stored.add(m);
            }
            assertTrue(Journals.segments(dir).size() >= 3, "segments: " + Journals.segments(dir));
            disk.full = true;
            for (StoredMessage m : stored) {
                try {
                    BlockingStore.removed(store, m);
                } catch (IOException expected) {
                    // retried once the disk accepts writes
                }
            }
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (Journals.segments(dir).size() > 1 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(
                    1, Journals.segments(dir).size(), "only the active segment is left: " + Journals.segments(dir));
            disk.full = false;
        }
        assertEquals(List.of(), Journals.recover(small));
    }

    @Test
    void with_fsync_always_a_failed_force_fails_the_batch_and_leaves_nothing_behind() throws IOException {
        try (JournalStore store = Journals.openRecovered(config, new ArrayList<>())) {
            BlockingStore.stored(store, message(1, "alice"));
            disk.failForce = true;
            assertThrows(IOException.class, () -> BlockingStore.stored(store, message(2, "alice")));
            disk.failForce = false;
            BlockingStore.stored(store, message(3, "alice"));
        }
        assertEquals(List.of(message(1, "alice"), message(3, "alice")), Journals.recover(config));
    }

    @Test
    void with_fsync_always_a_removal_waits_for_the_write_not_the_force_and_survives_a_failed_force()
            throws IOException {
        try (JournalStore store = Journals.openRecovered(config, new ArrayList<>())) {
            BlockingStore.stored(store, message(1, "alice"));
            BlockingStore.stored(store, message(2, "alice"));
            disk.failForce = true;
            BlockingStore.removed(store, message(1, "alice")); // READ is not slowed down (or failed) by the disk
            assertThrows(IOException.class, () -> BlockingStore.stored(store, message(3, "alice")));
            disk.failForce = false;
            BlockingStore.stored(store, message(4, "alice"));
        }
        assertEquals(List.of(message(2, "alice"), message(4, "alice")), Journals.recover(config));
    }

    @Test
    void many_threads_storing_while_the_disk_fills_and_empties_lose_nothing_acknowledged() throws Exception {
        List<StoredMessage> acknowledged = java.util.Collections.synchronizedList(new ArrayList<>());
        JournalConfig small = config.withSegmentBytes(8192);
        try (JournalStore store = Journals.openRecovered(small, new ArrayList<>())) {
            Thread[] threads = new Thread[8];
            for (int t = 0; t < threads.length; t++) {
                int base = t * 10_000;
                threads[t] = new Thread(() -> {
                    for (int i = 1; i <= 300; i++) {
                        StoredMessage m = message(base + i, "user" + base);
                        try {
                            BlockingStore.stored(store, m);
                            acknowledged.add(m);
                        } catch (IOException e) {
                            // answered MESSAGE FAILED: must not come back
                        }
                    }
                });
                threads[t].start();
            }
            for (int flips = 0; flips < 20; flips++) {
                disk.full = !disk.full;
                Thread.sleep(5);
            }
            disk.full = false;
            for (Thread t : threads) {
                t.join();
            }
        }
        List<StoredMessage> expected = new ArrayList<>(acknowledged);
        expected.sort(java.util.Comparator.comparingLong(StoredMessage::id));
        assertEquals(expected, Journals.recover(small));
    }
}
