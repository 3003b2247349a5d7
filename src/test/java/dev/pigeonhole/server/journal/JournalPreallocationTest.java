package dev.pigeonhole.server.journal;

import static dev.pigeonhole.server.journal.Journals.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pigeonhole.server.MessageStore;
import dev.pigeonhole.server.StoredMessage;
import dev.pigeonhole.testing.BlockingStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Under {@code fsync always} the writer keeps zeros written ahead of its records, so that each batch overwrites
 * blocks the file has and its force writes the data alone (P7: MESSAGE SENT still waits for that force). The
 * zeros never reach a sealed segment, are cut off at close, and after a crash are the end of the journal:
 * nothing is lost and no torn record is reported. Also: an event loop's round hands its records over at flush,
 * in one batch.
 */
@Timeout(30)
class JournalPreallocationTest {
    @TempDir
    Path dir;

    @TempDir
    Path crashed;

    private final RecordingLog log = new RecordingLog();

    private JournalConfig config(FsyncPolicy fsync) {
        return JournalConfig.in(dir).withFsync(fsync).withLog(log);
    }

    /** The bytes of {@code messages}' records after a segment header: where the journal's records end. */
    private static long recordsEnd(List<StoredMessage> messages) {
        long n = JournalFormat.SEGMENT_HEADER_BYTES;
        for (StoredMessage m : messages) {
            n += JournalFormat.storedLength(m);
        }
        return n;
    }

