package dev.pigeonhole.server.journal;

import static dev.pigeonhole.server.journal.Journals.message;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pigeonhole.server.StoredMessage;
import dev.pigeonhole.testing.BlockingStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Start-up after a crash: a torn tail (a record the server was writing when it died, never acknowledged)
 * is cut off; damage anywhere else stops start-up, names file and offset, and changes nothing.
 */
@Timeout(30)
class JournalRecoveryTest {
    @TempDir
    Path dir;

    private RecordingLog log;
    private JournalConfig config;
    private List<StoredMessage> stored;

    @BeforeEach
    void storeTenMessages() throws IOException {
        log = new RecordingLog();
        config = JournalConfig.in(dir).withLog(log);
        stored = new ArrayList<>();
        try (JournalStore store = Journals.openRecovered(config, new ArrayList<>())) {
            for (long id = 1; id <= 10; id++) {
                BlockingStore.stored(store, message(id, "alice"));
                stored.add(message(id, "alice"));
            }
        }
    }

    private Path lastSegment() throws IOException {
        List<Path> s = Journals.segments(dir);
        return s.get(s.size() - 1);
    }

    /** The byte offset of the {@code n}th record (0-based) of the ten stored in setUp. */
    private static long offsetOfRecord(int n) {
        long offset = JournalFormat.SEGMENT_HEADER_BYTES;
        for (int i = 0; i < n; i++) {
            offset += JournalFormat.stored(message(i + 1, "alice")).length;
        }
        return offset;
    }

    private void append(Path file, byte[] bytes) throws IOException {
        Files.write(file, bytes, StandardOpenOption.APPEND);
    }

    @Test
    void a_torn_last_record_is_cut_off_and_the_journal_keeps_working() throws IOException {
        Path file = lastSegment();
        long goodSize = Files.size(file);
        byte[] next = JournalFormat.stored(message(11, "alice"));
        append(file, Arrays.copyOf(next, next.length / 2));

        List<StoredMessage> recovered = new ArrayList<>();
        try (JournalStore store = Journals.openRecovered(config, recovered)) {
            assertEquals(stored, recovered);
            assertEquals(goodSize, Files.size(file));
            BlockingStore.stored(store, message(12, "alice"));
        }
        assertTrue(
                log.lines.stream().anyMatch(l -> l.contains("torn record at byte offset " + goodSize)),
                log.lines.toString());
        stored.add(message(12, "alice"));
        assertEquals(stored, Journals.recover(config));
    }

    @Test
    void a_torn_record_header_is_cut_off() throws IOException {
        Path file = lastSegment();
        long goodSize = Files.size(file);
        append(file, new byte[] {0, 0, 0});
        assertEquals(stored, Journals.recover(config));
        assertEquals(goodSize, Files.size(file));
    }

    @Test
    void a_zero_filled_tail_left_by_the_file_system_is_cut_off() throws IOException {
        Path file = lastSegment();
        long goodSize = Files.size(file);
        append(file, new byte[8192]);
        assertEquals(stored, Journals.recover(config));
        assertEquals(goodSize, Files.size(file));
    }

    @Test
    void a_complete_last_record_with_a_bad_checksum_is_damage_not_a_torn_write() throws IOException {
        Path file = lastSegment();
        long bad = offsetOfRecord(9);
        flip(file, bad + 20);
        long size = Files.size(file);
        CorruptJournalException e = assertThrows(CorruptJournalException.class, () -> Journals.recover(config));
        assertEquals(file, e.file());
        assertEquals(bad, e.offset());
        assertTrue(
                e.getMessage().contains("checksum mismatch in the last record of the newest segment"), e.getMessage());
        assertTrue(e.getMessage().contains("truncate -s " + bad + " " + file), e.getMessage());
        assertEquals(size, Files.size(file), "nothing changed");
    }

    @Test
    void a_last_record_zero_filled_from_a_page_boundary_is_a_torn_write() throws IOException {
        // What a power failure can leave: the file's new size reached the disk, the record's last page did not.
        Path file = lastSegment();
        long goodSize = Files.size(file);
        byte[] big = JournalFormat.stored(new StoredMessage(11, "alice", "bob", "y".repeat(6000)));
        int firstPage = Math.toIntExact(((goodSize / SegmentReader.PAGE) + 1) * SegmentReader.PAGE - goodSize);
        Arrays.fill(big, firstPage, big.length, (byte) 0);
        append(file, big);
        assertEquals(stored, Journals.recover(config));
        assertEquals(goodSize, Files.size(file));
    }

