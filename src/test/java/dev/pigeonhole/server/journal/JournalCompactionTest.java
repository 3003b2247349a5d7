package dev.pigeonhole.server.journal;

import static dev.pigeonhole.server.journal.Journals.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pigeonhole.server.StoredMessage;
import dev.pigeonhole.testing.BlockingStore;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Disk use follows what is stored, not history; compaction never loses or revives a message (G2). */
@Timeout(60)
class JournalCompactionTest {
    private static final long SEGMENT = 16 << 10;

    @TempDir
    Path dir;

    private JournalConfig config(FsyncPolicy fsync) {
        return JournalConfig.in(dir).withFsync(fsync).withSegmentBytes(SEGMENT).withLog(new RecordingLog());
    }

    /** Waits (bounded) until compaction has brought the journal under {@code bound} bytes. */
    private long awaitDiskBytesBelow(long bound) throws Exception {
        long deadline = System.nanoTime() + 20_000_000_000L;
        long bytes;
        while ((bytes = Journals.diskBytes(dir)) > bound && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return bytes;
    }

    @Test
    void disk_use_follows_what_is_stored_not_the_history_of_everything_sent() throws Exception {
        List<StoredMessage> live = new ArrayList<>();
        long written = 0;
        try (JournalStore store = Journals.openRecovered(config(FsyncPolicy.NEVER), new ArrayList<>())) {
            StoredMessage keeper = message(1, "patient"); // never read: must be carried along by compaction
            BlockingStore.stored(store, keeper);
            for (long id = 2; id <= 20_000; id++) {
                StoredMessage m = message(id, "busy");
                BlockingStore.stored(store, m);
                written += JournalFormat.stored(m).length;
                live.add(m);
                if (live.size() > 50) {
                    StoredMessage read = live.remove(0);
                    BlockingStore.removed(store, read);
                    written += JournalFormat.removed(read.id()).length;
                }
            }
            live.add(0, keeper);
            // ~3 MB went through the journal; ~51 messages are stored. Allow the active segment, one being
            // cleaned, and the dead half that triggers cleaning.
            long bound = 4 * SEGMENT;
            long bytes = awaitDiskBytesBelow(bound);
            assertTrue(bytes <= bound, bytes + " bytes on disk after writing " + written);
            assertFalse(Files.exists(dir.resolve(Segment.fileName(1))), "the first segment was compacted away");
        }
        assertEquals(live, Journals.recover(config(FsyncPolicy.NEVER)));
    }

    @Test
    void compaction_never_copies_a_damaged_record_forward_and_deletes_the_segment_once_nothing_in_it_is_live_G2()
            throws Exception {
        StoredMessage keeper = message(1, "patient");
        StoredMessage damaged = message(2, "patient");
        RecordingLog log = new RecordingLog();
        Path first = dir.resolve(Segment.fileName(1));
        AtomicInteger readsOfFirst = new AtomicInteger();
        ChannelOpener counting = (path, options) -> {
            if (path.equals(first) && List.of(options).equals(List.of(StandardOpenOption.READ))) {
                readsOfFirst.incrementAndGet();
            }
            return ChannelOpener.DEFAULT.open(path, options);
        };
        JournalConfig config = config(FsyncPolicy.NEVER).withLog(log).withChannels(counting);
        try (JournalStore store = Journals.openRecovered(config, new ArrayList<>())) {
            BlockingStore.stored(store, keeper);
            BlockingStore.stored(store, damaged);
            // Live fillers keep the first segment from being cleaned until the damage is in place.
            List<StoredMessage> fillers = fillFirstSegment(store, 3);
            long damagedAt = (long) JournalFormat.SEGMENT_HEADER_BYTES
                    + JournalFormat.stored(keeper).length
                    + JournalFormat.stored(damaged).length
                    - 1;
            try (FileChannel ch = FileChannel.open(first, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                ByteBuffer b = ByteBuffer.allocate(1);
                ch.read(b, damagedAt);
                ch.write(ByteBuffer.wrap(new byte[] {(byte) (b.get(0) ^ 0x20)}), damagedAt); // a letter's case
            }
            for (StoredMessage m : fillers) {
                BlockingStore.removed(store, m);
            }
            String stopped = "compaction paused: " + first + " is damaged at byte offset";
            long nudge = nudgeUntil(store, 1_000_000, () -> log.count(stopped) > 0);
            assertEquals(1, log.count(stopped), log.lines.toString());
            // Compaction retries a failed read a second later; damage does not go away, so it must not. Keep
            // the writer busy past that second (a bounded wait: what is checked is that nothing happens).
            long quiet = System.nanoTime() + 1_500_000_000L;
            while (System.nanoTime() < quiet) {
                BlockingStore.stored(store, message(nudge++, "nudge"));
                Thread.sleep(20);
            }
            assertEquals(1, readsOfFirst.get(), "the damaged segment was read once");
            assertEquals(1, log.lines.size(), "one line, and no word of COMPOSE failing: " + log.lines);
            assertTrue(Files.exists(first), "a segment whose records could not all be read is kept");
            // Nothing of that segment was copied (the keeper stays where it is), and every later segment
            // holds whole, checked records only.
            List<Path> later =
                    Journals.segments(dir).subList(1, Journals.segments(dir).size());
            List<Long> copied = new ArrayList<>();
            for (Path p : later) {
                try (SegmentReader r = new SegmentReader(ChannelOpener.DEFAULT, p)) {
                    assertEquals(null, r.readHeader());
                    JournalFormat.Decoded d;
                    while ((d = r.next()) != null) {
                        if (d.message() != null && d.message().recipient().equals("patient")) {
                            copied.add(d.id());
                        }
                    }
                    assertEquals(null, r.problem(), p + " holds only whole, checked records");
                }
            }
            assertEquals(List.of(), copied);

            // Once both of its messages are read, the damaged segment goes like any emptied one.
            BlockingStore.removed(store, keeper);
            BlockingStore.removed(store, damaged);
            String deleted = first + ", found damaged, held no live message any more and was deleted";
            // The line comes after the file is gone (and the directory forced): wait for the line.
            nudgeUntil(store, nudge, () -> log.count(deleted) > 0);
            assertEquals(1, log.count(deleted), log.lines.toString());
            assertFalse(Files.exists(first), log.lines.toString());
        }
        List<StoredMessage> recovered = Journals.recover(config(FsyncPolicy.NEVER)); // no damage left to stop at
        assertTrue(recovered.stream().allMatch(m -> m.recipient().equals("nudge")), recovered.toString());
    }

    @Test
    void compaction_that_cannot_read_a_segment_retries_and_says_so_once_G2() throws Exception {
        StoredMessage keeper = message(1, "patient");
        RecordingLog log = new RecordingLog();
        Path first = dir.resolve(Segment.fileName(1));
        AtomicInteger failuresLeft = new AtomicInteger(2);
        ChannelOpener failingReads = (path, options) -> {
            if (path.equals(first)
                    && List.of(options).equals(List.of(StandardOpenOption.READ))
                    && failuresLeft.getAndDecrement() > 0) {
                throw new IOException("Input/output error");
            }
            return ChannelOpener.DEFAULT.open(path, options);
        };
        JournalConfig config = config(FsyncPolicy.NEVER).withLog(log).withChannels(failingReads);
        try (JournalStore store = Journals.openRecovered(config, new ArrayList<>())) {
            BlockingStore.stored(store, keeper);
            for (StoredMessage m : fillFirstSegment(store, 2)) {
                BlockingStore.removed(store, m);
            }
            // The second line comes after the file is gone (and the directory forced): wait for it.
            nudgeUntil(store, 1_000_000, () -> log.count("compacting again") > 0);
            assertFalse(Files.exists(first), "compacted once the segment could be read: " + log.lines);
            assertEquals(
                    List.of(
                            "journal: compacting " + first + " failed (java.io.IOException: Input/output error);"
                                    + " compaction tries again every second, storing and reading go on; further"
                                    + " failures are counted, not logged",
                            "journal: compacting again after 2 failed attempt(s)"),
                    log.lines);
        }
        assertTrue(Journals.recover(config(FsyncPolicy.NEVER)).contains(keeper), "the keeper was copied forward");
    }

    /** Stores live messages from id {@code from} on until a second segment is started; returns them. */
    private List<StoredMessage> fillFirstSegment(JournalStore store, long from) throws Exception {
        List<StoredMessage> fillers = new ArrayList<>();
        for (long id = from; Journals.segments(dir).size() < 2; id++) {
            StoredMessage m = message(id, "busy");
            BlockingStore.stored(store, m);
            fillers.add(m);
        }
        return fillers;
    }

    /**
     * Stores a message every 20 ms (each batch makes the writer look at compaction) until {@code done} or 20
     * seconds; returns the next id to use.
     */
    private static long nudgeUntil(JournalStore store, long id, BooleanSupplier done) throws Exception {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!done.getAsBoolean() && System.nanoTime() < deadline) {
            BlockingStore.stored(store, message(id++, "nudge"));
            Thread.sleep(20);
        }
        return id;
    }

    @Test
    void concurrent_stored_and_removed_during_compaction_recover_exactly_what_is_left_G2() throws Exception {
        int threads = 8;
        int operations = 4000;
        AtomicLong ids = new AtomicLong();
        Set<StoredMessage> expected = ConcurrentHashMap.newKeySet();
        try (JournalStore store = Journals.openRecovered(config(FsyncPolicy.ALWAYS), new ArrayList<>())) {
            List<Thread> workers = new ArrayList<>();
            List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
            for (int t = 0; t < threads; t++) {
                long seed = t;
                Thread worker = new Thread(() -> {
                    SplittableRandom random = new SplittableRandom(seed);
                    List<StoredMessage> mine = new ArrayList<>();
                    try {
                        for (int i = 0; i < operations; i++) {
                            if (mine.isEmpty() || random.nextInt(100) < 55) {
                                StoredMessage m = message(ids.incrementAndGet(), "user" + seed);
                                BlockingStore.stored(store, m);
                                mine.add(m);
                            } else {
                                // mostly FIFO like READ, sometimes any: compaction must cope with both
                                int k = random.nextInt(10) == 0 ? random.nextInt(mine.size()) : 0;
                                BlockingStore.removed(store, mine.remove(k));
                            }
                        }
                        expected.addAll(mine);
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                });
                workers.add(worker);
                worker.start();
            }
            for (Thread w : workers) {
                w.join();
            }
            assertEquals(List.of(), failures);
        }
        List<StoredMessage> want = new ArrayList<>(expected);
        want.sort(Comparator.comparingLong(StoredMessage::id));
        List<StoredMessage> recovered = Journals.recover(config(FsyncPolicy.ALWAYS));
        assertEquals(want, recovered);
        assertEquals(recovered.size(), new HashSet<>(recovered).size(), "no message twice");
        assertTrue(Segment.numberOf(Journals.segments(dir).get(0)) > 1, "compaction ran during the test");
    }
}