    /** What the directory holds on disk right now, as a killed server would leave it, copied to {@link #crashed}. */
    private void copySegmentsTo(Path target) throws IOException {
        for (Path p : Journals.segments(dir)) {
            Files.copy(p, target.resolve(p.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Test
    void fsync_always_writes_zeros_ahead_of_the_records_and_close_cuts_them_off_P7() throws IOException {
        List<StoredMessage> stored = new ArrayList<>();
        Path segment;
        try (JournalStore store = Journals.openRecovered(config(FsyncPolicy.ALWAYS), new ArrayList<>())) {
            for (long id = 1; id <= 20; id++) {
                StoredMessage m = message(id, "alice");
                BlockingStore.stored(store, m);
                stored.add(m);
            }
            segment = Journals.segments(dir).get(0);
            assertEquals(
                    recordsEnd(stored.subList(0, 1)) + JournalWriter.PREALLOCATE_BYTES,
                    Files.size(segment),
                    "room for a megabyte of records after the first batch, written as zeros");
        }
        assertEquals(recordsEnd(stored), Files.size(segment), "closed: the file ends at its last record");
        assertEquals(stored, Journals.recover(config(FsyncPolicy.ALWAYS)));
        assertTrue(log.lines.isEmpty(), log.lines.toString());
    }

    @Test
    void other_policies_write_no_zeros_ahead() throws IOException {
        for (FsyncPolicy fsync : List.of(FsyncPolicy.NEVER, FsyncPolicy.INTERVAL)) {
            List<StoredMessage> stored = new ArrayList<>(Journals.recover(config(fsync)));
            try (JournalStore store = Journals.openRecovered(config(fsync), new ArrayList<>())) {
                StoredMessage m = message(stored.size() + 1, "bob");
                BlockingStore.stored(store, m);
                stored.add(m);
                assertEquals(
                        recordsEnd(stored), Files.size(Journals.segments(dir).get(0)), fsync.toString());
            }
        }
    }

    @Test
    void after_a_crash_the_zeros_ahead_are_the_end_of_the_journal_not_a_torn_record() throws IOException {
        List<StoredMessage> stored = new ArrayList<>();
        try (JournalStore store = Journals.openRecovered(config(FsyncPolicy.ALWAYS), new ArrayList<>())) {
            for (long id = 1; id <= 50; id++) {
                StoredMessage m = message(id, id % 2 == 0 ? "alice" : "bob");
                BlockingStore.stored(store, m);
                stored.add(m);
            }
            copySegmentsTo(crashed); // the files as a killed server leaves them, zeros and all
        }
        Path segment = Journals.segments(crashed).get(0);
        assertTrue(Files.size(segment) > recordsEnd(stored), "the copy holds the zeros written ahead");

        JournalConfig restarted = JournalConfig.in(crashed).withLog(log);
        List<StoredMessage> recovered = new ArrayList<>();
        try (JournalStore store = Journals.openRecovered(restarted, recovered)) {
            assertEquals(stored, recovered);
            assertEquals(recordsEnd(stored), Files.size(segment), "recovery cut the zeros off");
            StoredMessage next = message(51, "alice");
            BlockingStore.stored(store, next); // and the journal goes on after its last record
            stored.add(next);
        }
        assertEquals(stored, Journals.recover(restarted));
        assertFalse(log.lines.stream().anyMatch(l -> l.contains("torn")), log.lines.toString());
    }

    @Test
    void a_sealed_segment_never_keeps_zeros_so_recovery_of_every_segment_stays_strict() throws IOException {
        JournalConfig small = config(FsyncPolicy.ALWAYS).withSegmentBytes(8192);
        List<StoredMessage> stored = new ArrayList<>();
        try (JournalStore store = Journals.openRecovered(small, new ArrayList<>())) {
            for (long id = 1; id <= 300; id++) {
                StoredMessage m = message(id, "carol");
                BlockingStore.stored(store, m);
                stored.add(m);
            }
            List<Path> segments = Journals.segments(dir);
            assertTrue(segments.size() >= 3, segments.toString());
            for (Path sealed : segments.subList(0, segments.size() - 1)) {
                assertTrue(Files.size(sealed) <= 8192, sealed + ": " + Files.size(sealed) + " bytes");
            }
            copySegmentsTo(crashed);
        }
        // A sealed segment ending in zeros would stop this recovery as corrupt: it is not the newest.
        assertEquals(stored, Journals.recover(JournalConfig.in(crashed).withLog(log)));
    }

    @Test
    void a_round_is_confined_to_the_thread_that_first_used_it() throws Exception {
        try (JournalStore store = Journals.openRecovered(config(FsyncPolicy.ALWAYS), new ArrayList<>())) {
            MessageStore.Round round = store.round();
            round.flush();
            CompletableFuture<Throwable> fromOther = new CompletableFuture<>();
            Thread other = new Thread(() -> {
                try {
                    round.flush();
                    fromOther.complete(null);
                } catch (AssertionError e) {
                    fromOther.complete(e);
                }
            });
            other.start();
            assertTrue(fromOther.get() instanceof AssertionError, "another thread's call is caught");
            round.flush(); // the first thread still may
        }
    }

    @Test
    void a_round_holds_its_records_until_flush_and_hands_them_over_in_one_batch() throws Exception {
        FlakyDisk disk = new FlakyDisk();
        try (JournalStore store =
                Journals.openRecovered(config(FsyncPolicy.ALWAYS).withChannels(disk), new ArrayList<>())) {
            MessageStore.Round round = store.round();
            List<CompletableFuture<Throwable>> answers = new ArrayList<>();
            for (long id = 1; id <= 10; id++) {
                CompletableFuture<Throwable> answer = new CompletableFuture<>();
                round.stored(message(id, "dave"), answer::complete);
                answers.add(answer);
            }
            // The writer works in queue order: a record queued directly after them is answered while the
            // round's are still held, since they were never queued.
            BlockingStore.stored(store, message(11, "dave"));
            assertTrue(answers.stream().noneMatch(CompletableFuture::isDone), "held until flush");

            long forcesBefore = disk.forces.get();
            round.flush();
            for (CompletableFuture<Throwable> answer : answers) {
                assertEquals(null, answer.get());
            }
            assertEquals(1, disk.forces.get() - forcesBefore, "ten records, one write and one force");
        }
    }
}
