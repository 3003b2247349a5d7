package dev.pigeonhole.server.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads one segment file front to back. {@link #next()} returns records until the end of the file or
 * the first bad bytes; {@link #problem()} then tells which, and {@link #offset()} where they start.
 */
final class SegmentReader implements AutoCloseable {
    private final Path path;
    private final FileChannel channel;
    private final long fileSize;
    private byte[] buf = new byte[1 << 20];
    private long bufStart; // file offset of buf[0]
    private int pos; // next unread byte in buf
    private int lim; // end of the bytes read into buf
    private final String[] problem = new String[1];
    private final Map<String, String> names;

    SegmentReader(ChannelOpener opener, Path path) throws IOException {
        this(opener, path, new HashMap<>());
    }

    /** {@code names}: user names seen so far, shared so that equal names become one string. */
    SegmentReader(ChannelOpener opener, Path path, Map<String, String> names) throws IOException {
        this.path = path;
        this.names = names;
        this.channel = opener.open(path, StandardOpenOption.READ);
        this.fileSize = channel.size();
    }

    Path path() {
        return path;
    }

    long fileSize() {
        return fileSize;
    }

    /** Reads the segment header: null if it is valid, else what is wrong with it. */
    String readHeader() throws IOException {
        if (fill(JournalFormat.SEGMENT_HEADER_BYTES) < JournalFormat.SEGMENT_HEADER_BYTES) {
            return "incomplete segment header (" + fileSize + " bytes)";
        }
        String p = JournalFormat.headerProblem(ByteBuffer.wrap(buf, pos, JournalFormat.SEGMENT_HEADER_BYTES));
        if (p == null) {
            pos += JournalFormat.SEGMENT_HEADER_BYTES;
        }
        return p;
    }

    /** The next record, or null at the end of the file or at bad bytes ({@link #problem()} says which). */
    JournalFormat.Decoded next() throws IOException {
        return next(true);
    }

    /**
     * The bytes of the next STORED record, checked as {@link #next()} checks them, skipping REMOVED ones; null
     * at the end of the file or at bad bytes ({@link #problem()} says which). Compaction writes a live record
     * again exactly as it is, so it need not decode any.
     */
    byte[] nextStoredBytes() throws IOException {
        JournalFormat.Decoded d;
        while ((d = next(false)) != null) {
            if (d.type() == JournalFormat.STORED) {
                return Arrays.copyOfRange(buf, pos - d.length(), pos);
            }
        }
        return null;
    }

    private JournalFormat.Decoded next(boolean withMessage) throws IOException {
        problem[0] = null;
        int available = fill(JournalFormat.RECORD_HEADER_BYTES);
        if (available == 0) {
            return null;
        }
        if (available >= JournalFormat.RECORD_HEADER_BYTES) {
            int payload = ByteBuffer.wrap(buf, pos, 4).getInt();
            if (payload > 0 && payload <= JournalFormat.MAX_PAYLOAD_BYTES) {
                available = fill(JournalFormat.RECORD_HEADER_BYTES + payload);
            }
        }
        JournalFormat.Decoded d = JournalFormat.decode(buf, pos, available, problem, names, withMessage);
        if (d != null) {
            pos += d.length();
        }
        return d;
    }

    /** Why the last {@link #next()} returned null, or null if it reached the end cleanly. */
    String problem() {
        return problem[0];
    }

    /** The file offset of the next record (after {@link #next()} returned null: of the bad bytes, or the end). */
    long offset() {
        return bufStart + pos;
    }

    /**
     * Whether a valid record starts anywhere after {@code from}: if so, the bytes at {@code from} are damage
     * in the middle of the journal, not the torn tail of an interrupted write.
     */
    boolean validRecordAfter(long from) throws IOException {
        long start = from + 1;
        if (start >= fileSize) {
            return false;
        }
        byte[] tail = new byte[Math.toIntExact(fileSize - start)];
        ByteBuffer b = ByteBuffer.wrap(tail);
        while (b.hasRemaining() && channel.read(b, start + b.position()) >= 0) {
            // read to the end
        }
        ByteBuffer view = ByteBuffer.wrap(tail);
        String[] ignored = new String[1];
        for (int i = 0;
                i + JournalFormat.RECORD_HEADER_BYTES + JournalFormat.REMOVED_PAYLOAD_BYTES <= tail.length;
                i++) {
            int payload = view.getInt(i);
            byte type = tail[i + JournalFormat.RECORD_HEADER_BYTES];
            boolean plausible = (type == JournalFormat.REMOVED && payload == JournalFormat.REMOVED_PAYLOAD_BYTES)
                    || (type == JournalFormat.STORED
                            && payload >= JournalFormat.MIN_STORED_PAYLOAD_BYTES
                            && payload <= tail.length - i - JournalFormat.RECORD_HEADER_BYTES);
            if (plausible && JournalFormat.decode(tail, i, tail.length - i, ignored, null) != null) {
                return true;
            }
        }
        return false;
    }

    /**
     * Judges the bad bytes at {@code from}, after which no valid record follows: null if they are what an
     * interrupted write leaves (the torn tail of a crash), else why they are damage. Torn: fewer than a record
     * header's bytes; only zero bytes (blocks the file system allocated but never wrote, after a power
     * failure); a record that runs past the end of the file; or a complete record whose bytes are zero from
     * a page boundary ({@value #PAGE} bytes) to the end of the file (a page of it never reached the disk).
     * Damage: an impossible length field, or a complete record, present to its last byte, that fails its
     * checksum or is malformed: it was written whole, and changed after.
     */
    String tailDamage(long from) throws IOException {
        byte[] tail = readTail(from);
        if (tail.length < JournalFormat.RECORD_HEADER_BYTES || zeroFrom(tail, 0)) {
            return null;
        }
        int payload = ByteBuffer.wrap(tail).getInt(0);
        if (payload < JournalFormat.REMOVED_PAYLOAD_BYTES || payload > JournalFormat.MAX_PAYLOAD_BYTES) {
            return "its length field (" + payload + ") is impossible, and a write cut short leaves a length"
                    + " either whole or missing";
        }
        long length = (long) JournalFormat.RECORD_HEADER_BYTES + payload;
        if (length > tail.length) {
            return null;
        }
        for (long page = (from / PAGE + 1) * PAGE; page < from + length; page += PAGE) {
            if (zeroFrom(tail, (int) (page - from))) {
                return null;
            }
        }
        return "all " + length + " bytes of the record are present, so it was written whole and changed after"
                + " (a write cut short leaves a record incomplete, or zero-filled from a page boundary on)";
    }

    /** Whether every byte from {@code from} to the end of the file is zero (or there is none). */
    boolean onlyZerosFrom(long from) throws IOException {
        ByteBuffer chunk = ByteBuffer.allocate(1 << 16);
        for (long at = from; at < fileSize; ) {
            chunk.clear();
            int n = channel.read(chunk, at);
            if (n < 0) {
                return true;
            }
            if (!zeroFrom(chunk.array(), 0, n)) {
                return false;
            }
            at += n;
        }
        return true;
    }

    /** Pages as the file system writes them back: a power failure can lose whole pages of a write. */
    static final int PAGE = 4096;

    private static boolean zeroFrom(byte[] a, int from) {
        return zeroFrom(a, from, a.length);
    }

    private static boolean zeroFrom(byte[] a, int from, int to) {
        for (int i = from; i < to; i++) {
            if (a[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private byte[] readTail(long from) throws IOException {
        byte[] tail = new byte[Math.toIntExact(Math.max(0, fileSize - from))];
        ByteBuffer b = ByteBuffer.wrap(tail);
        while (b.hasRemaining() && channel.read(b, from + b.position()) >= 0) {
            // read to the end
        }
        return tail;
    }

    /** Makes at least {@code n} bytes from {@code pos} available, or all that remain; returns how many are. */
    private int fill(int n) throws IOException {
        if (lim - pos >= n) {
            return lim - pos;
        }
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, lim - pos);
            bufStart += pos;
            lim -= pos;
            pos = 0;
        }
        if (n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(n, buf.length * 2));
        }
        while (lim < n) {
            int r = channel.read(ByteBuffer.wrap(buf, lim, buf.length - lim), bufStart + lim);
            if (r < 0) {
                break;
            }
            lim += r;
        }
        return lim - pos;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
