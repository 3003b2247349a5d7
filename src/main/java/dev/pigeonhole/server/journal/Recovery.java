package dev.pigeonhole.server.journal;

import dev.pigeonhole.server.StoredMessage;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Replays a data directory's segments in order. Zeros at the end of the last segment (written ahead by the
 * writer under {@code fsync always}) are its end, cut off without a word. The torn tail of the last segment
 * (bytes after which no valid record follows, and that an interrupted write can leave: see
 * {@link SegmentReader#tailDamage}) is truncated away and reported; bad bytes anywhere else, a complete
 * record that fails its checksum, and a gap in the segments' numbers stop recovery with a
 * {@link CorruptJournalException}.
 */
final class Recovery {
    /** What the journal holds: the messages (ordered by id), its segments and where each message lives. */
    record State(
            List<StoredMessage> messages,
            TreeMap<Long, Segment> segments,
            HashMap<Long, Segment> index,
            long highestId) {}

    private final JournalConfig config;
    private final TreeMap<Long, Segment> segments = new TreeMap<>();
    private final Map<String, String> names = new HashMap<>();
    private HashMap<Long, Segment> index;
    private HashMap<Long, StoredMessage> messages;
    private long highestId; // of every record replayed, STORED or REMOVED

    private Recovery(JournalConfig config) {
        this.config = config;
    }

    static State replay(JournalConfig config) throws IOException {
        return new Recovery(config).run();
    }

    private State run() throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(config.directory())) {
            files = list.filter(p -> Segment.numberOf(p) >= 0)
                    .sorted(Comparator.comparingLong(Segment::numberOf))
                    .toList();
        }
        checkSequence(files);
        // Sized for the records the files can hold (at least ~100 bytes each), so they never rehash.
        long bytes = 0;
        for (Path f : files) {
            bytes += Files.size(f);
        }
        int expected = (int) Math.min(1 << 28, bytes / 96);
        index = new HashMap<>(Math.max(16, (int) (expected / 0.75f) + 1));
        messages = new HashMap<>(Math.max(16, (int) (expected / 0.75f) + 1));
        for (int i = 0; i < files.size(); i++) {
            Segment segment = new Segment(Segment.numberOf(files.get(i)), config.directory());
            replay(segment, i == files.size() - 1);
            segments.put(segment.number, segment);
        }
        List<StoredMessage> live = new ArrayList<>(messages.values());
        messages.clear();
        // Compaction copies old records forward, so file order is not id order; ids give the stored order.
        live.sort(Comparator.comparingLong(StoredMessage::id));
        return new State(live, segments, index, highestId);
    }

    /**
     * Segments are numbered one after another and only ever deleted oldest first (compaction), so a gap
     * means a file went missing: its messages would be lost, and its REMOVED records forgotten (their
     * messages delivered again). Start-up stops rather than guess. A missing oldest or newest segment
     * cannot be told from one compaction deleted or one never started: that is why the journal's rules
     * (src/docs/journal.md) say to back up the directory as a whole.
     */
    private void checkSequence(List<Path> files) throws CorruptJournalException {
        for (int i = 1; i < files.size(); i++) {
            long before = Segment.numberOf(files.get(i - 1));
            long after = Segment.numberOf(files.get(i));
            if (after != before + 1) {
                throw CorruptJournalException.missing(
                        config.directory().resolve(Segment.fileName(before + 1)),
                        after - before - 1,
                        files.get(i - 1),
                        files.get(i));
            }
        }
    }

    private void replay(Segment segment, boolean last) throws IOException {
        Path file = segment.path;
        try (SegmentReader reader = new SegmentReader(config.channels(), file, names)) {
            String headerProblem = reader.readHeader();
            if (headerProblem != null) {
                if (!last || reader.validRecordAfter(0)) {
                    throw new CorruptJournalException(file, 0, headerProblem);
                }
                // Crashed while starting this segment: nothing was ever acknowledged from it.
                config.log().log("journal: " + file + ": " + headerProblem
                        + " after a crash while starting the segment; rewriting its header");
                rewriteHeader(file);
                segment.size = JournalFormat.SEGMENT_HEADER_BYTES;
                return;
            }
            JournalFormat.Decoded record;
            while ((record = reader.next()) != null) {
                apply(record, segment);
            }
            long end = reader.offset();
            if (reader.problem() != null && last && reader.onlyZerosFrom(end)) {
                // The zeros the writer keeps ahead of its records (fsync always), or blocks the file system
                // allocated but never wrote: the end of the journal, no record cut short. The writer writes
                // zeros ahead again as it needs them.
                truncate(file, end);
            } else if (reader.problem() != null) {
                if (!last || reader.validRecordAfter(end)) {
                    throw new CorruptJournalException(file, end, reader.problem());
                }
                String damage = reader.tailDamage(end);
                if (damage != null) {
                    throw new CorruptJournalException(
                            file, end, reader.problem() + " in the last record of the newest segment: " + damage);
                }
                config.log().log("journal: " + file + ": dropped a torn record at byte offset "
                        + end + " (" + (reader.fileSize() - end) + " bytes, " + reader.problem()
                        + "): most likely the server stopped while writing it, before acknowledging it"
                        + " (a damaged disk or a power failure can also cut a record short)");
                truncate(file, end);
            }
            segment.size = end;
        }
    }

    private void apply(JournalFormat.Decoded record, Segment segment) {
        highestId = Math.max(highestId, record.id());
        if (record.type() == JournalFormat.STORED) {
            Long id = record.id(); // one boxed key for both maps
            Segment earlier = index.put(id, segment);
            if (earlier == null) {
                messages.put(id, record.message());
            } else {
                // A copy made by compaction whose source segment was not deleted yet: same message.
                earlier.removeLive(record.length());
            }
            segment.addLive(record.length());
        } else {
            Segment where = index.remove(record.id());
            StoredMessage gone = messages.remove(record.id());
            if (where != null) {
                where.removeLive(JournalFormat.storedLength(gone));
            }
            // else: the STORED record was in a segment that compaction already deleted.
        }
    }

    private void truncate(Path file, long size) throws IOException {
        try (FileChannel ch = config.channels().open(file, StandardOpenOption.WRITE)) {
            ch.truncate(size);
            ch.force(true);
        }
    }

    private void rewriteHeader(Path file) throws IOException {
        try (FileChannel ch = config.channels().open(file, StandardOpenOption.WRITE)) {
            ch.truncate(0);
            ch.write(JournalFormat.segmentHeader(), 0);
            ch.force(true);
        }
    }
}
