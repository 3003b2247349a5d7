package dev.pigeonhole.server.journal;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How a {@link JournalStore} keeps its files.
 *
 * @param directory    the data directory (created if missing; locked while the store is open)
 * @param fsync        when writes are forced to the disk
 * @param segmentBytes a segment is sealed and a new one started once it holds this many bytes
 * @param maxBatch     at most this many requests share one write (and, with {@code always}, one force);
 *                     1 turns group commit off, which only benchmarks want
 * @param channels     opens segment files (tests inject failing channels)
 * @param logger       where incidents (a failing disk, a dropped torn record) are reported
 */
public record JournalConfig(Path directory, FsyncPolicy fsync, long segmentBytes, int maxBatch,
                            ChannelOpener channels, System.Logger logger) {
    public static final long DEFAULT_SEGMENT_BYTES = 64L << 20;
    public static final int DEFAULT_MAX_BATCH = 4096;

    public JournalConfig {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(fsync, "fsync");
        Objects.requireNonNull(channels, "channels");
        Objects.requireNonNull(logger, "logger");
        if (segmentBytes < 4096) {
            throw new IllegalArgumentException("segmentBytes must be at least 4096");
        }
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be at least 1");
        }
    }

    /** {@code directory} with {@code fsync always}, 64 MiB segments and group commit. */
    public static JournalConfig in(Path directory) {
        return new JournalConfig(directory, FsyncPolicy.ALWAYS, DEFAULT_SEGMENT_BYTES, DEFAULT_MAX_BATCH,
                ChannelOpener.DEFAULT, System.getLogger(JournalStore.class.getName()));
    }

    public JournalConfig withFsync(FsyncPolicy p) {
        return new JournalConfig(directory, p, segmentBytes, maxBatch, channels, logger);
    }

    public JournalConfig withSegmentBytes(long n) {
        return new JournalConfig(directory, fsync, n, maxBatch, channels, logger);
    }

    public JournalConfig withMaxBatch(int n) {
        return new JournalConfig(directory, fsync, segmentBytes, n, channels, logger);
    }

    public JournalConfig withChannels(ChannelOpener c) {
        return new JournalConfig(directory, fsync, segmentBytes, maxBatch, c, logger);
    }

    public JournalConfig withLogger(System.Logger l) {
        return new JournalConfig(directory, fsync, segmentBytes, maxBatch, channels, l);
    }
}
