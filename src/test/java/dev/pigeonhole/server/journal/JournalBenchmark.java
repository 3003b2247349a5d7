package dev.pigeonhole.server.journal;

import dev.pigeonhole.server.StoredMessage;
import dev.pigeonhole.testing.BlockingStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Measures the journal (not a test: speed goes in benchmarks). Run after {@code mvn -o test-compile}:
 * <pre>
 * java -cp target/classes:target/test-classes dev.pigeonhole.server.journal.JournalBenchmark groupcommit [threads] [seconds]
 * java -cp target/classes:target/test-classes dev.pigeonhole.server.journal.JournalBenchmark recovery [messages]
 * java -cp target/classes:target/test-classes dev.pigeonhole.server.journal.JournalBenchmark single [fsync] [seconds]
 * java -cp target/classes:target/test-classes dev.pigeonhole.server.journal.JournalBenchmark write DIR [messages]
 * java -cp target/classes:target/test-classes dev.pigeonhole.server.journal.JournalBenchmark recover DIR
 * java -cp target/classes:target/test-classes dev.pigeonhole.server.journal.JournalBenchmark compactread [rounds]
 * </pre>
 * {@code write} and {@code recover} keep the directory, so that recovery can be timed in a fresh JVM,
 * as a restarting server meets it.
 * Each run uses a fresh directory under {@code java.io.tmpdir} (set {@code -Djava.io.tmpdir=} to pick
 * the disk) and deletes it afterwards.
 */
