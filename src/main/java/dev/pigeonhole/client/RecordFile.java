package dev.pigeonhole.client;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Reads the records of an {@link Archive} or {@link SentStore} file a page at a time, from any byte offset
 * forwards or backwards, so that a client can show a file of any size while holding only a page of it.
 * Offsets are record boundaries (0, or just after a LF). Only complete records count: a last line without
 * its LF is being written (or was torn by a crash) and is left for a later read.
 */
public final class RecordFile {
    /** A record and where it lies in the file: {@code [start, end)}, {@code end} just after its LF. */
    public record Located(ArchivedMessage record, long start, long end) {}

    /**
     * Records in file order, and {@code reached}: the boundary the read got to (for a forward read the
     * offset after the last line examined, for a backward read the start of the last line examined), so
     * that the next page starts there without examining again the lines a filter skipped.
     */
    public record Page(List<Located> records, long reached) {}

    private static final int CHUNK = 64 * 1024;

    private final Path file;

    public RecordFile(Path file) {
        this.file = file.toAbsolutePath().normalize();
    }

    public Path file() {
        return file;
    }

    /** The offset just after the last complete record: where a reader that follows the file starts. */
    public long end() throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return lastBoundary(ch, ch.size());
        } catch (NoSuchFileException e) {
            return 0;
        }
    }

    /**
     * Up to {@code max} records that {@code wanted} accepts, starting at {@code from} and not going past
     * {@code limit}, oldest first.
     */
    public Page after(long from, long limit, int max, Predicate<ArchivedMessage> wanted) throws IOException {
        List<Located> out = new ArrayList<>();
        long at = from;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long stop = Math.min(limit, ch.size());
            ByteBuffer buf = ByteBuffer.allocate(CHUNK);
            byte[] line = new byte[256];
            int lineLen = 0;
            long pos = from;
            while (pos < stop && out.size() < max) {
                buf.clear().limit((int) Math.min(CHUNK, stop - pos));
                int n = ch.read(buf, pos);
                if (n <= 0) {
                    break;
                }
                for (int i = 0; i < n && out.size() < max; i++) {
                    byte b = buf.get(i);
                    if (b == '\n') {
                        long end = pos + i + 1;
                        Optional<ArchivedMessage> m = parse(line, lineLen);
                        if (m.isPresent() && wanted.test(m.get())) {
                            out.add(new Located(m.get(), at, end));
                        }
                        at = end;
                        lineLen = 0;
                    } else {
                        if (lineLen == line.length) {
                            line = java.util.Arrays.copyOf(line, line.length * 2);
                        }
                        line[lineLen++] = b;
                    }
                }
                pos += n;
            }
        } catch (NoSuchFileException e) {
            return new Page(List.of(), from);
        }
        return new Page(out, at);
    }

    /**
     * Up to {@code max} records that {@code wanted} accepts, ending at {@code before} (a boundary) and going
     * back towards the start of the file, returned oldest first.
     */
    public Page before(long before, int max, Predicate<ArchivedMessage> wanted) throws IOException {
        List<Located> newestFirst = new ArrayList<>();
        long reached = before;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long end = Math.min(before, lastBoundary(ch, ch.size()));
            reached = end;
            // data holds the bytes [pos, end): a chunk and whatever part of a line is still unparsed.
            byte[] data = new byte[0];
            long pos = end;
            while (newestFirst.size() < max && reached > 0) {
                int n = (int) Math.min(CHUNK, pos);
                ByteBuffer chunk = ByteBuffer.allocate(n + data.length);
                chunk.limit(n);
                pos -= n;
                while (chunk.hasRemaining() && ch.read(chunk, pos + chunk.position()) >= 0) {
                    // fill the chunk
                }
                chunk.limit(n + data.length);
                chunk.put(data);
                data = chunk.array();
                // Records end at `lineEnd` (exclusive of nothing: data[lineEnd - 1] is the LF).
                int lineEnd = (int) (reached - pos);
                int i = lineEnd - 2;
                while (newestFirst.size() < max) {
                    while (i >= 0 && data[i] != '\n') {
                        i--;
                    }
                    if (i < 0 && pos > 0) {
                        break; // the line starts in an earlier chunk
                    }
                    int start = i + 1;
                    Optional<ArchivedMessage> m = parse(data, start, lineEnd - 1 - start);
                    if (m.isPresent() && wanted.test(m.get())) {
                        newestFirst.add(new Located(m.get(), pos + start, pos + lineEnd));
                    }
                    reached = pos + start;
                    lineEnd = start;
                    i = start - 2;
                    if (start == 0) {
                        break;
                    }
                }
                data = java.util.Arrays.copyOf(data, (int) (reached - pos)); // keep the unparsed head
                if (pos == 0 && reached == 0) {
                    break;
                }
            }
        } catch (NoSuchFileException e) {
            return new Page(List.of(), 0);
        }
        List<Located> out = new ArrayList<>(newestFirst.size());
        for (int k = newestFirst.size() - 1; k >= 0; k--) {
            out.add(newestFirst.get(k));
        }
        return new Page(out, reached);
    }

    /**
     * The boundary before the first record stamped after {@code at}, found by bisecting the file (records
     * are appended in time order), so that a position in one file can be matched to a moment in the other
     * with a few reads, whatever the file's size. Returns {@link #end()} when no record is later.
     */
    public long firstAfter(Instant at) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long lo = 0; // a boundary: every record before it is at or before `at`
            long hi = lastBoundary(ch, ch.size()); // a boundary: the record starting here (if any) is after
            while (lo < hi) {
                long mid = lo + (hi - lo) / 2;
                long start = mid == 0 ? 0 : nextBoundary(ch, mid, hi);
                if (start >= hi) {
                    // No record starts in [mid, hi): walk the few that start in [lo, mid).
                    return nextBoundaryOrSame(ch, lo, hi, at);
                }
                Optional<ArchivedMessage> m = recordAt(ch, start);
                long end = nextBoundary(ch, start + 1, Long.MAX_VALUE);
                if (m.isPresent() && m.get().at().isAfter(at)) {
                    hi = start;
                } else {
                    lo = Math.min(end, hi);
                }
            }
            return hi;
        } catch (NoSuchFileException e) {
            return 0;
        }
    }

    /** Walks forward from boundary {@code lo} to the first record after {@code at}, stopping at {@code hi}. */
    private long nextBoundaryOrSame(FileChannel ch, long lo, long hi, Instant at) throws IOException {
        long pos = lo;
        while (pos < hi) {
            Optional<ArchivedMessage> m = recordAt(ch, pos);
            if (m.isPresent() && m.get().at().isAfter(at)) {
                return pos;
            }
            pos = nextBoundary(ch, pos + 1, hi);
        }
        return hi;
    }

    /** The first boundary at or after {@code from} (the offset after the next LF at or after {@code from - 1}). */
    private static long nextBoundary(FileChannel ch, long from, long limit) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(8192);
        long pos = from - 1;
        long size = Math.min(limit, ch.size());
        while (pos < size) {
            buf.clear().limit((int) Math.min(buf.capacity(), size - pos));
            int n = ch.read(buf, pos);
            if (n <= 0) {
                break;
            }
            for (int i = 0; i < n; i++) {
                if (buf.get(i) == '\n') {
                    return pos + i + 1;
                }
            }
            pos += n;
        }
        return Math.max(from, size);
    }

    /** The record starting at boundary {@code start}, if it parses. */
    private static Optional<ArchivedMessage> recordAt(FileChannel ch, long start) throws IOException {
        long end = nextBoundary(ch, start + 1, Long.MAX_VALUE);
        int len = (int) Math.max(0, Math.min(end - 1 - start, 2 << 20));
        ByteBuffer line = ByteBuffer.allocate(len);
        while (line.hasRemaining() && ch.read(line, start + line.position()) > 0) {
            // fill the line
        }
        return parse(line.array(), 0, line.position());
    }

    private static Optional<ArchivedMessage> parse(byte[] b, int len) {
        return parse(b, 0, len);
    }

    private static Optional<ArchivedMessage> parse(byte[] b, int off, int len) {
        return Archive.parse(new String(b, off, len, StandardCharsets.UTF_8));
    }

    /**
     * The offset after the last LF at or before {@code size}: the end of the last whole record, where an
     * appended record belongs and where a reader stops.
     */
    static long lastBoundary(FileChannel ch, long size) throws IOException {
        ByteBuffer chunk = ByteBuffer.allocate(8192);
        long end = size;
        while (end > 0) {
            long from = Math.max(0, end - chunk.capacity());
            chunk.clear().limit((int) (end - from));
            while (chunk.hasRemaining() && ch.read(chunk, from + chunk.position()) >= 0) {
                // fill the window
            }
            for (int i = chunk.position() - 1; i >= 0; i--) {
                if (chunk.get(i) == '\n') {
                    return from + i + 1;
                }
            }
            end = from;
        }
        return 0;
    }
}
