package dev.pigeonhole.server.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The journal's single writer thread. Callers enqueue requests and return; each request's future completes
 * once it is done (the server's event loops never wait on it: {@code JournalStore} turns it into a
 * completion that the connection continues from). The thread
 * takes everything queued (up to {@code maxBatch}), writes it with one positional write and, with
 * {@code fsync always}, one {@code force}: that is the group commit. Because every change to the files
 * and to the index of live messages happens on this thread, in queue order, compaction copies and
 * removals can never overtake each other, and no lock is ever held across I/O.
 *
 * <p>Under {@code fsync always} the active segment is kept filled with zeros ahead of its records, so that a
 * batch's force writes its data alone, not the file's new size (see {@link #preallocate}); only the newest
 * segment ever ends in zeros.
 *
 * <p>A failed write or force is undone: the segment is truncated back to its last good size (retried
 * until it works) so that no half-written batch is ever followed by newer records.
 */
final class JournalWriter {
    private static final long INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long COMPACTION_RETRY_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** How far ahead of its records the active segment is filled with zeros under {@code fsync always}. */
    static final int PREALLOCATE_BYTES = 1 << 20;

    sealed interface Job permits Append, Copy, Drop, Close {
        CompletableFuture<Void> done();
    }

    /** A STORED ({@code storedLength} 0) or REMOVED record from a caller. */
    @SuppressWarnings("ArrayRecordComponent") // handed once to the writer, never compared or shared
    record Append(long id, byte[] record, boolean removal, int storedLength, CompletableFuture<Void> done)
            implements Job {}

    /** Compaction: write these STORED records of {@code from} again, where their message is still live there. */
    record Copy(Segment from, List<byte[]> records, CompletableFuture<Void> done) implements Job {}

    /** Compaction finished copying {@code segment} (or failed with {@code failure}): delete it if empty. */
    record Drop(Segment segment, IOException failure, CompletableFuture<Void> done) implements Job {}

    record Close(CompletableFuture<Void> done) implements Job {}

    private final JournalConfig config;
    /** Guards {@link #queue}; {@link #queued} is signalled when the writer waits and jobs arrive. */
    private final ReentrantLock queueLock = new ReentrantLock();

    private final Condition queued = queueLock.newCondition();
    /** Jobs submitted and not yet taken by the writer, in submission order. Guarded by {@link #queueLock}. */
    private final ArrayDeque<Job> queue = new ArrayDeque<>();

    private final Thread thread;
    private final Compactor compactor;
    private volatile boolean exited;

    // Everything below belongs to the writer thread.
    private final TreeMap<Long, Segment> segments;
    /** id -> the segment holding its live STORED record. */
    private final HashMap<Long, Segment> index;

    private final Incident incident;
    private Segment active;
    private FileChannel channel; // the active segment, open for writing
    /**
     * The active segment's length on disk: its records ({@code active.size}), then zeros written ahead of them
     * ({@link #preallocate}). Equal to {@code active.size} when nothing is written ahead.
     */
    private long allocated;
    /** Writing zeros ahead failed in this segment: it grows with each batch, as without preallocation. */
    private boolean preallocationFailed;

    private ByteBuffer zeros; // PREALLOCATE_BYTES of zeros, made at the first use
    /** A write failed and the active segment may hold bytes past {@code active.size}. */
    private boolean needsRepair;

    private boolean dirty; // written since the last force
    private long lastForce = System.nanoTime();
    /** Tombstones whose write failed; written again with the next batch that succeeds. */
    private final List<byte[]> retryTombstones = new ArrayList<>();

    private boolean compacting;
    private long compactNotBefore = System.nanoTime();
    /** Compaction's reads and deletes failing (I/O): not a write failure, COMPOSE is not affected. */
    private final Incident compactionIncident;
    /**
     * The oldest segment, in which compaction found damage, or null. It is not read again (damage does not go
     * away), and segments go oldest first, so compaction waits until none of its messages is live and then
     * deletes it like any emptied segment.
     */
    private Segment damaged;

    private ByteBuffer out = ByteBuffer.allocateDirect(1 << 16);

    JournalWriter(JournalConfig config, Recovery.State state) throws IOException {
        this.config = config;
        this.segments = state.segments();
        this.index = state.index();
        this.incident = Incident.ofWrites(config.log());
        this.compactionIncident = Incident.ofCompaction(config.log());
        if (segments.isEmpty()) {
            startSegment(1);
        } else {
            active = segments.lastEntry().getValue();
            channel = config.channels().open(active.path, StandardOpenOption.WRITE);
            allocated = active.size; // recovery cut the file to its last record
        }
        this.compactor = new Compactor(config, this);
        this.thread = new Thread(this::run, "pigeonhole-journal-writer");
        thread.setDaemon(true);
        thread.start();
    }

    /** Queues {@code job}; its future completes when it is done (or failed, or the writer closed). */
    <R extends Job> R submit(R job) {
        submitAll(List.of(job));
        return job;
    }

    /**
     * Queues {@code jobs} in order, in one step: the writer wakes once for all of them and takes them into
     * one batch (up to {@code maxBatch}).
     */
    void submitAll(List<? extends Job> jobs) {
        queueLock.lock();
        try {
            queue.addAll(jobs);
            queued.signal();
        } finally {
            queueLock.unlock();
        }
        if (exited) {
            failLeftovers(); // the writer is gone: nobody else will complete them
        }
    }

    /**
     * The writer: waits up to {@code nanos} for a job, then moves up to {@code maxBatch} queued jobs into
     * {@code batch}; leaves it empty if none came.
     */
    private void take(List<Job> batch, long nanos) throws InterruptedException {
        queueLock.lock();
        try {
            while (queue.isEmpty() && nanos > 0) {
                nanos = queued.awaitNanos(nanos);
            }
            for (int n = config.maxBatch(); n > 0 && !queue.isEmpty(); n--) {
                batch.add(queue.poll());
            }
        } finally {
            queueLock.unlock();
        }
    }

    /** Writes what is queued, forces, closes the files and stops the thread. */
    void close() throws InterruptedException {
        compactor.stop();
        CompletableFuture<Void> done =
                submit(new Close(new CompletableFuture<>())).done();
        try {
            done.get();
        } catch (java.util.concurrent.ExecutionException e) {
            // already logged by the writer
        }
        thread.join();
    }

    private void run() {
        List<Job> batch = new ArrayList<>();
        try {
            boolean closing = false;
            while (!closing) {
                take(batch, pollNanos());
                if (batch.isEmpty()) {
                    idle();
                    continue;
                }
                closing = process(batch);
                batch.clear();
                if (!closing) {
                    maybeCompact();
                }
            }
        } catch (Throwable t) { // a bug: fail every waiter rather than leave it hanging
            config.log().log("journal: writer stopped by an unexpected error, every write now fails: " + t);
            IOException e = new IOException("journal writer stopped: " + t, t);
            batch.forEach(r -> r.done().completeExceptionally(e));
            exited = true;
            failLeftovers();
            // The thread's death ends a server process (see Fatal): a store that fails every write is no
            // service, and the restart replays the journal.
            if (t instanceof Error error) {
                throw error;
            }
            if (t instanceof RuntimeException bug) {
                throw bug;
            }
        } finally {
            closeChannel();
            compactor.stop();
            exited = true;
            failLeftovers();
        }
    }

    private long pollNanos() {
        if (config.fsync() == FsyncPolicy.INTERVAL && dirty) {
            return Math.max(0, lastForce + INTERVAL_NANOS - System.nanoTime());
        }
        return INTERVAL_NANOS; // also retries failed tombstones and compaction when idle
    }

    private void idle() {
        if (!retryTombstones.isEmpty() || needsRepair) {
            process(List.of());
        }
        forceIfIntervalElapsed();
        maybeCompact();
    }

    /** Processes one batch; returns true if it held the Close request. */
    private boolean process(List<Job> batch) {
        List<Runnable> undo = new ArrayList<>();
        IOException failure = repair();
        if (failure == null) {
            failure = rollIfFull(batch);
        }
        // The index changes are made even when nothing can be written: a removal must leave the index
        // (so compaction never copies its message forward again), and everything else is undone below.
        out.clear();
        for (byte[] tombstone : retryTombstones) {
            put(tombstone);
        }
        for (Job r : batch) {
            if (r instanceof Append a) {
                append(a, undo);
            } else if (r instanceof Copy c) {
                copy(c, undo);
            }
        }
        if (failure == null) {
            long before = active.size;
            failure = write();
            if (failure == null) {
                // A removal is safe from a killed process once written; only a power failure before the
                // force below could undo it, and that would deliver the message again, never lose it. So
                // READ does not wait for the disk; COMPOSE (stored) does.
                for (Job r : batch) {
                    if (r instanceof Append a && a.removal()) {
                        a.done().complete(null);
                    }
                }
                if (config.fsync() == FsyncPolicy.ALWAYS) {
                    failure = forceBatch(before);
                }
            }
            if (failure == null) {
                incident.succeeded();
                forceIfIntervalElapsed();
            }
        }
        if (failure != null) {
            for (int i = undo.size() - 1; i >= 0; i--) {
                undo.get(i).run();
            }
        } else {
            retryTombstones.clear();
        }
        boolean closing = false;
        for (Job r : batch) {
            if (r instanceof Append a && a.removal() && failure != null) {
                retryTombstones.add(a.record()); // its message is gone from memory: keep trying to say so
            }
            if (r instanceof Append || r instanceof Copy) {
                if (failure == null) {
                    r.done().complete(null);
                } else {
                    r.done().completeExceptionally(failure);
                }
            } else if (r instanceof Drop d) {
                drop(d);
            } else if (r instanceof Close c) {
                closing = true;
                try {
                    trim();
                } catch (IOException e) {
                    incident.failed("closing the journal", e); // recovery cuts the zeros off, if any
                }
                c.done().complete(null);
            }
        }
        return closing;
    }

    private void append(Append a, List<Runnable> undo) {
        if (a.removal()) {
            Segment where = index.remove(a.id());
            if (where != null) {
                where.removeLive(a.storedLength());
            }
            // On failure the message stays removed from the index: its tombstone is retried, and
            // compaction will not copy it forward meanwhile.
        } else {
            Segment target = active;
            index.put(a.id(), target);
            target.addLive(a.record().length);
            undo.add(() -> {
                index.remove(a.id());
                target.removeLive(a.record().length);
            });
        }
        put(a.record());
    }

    private void copy(Copy c, List<Runnable> undo) {
        Segment target = active;
        for (byte[] record : c.records()) {
            long id = ByteBuffer.wrap(record).getLong(JournalFormat.RECORD_HEADER_BYTES + 1);
            if (index.get(id) != c.from()) {
                continue; // removed meanwhile (its tombstone is already ahead of us) or copied already
            }
            index.put(id, target);
            c.from().removeLive(record.length);
            target.addLive(record.length);
            undo.add(() -> {
                if (index.get(id) == target) {
                    index.put(id, c.from());
                    target.removeLive(record.length);
                    c.from().addLive(record.length);
                }
            });
            put(record);
        }
    }

    private void put(byte[] record) {
        if (out.remaining() < record.length) {
            ByteBuffer bigger = ByteBuffer.allocateDirect(Math.max(out.capacity() * 2, out.position() + record.length));
            bigger.put(out.flip());
            out = bigger;
        }
        out.put(record);
    }

    /** Writes {@code out} after the active segment's last good byte (into the kernel: no force). */
    private IOException write() {
        out.flip();
        if (!out.hasRemaining()) {
            return null;
        }
        int bytes = out.remaining();
        preallocate(bytes);
        try {
            long position = active.size;
            while (out.hasRemaining()) {
                position += channel.write(out, position);
            }
            dirty = true;
        } catch (IOException e) {
            needsRepair = true;
            incident.failed("writing " + active.path, e);
            repair();
            return e;
        }
        active.size += bytes;
        return null;
    }

    /**
     * {@code fsync always}: forces the batch just written. If that fails, nothing tells which of its
     * bytes reached the disk, so the batch is cut off (from {@code before}) and fails as a whole.
     */
    private IOException forceBatch(long before) {
        try {
            channel.force(false);
            dirty = false;
            lastForce = System.nanoTime();
            return null;
        } catch (IOException e) {
            active.size = before;
            needsRepair = true;
            incident.failed("forcing " + active.path, e);
            repair();
            return e;
        }
    }

    /** Cuts a failed batch's bytes off the active segment; null once the segment ends at its last good byte. */
    private IOException repair() {
        if (!needsRepair) {
            return null;
        }
        try {
            channel.truncate(active.size);
            allocated = active.size;
            needsRepair = false;
            return null;
        } catch (IOException e) {
            incident.failed("truncating " + active.path + " after a failed write", e);
            return e;
        }
    }

    private IOException rollIfFull(List<Job> batch) {
        long bytes = 0;
        for (Job r : batch) {
            if (r instanceof Append a) {
                bytes += a.record().length;
            } else if (r instanceof Copy c) {
                for (byte[] record : c.records()) {
                    bytes += record.length;
                }
            }
        }
        if (active.size <= JournalFormat.SEGMENT_HEADER_BYTES || active.size + bytes <= config.segmentBytes()) {
            return null;
        }
        try {
            startSegment(active.number + 1);
            return null;
        } catch (IOException e) {
            incident.failed("starting a new segment", e);
            return e;
        }
    }

    /**
     * Creates segment {@code number}, forced with its header, and makes it the active one. The segment before
     * it is sealed first: its zeros written ahead are cut off and it is forced, so that only the newest
     * segment can ever end in zeros (recovery relies on it) and compaction reads records only.
     */
    private void startSegment(long number) throws IOException {
        if (channel != null) {
            trim();
        }
        Segment next = new Segment(number, config.directory());
        FileChannel ch = config.channels()
                .open(
                        next.path,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.TRUNCATE_EXISTING,
                        StandardOpenOption.WRITE);
        try {
            ByteBuffer header = JournalFormat.segmentHeader();
            while (header.hasRemaining()) {
                ch.write(header, header.position());
            }
            ch.force(true);
            syncDirectory();
        } catch (IOException e) {
            ch.close();
            Files.deleteIfExists(next.path);
            throw e;
        }
        closeChannel();
        next.size = JournalFormat.SEGMENT_HEADER_BYTES;
        segments.put(number, next);
        active = next;
        channel = ch;
        allocated = next.size;
        preallocationFailed = false;
        dirty = false;
        needsRepair = false;
    }

    /**
     * {@code fsync always}: makes sure the active segment has room for {@code bytes} more, filled with zeros
     * written ahead ({@value #PREALLOCATE_BYTES} bytes at a time), so that a batch overwrites blocks the file
     * already has. Its force ({@code fdatasync}) then writes the data alone; a batch that grows the file
     * also forces the file's new size and blocks, a file system journal commit, which took about twice as
     * long on the disk measured (src/docs/performance.md). A failure here costs only that gain: the segment
     * then grows with each batch, as it does under the other policies.
     */
    private void preallocate(int bytes) {
        long needed = active.size + bytes;
        if (config.fsync() != FsyncPolicy.ALWAYS || needed <= allocated || preallocationFailed) {
            return;
        }
        if (zeros == null) {
            zeros = ByteBuffer.allocateDirect(PREALLOCATE_BYTES);
        }
        long to = Math.max(needed, Math.min(needed + PREALLOCATE_BYTES, config.segmentBytes()));
        long at = Math.max(allocated, active.size);
        try {
            while (at < to) {
                zeros.clear().limit((int) Math.min(zeros.capacity(), to - at));
                while (zeros.hasRemaining()) {
                    at += channel.write(zeros, at);
                }
            }
            allocated = to;
        } catch (IOException e) {
            // The zeros written so far are overwritten by the records or cut off when the segment is sealed.
            preallocationFailed = true;
            allocated = Math.max(allocated, at);
        }
    }

    /** Cuts off the zeros written ahead of the active segment's records and forces it (sealing or closing). */
    private void trim() throws IOException {
        boolean cut = allocated > active.size;
        if (cut) {
            channel.truncate(active.size);
            allocated = active.size;
        }
        if (cut || dirty) {
            channel.force(cut); // a sealed segment is always on disk, its length too: compaction relies on it
            dirty = false;
            lastForce = System.nanoTime();
        }
    }

    private void forceIfIntervalElapsed() {
        if (config.fsync() == FsyncPolicy.INTERVAL && dirty && System.nanoTime() - lastForce >= INTERVAL_NANOS) {
            force("forcing " + active.path);
        }
    }

    /** Forces the active segment if it has unforced writes; false (logged) if that failed. */
    private boolean force(String what) {
        if (!dirty) {
            return true;
        }
        try {
            channel.force(false);
            dirty = false;
            lastForce = System.nanoTime();
            return true;
        } catch (IOException e) {
            lastForce = System.nanoTime(); // retry a second later, not in a tight loop
            incident.failed(what, e);
            return false;
        }
    }

    private void maybeCompact() {
        if (compacting || needsRepair || System.nanoTime() < compactNotBefore) {
            return;
        }
        long total = 0;
        long live = 0;
        for (Segment s : segments.values()) {
            total += s.size;
            live += s.liveBytes;
        }
        // Disk use follows what is stored: once more than half the bytes are dead, clean the oldest segment.
        if (total <= config.segmentBytes() || live * 2 >= total) {
            return;
        }
        Segment oldest = segments.firstEntry().getValue();
        if (oldest == active) {
            return; // one segment larger than the roll size: it rolls with the next batch
        }
        if (oldest.liveRecords == 0) {
            // Nothing to copy, so nothing to write: delete it here. Through the compactor it would wait for a
            // batch (the failed tombstones come first), which on a full disk never succeeds, and deleting
            // emptied segments is the only way the journal can give space back.
            deleteEmptied(oldest);
            return;
        }
        if (oldest == damaged) {
            return; // its messages are served from memory; once they are all read, it goes above
        }
        compacting = true;
        compactor.compact(oldest);
    }

    /** Deletes a sealed segment none of whose messages is live (after forcing what was copied from it). */
    private void deleteEmptied(Segment s) {
        if (!force("forcing compacted records before deleting " + s.path)) {
            compactNotBefore = System.nanoTime() + COMPACTION_RETRY_NANOS;
            return;
        }
        try {
            Files.deleteIfExists(s.path);
            segments.remove(s.number);
            syncDirectory();
            compactionIncident.succeeded();
            if (s == damaged) {
                damaged = null;
                config.log().log("journal: " + s.path + ", found damaged, held no live message any more and was"
                        + " deleted; compaction goes on");
            }
        } catch (IOException e) {
            compactionFailed("deleting " + s.path, e);
        }
    }

    /**
     * A step of compaction failed, not a write: storing and reading are not affected, so it is compaction's own
     * incident, not the writes'. Tried again a second later; logged once until compaction works again.
     */
    private void compactionFailed(String what, IOException e) {
        compactNotBefore = System.nanoTime() + COMPACTION_RETRY_NANOS;
        compactionIncident.failed(what, e);
    }

    private void drop(Drop d) {
        compacting = false;
        Segment s = d.segment();
        if (d.failure() instanceof CorruptJournalException damage) {
            damaged = s;
            config.log().log("journal: compaction paused: " + damage.file() + " is damaged at byte offset "
                    + damage.offset() + " (" + damage.problem() + "). Nothing was copied from it; storing and"
                    + " reading go on, and it is deleted once none of its messages is waiting. Until then the"
                    + " journal's files grow with everything sent, and a start-up stops at the damage and says"
                    + " how to repair it (journal.md, Corruption)");
        } else if (d.failure() != null) {
            compactionFailed("compacting " + s.path, d.failure());
        } else if (s.liveRecords != 0 || s == active) {
            // A copy failed after the compactor had read the records: try this segment again later.
            compactNotBefore = System.nanoTime() + COMPACTION_RETRY_NANOS;
        } else {
            deleteEmptied(s);
        }
        d.done().complete(null);
    }

    private void syncDirectory() throws IOException {
        try (FileChannel dir = FileChannel.open(config.directory(), StandardOpenOption.READ)) {
            dir.force(true);
        } catch (UnsupportedOperationException | java.nio.file.AccessDeniedException e) {
            // some platforms cannot force a directory; the data itself is still forced
        }
    }

    private void closeChannel() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                config.log().log("journal: closing " + active.path + ": " + e);
            }
            channel = null;
        }
    }

    private void failLeftovers() {
        IOException closed = new IOException("the journal is closed");
        List<Job> left;
        queueLock.lock();
        try {
            left = new ArrayList<>(queue);
            queue.clear();
        } finally {
            queueLock.unlock();
        }
        for (Job r : left) { // outside the lock: completing runs the callers' code
            r.done().completeExceptionally(closed);
        }
    }
}