public final class JournalBenchmark {
    private JournalBenchmark() {}

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "groupcommit";
        if (mode.equals("write")) {
            write(JournalConfig.in(Path.of(args[1])).withFsync(FsyncPolicy.NEVER), arg(args, 2, 1_000_000));
            return;
        }
        if (mode.equals("recover")) {
            recover(JournalConfig.in(Path.of(args[1])), 1);
            return;
        }
        Path dir = Files.createTempDirectory("pigeonhole-journal-bench");
        try {
            switch (mode) {
                case "groupcommit" -> groupCommit(dir, arg(args, 1, 16), arg(args, 2, 5));
                case "recovery" -> recovery(dir, arg(args, 1, 1_000_000));
                case "single" -> single(dir, FsyncPolicy.parse(args.length > 1 ? args[1] : "never"), arg(args, 2, 5));
                case "compactread" -> compactRead(dir, arg(args, 1, 6));
                default -> throw new IllegalArgumentException("mode: groupcommit, recovery, single or compactread");
            }
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    private static int arg(String[] args, int i, int otherwise) {
        return args.length > i ? Integer.parseInt(args[i]) : otherwise;
    }

    /** ~100 bytes of text, like a chat line. */
    static StoredMessage message(long id) {
        return new StoredMessage(
                id,
                "user" + (id % 1000),
                "sender" + (id % 997),
                String.format("%-100s", "message " + id + " lorem ipsum dolor sit amet, consectetur adipiscing elit"));
    }

    /** N threads calling stored() with fsync always: group commit vs one force per record, same run. */
    private static void groupCommit(Path dir, int threads, int seconds) throws Exception {
        FlakyDisk counting = new FlakyDisk(); // never fails here: only counts forces
        double grouped = 0;
        double single = 0;
        for (int round = 0; round < 2; round++) { // alternate, so drift on a shared machine hits both
            for (int maxBatch : new int[] {JournalConfig.DEFAULT_MAX_BATCH, 1}) {
                Path d = dir.resolve("r" + round + "b" + maxBatch);
                JournalConfig cfg = JournalConfig.in(d).withMaxBatch(maxBatch).withChannels(counting);
                long forcesBefore = counting.forces.get();
                double rate = closedLoop(cfg, threads, seconds * 1_000_000_000L / 2);
                long forces = counting.forces.get() - forcesBefore;
                System.out.printf(
                        "fsync always, %d threads, maxBatch %d: %.0f stored/s, %d forces%n",
                        threads, maxBatch, rate, forces);
                if (maxBatch == 1) {
                    single += rate;
                } else {
                    grouped += rate;
                }
            }
        }
        System.out.printf("group commit gain with %d threads: %.1fx%n", threads, grouped / single);
    }

    private static double closedLoop(JournalConfig cfg, int threads, long nanos) throws Exception {
        AtomicLong ids = new AtomicLong();
        AtomicLong done = new AtomicLong();
        try (JournalStore store = JournalStore.open(cfg)) {
            store.recover(m -> {});
            long end = System.nanoTime() + nanos;
            List<Thread> workers = new ArrayList<>();
            long start = System.nanoTime();
            for (int t = 0; t < threads; t++) {
                Thread w = new Thread(() -> {
                    try {
                        while (System.nanoTime() < end) {
                            BlockingStore.stored(store, message(ids.incrementAndGet()));
                            done.incrementAndGet();
                        }
                    } catch (IOException e) {
                        throw new RuntimeException(e);
                    }
                });
                workers.add(w);
                w.start();
            }
            for (Thread w : workers) {
                w.join();
            }
            return done.get() * 1e9 / (System.nanoTime() - start);
        }
    }

    private static void single(Path dir, FsyncPolicy fsync, int seconds) throws Exception {
        double rate = closedLoop(JournalConfig.in(dir).withFsync(fsync), 1, seconds * 1_000_000_000L);
        System.out.printf("fsync %s, 1 thread: %.0f stored/s (%.1f us each)%n", fsync, rate, 1e6 / rate);
    }

    /**
     * What compaction's reading of one full segment (64 MiB of the held workload's records: a STORED, then its
     * REMOVED) costs in CPU: decoding each STORED record and encoding it again (as compaction did up to
     * 2026-12-07) against taking its checked bytes as they are. Alternating, thread CPU time.
     */
    private static void compactRead(Path dir, int rounds) throws Exception {
        Path segment = dir.resolve(Segment.fileName(1));
        try (var out = new java.io.BufferedOutputStream(Files.newOutputStream(segment))) {
            out.write(JournalFormat.segmentHeader().array());
            for (long id = 1, bytes = JournalFormat.SEGMENT_HEADER_BYTES;
                    bytes < JournalConfig.DEFAULT_SEGMENT_BYTES;
                    id++) {
                byte[] stored = JournalFormat.stored(message(id));
                byte[] removed = JournalFormat.removed(id);
                out.write(stored);
                out.write(removed);
                bytes += stored.length + removed.length;
            }
        }
        var threads = java.lang.management.ManagementFactory.getThreadMXBean();
        for (int round = 1; round <= rounds; round++) {
            for (boolean decoding : new boolean[] {true, false}) {
                long cpu = threads.getCurrentThreadCpuTime();
                long records = 0;
                try (SegmentReader reader = new SegmentReader(ChannelOpener.DEFAULT, segment)) {
                    reader.readHeader();
                    if (decoding) {
                        JournalFormat.Decoded d;
                        while ((d = reader.next()) != null) {
                            if (d.type() == JournalFormat.STORED && JournalFormat.stored(d.message()).length > 0) {
                                records++;
                            }
                        }
                    } else {
                        while (reader.nextStoredBytes() != null) {
                            records++;
                        }
                    }
                }
                System.out.printf(
                        "round %d, %s: %d STORED records, %.1f ms CPU%n",
                        round,
                        decoding ? "decoded and encoded" : "checked bytes      ",
                        records,
                        (threads.getCurrentThreadCpuTime() - cpu) / 1e6);
            }
        }
    }

    /** Writes {@code count} ~100-byte messages, then times a restart's recovery. */
    private static void recovery(Path dir, int count) throws Exception {
        JournalConfig cfg = JournalConfig.in(dir).withFsync(FsyncPolicy.NEVER);
        write(cfg, count);
        for (int run = 1; run <= 3; run++) {
            recover(cfg, run);
        }
    }

    private static void write(JournalConfig cfg, int count) throws Exception {
        Path dir = cfg.directory();
        long t0 = System.nanoTime();
        try (JournalStore store = JournalStore.open(cfg)) {
            store.recover(m -> {});
            int threads = 8;
            AtomicLong ids = new AtomicLong();
            List<Thread> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Thread w = new Thread(() -> {
                    try {
                        long id;
                        while ((id = ids.incrementAndGet()) <= count) {
                            BlockingStore.stored(store, message(id));
                        }
                    } catch (IOException e) {
                        throw new RuntimeException(e);
                    }
                });
                workers.add(w);
                w.start();
            }
            for (Thread w : workers) {
                w.join();
            }
        }
        long t1 = System.nanoTime();
        System.out.printf(
                "wrote %d messages (%d MB of segments) in %.1f s%n",
                count, Journals.diskBytes(dir) >> 20, (t1 - t0) / 1e9);
    }

    private static void recover(JournalConfig cfg, int run) throws Exception {
        AtomicLong recovered = new AtomicLong();
        long r0 = System.nanoTime();
        try (JournalStore store = JournalStore.open(cfg)) {
            store.recover(m -> recovered.incrementAndGet());
            System.out.printf(
                    "recovery run %d: %d messages in %.2f s%n", run, recovered.get(), (System.nanoTime() - r0) / 1e9);
        }
    }
}