    @Test
    void an_impossible_length_in_the_last_record_is_damage() throws IOException {
        Path file = lastSegment();
        append(file, new byte[] {0x7f, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8});
        CorruptJournalException e = assertThrows(CorruptJournalException.class, () -> Journals.recover(config));
        assertTrue(e.getMessage().contains("is impossible"), e.getMessage());
    }

    @Test
    void a_segment_with_a_torn_header_after_a_crash_while_rolling_is_reset() throws IOException {
        Path next = dir.resolve(Segment.fileName(Segment.numberOf(lastSegment()) + 1));
        Files.write(next, new byte[] {'P', 'G', 'N'});
        try (JournalStore store = Journals.openRecovered(config, new ArrayList<>())) {
            assertEquals(JournalFormat.SEGMENT_HEADER_BYTES, Files.size(next));
            BlockingStore.stored(store, message(11, "bob"));
        }
        stored.add(message(11, "bob"));
        assertEquals(stored, Journals.recover(config));
    }

    @Test
    void a_flipped_byte_in_an_earlier_record_stops_start_up_naming_file_and_offset() throws IOException {
        Path file = lastSegment();
        long bad = offsetOfRecord(4);
        flip(file, bad + 30);
        byte[] before = Files.readAllBytes(file);

        CorruptJournalException e = assertThrows(CorruptJournalException.class, () -> Journals.recover(config));
        assertEquals(file, e.file());
        assertEquals(bad, e.offset());
        assertTrue(e.getMessage().contains(file + " at byte offset " + bad + ": checksum mismatch"), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(file), "a corrupt journal must not be modified");
    }

    @Test
    void an_impossible_length_in_an_earlier_record_stops_start_up() throws IOException {
        Path file = lastSegment();
        long bad = offsetOfRecord(2);
        try (var ch = java.nio.channels.FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.allocate(4).putInt(0, 0x7fffffff), bad);
        }
        CorruptJournalException e = assertThrows(CorruptJournalException.class, () -> Journals.recover(config));
        assertEquals(bad, e.offset());
        assertTrue(e.getMessage().contains("impossible record length"), e.getMessage());
    }

    @Test
    void damage_at_the_end_of_a_sealed_segment_is_corruption_not_a_torn_write() throws IOException {
        // A later segment exists, so the first one was complete: its last record cannot be torn.
        Path first = lastSegment();
        Files.write(
                dir.resolve(Segment.fileName(Segment.numberOf(first) + 1)),
                JournalFormat.segmentHeader().array());
        long bad = offsetOfRecord(9);
        flip(first, bad + 12);
        CorruptJournalException e = assertThrows(CorruptJournalException.class, () -> Journals.recover(config));
        assertEquals(first, e.file());
        assertEquals(bad, e.offset());
    }

    @Test
    void a_foreign_file_named_like_a_segment_stops_start_up() throws IOException {
        Path file = lastSegment();
        Files.write(
                dir.resolve(Segment.fileName(0)),
                "not a journal at all, but long enough".getBytes(StandardCharsets.US_ASCII));
        CorruptJournalException e = assertThrows(CorruptJournalException.class, () -> Journals.recover(config));
        assertEquals(0, e.offset());
        assertTrue(e.getMessage().contains("bad magic"), e.getMessage());
        assertTrue(Files.exists(file));
    }

    @Test
    void a_crash_after_compaction_copied_but_before_it_deleted_the_old_segment_keeps_each_message_once_in_id_order()
            throws IOException {
        // The state such a crash leaves: segment 1 (ids 1..10, written in setUp) still exists, and segment 2
        // holds copies of its live messages 3..10 (1 and 2 were removed there), then more history.
        Path first = lastSegment();
        try (JournalStore store = Journals.openRecovered(config, new ArrayList<>())) {
            BlockingStore.removed(store, message(1, "alice"));
            BlockingStore.removed(store, message(2, "alice"));
        }
        Path second = dir.resolve(Segment.fileName(Segment.numberOf(first) + 1));
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        b.write(JournalFormat.segmentHeader().array());
        b.write(JournalFormat.stored(message(11, "alice")).clone()); // stored while compaction ran
        for (long id = 10; id >= 3; id--) { // copies, in any order
            b.write(JournalFormat.stored(message(id, "alice")));
        }
        b.write(JournalFormat.removed(5));
        Files.write(second, b.toByteArray());

        List<StoredMessage> expected = new ArrayList<>();
        for (long id : new long[] {3, 4, 6, 7, 8, 9, 10, 11}) {
            expected.add(message(id, "alice"));
        }
        assertEquals(expected, Journals.recover(config));
        assertEquals(expected, Journals.recover(config), "and the same again after the writer reopened it");
    }

    private static void flip(Path file, long offset) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        bytes[Math.toIntExact(offset)] ^= 0x5A;
        Files.write(file, bytes);
    }
}
