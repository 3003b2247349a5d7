package dev.pigeonhole.server.journal;

import dev.pigeonhole.server.ServerLog;
import dev.pigeonhole.system.UserDirectories;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
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
 * @param log          where incidents (a failing disk, a dropped torn record) are reported, one line each
 */
public record JournalConfig(
        Path directory, FsyncPolicy fsync, long segmentBytes, int maxBatch, ChannelOpener channels, ServerLog log) {
    public static final long DEFAULT_SEGMENT_BYTES = 64L << 20;
    /**
     * Overrides {@link #DEFAULT_SEGMENT_BYTES} in {@link #in}: tests set it small in a child server, so that
     * segments roll and compaction runs all the time while it is being killed.
     */
    public static final String SEGMENT_BYTES_PROPERTY = "pigeonhole.journal.segment-bytes";

    public static final int DEFAULT_MAX_BATCH = 4096;

    public JournalConfig {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(fsync, "fsync");
        Objects.requireNonNull(channels, "channels");
        Objects.requireNonNull(log, "log");
        if (segmentBytes < 4096) {
            throw new IllegalArgumentException("segmentBytes must be at least 4096");
        }
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be at least 1");
        }
    }

    /**
     * Where {@code pigeonhole server} keeps its journal unless told otherwise: {@code $XDG_STATE_HOME/pigeonhole},
     * or {@code ~/.local/state/pigeonhole} ({@code ~} being {@code $HOME}) when that variable is unset or not
     * absolute (XDG base directories).
     */
    public static Path defaultDirectory() {
        return defaultDirectory(UserDirectories.ofProcess());
    }

    /** {@link #defaultDirectory()} for the user {@code directories} describe. */
    public static Path defaultDirectory(UserDirectories directories) {
        return directories.stateHome().resolve("pigeonhole");
    }

    static Path defaultDirectory(String xdgStateHome, String home) {
        Map<String, String> env = new HashMap<>();
        env.put("HOME", home);
        if (xdgStateHome != null) {
            env.put("XDG_STATE_HOME", xdgStateHome);
        }
        return defaultDirectory(new UserDirectories(env, home));
    }

    /**
     * {@code directory} with {@code fsync always}, 64 MiB segments (or the system property
     * {@value #SEGMENT_BYTES_PROPERTY}) and group commit.
     */
    public static JournalConfig in(Path directory) {
        return new JournalConfig(
                directory,
                FsyncPolicy.ALWAYS,
                Long.getLong(SEGMENT_BYTES_PROPERTY, DEFAULT_SEGMENT_BYTES),
                DEFAULT_MAX_BATCH,
                ChannelOpener.DEFAULT,
                ServerLog.stderr());
    }

    public JournalConfig withDirectory(Path d) {
        return new JournalConfig(d, fsync, segmentBytes, maxBatch, channels, log);
    }

    public JournalConfig withFsync(FsyncPolicy p) {
        return new JournalConfig(directory, p, segmentBytes, maxBatch, channels, log);
    }

    public JournalConfig withSegmentBytes(long n) {
        return new JournalConfig(directory, fsync, n, maxBatch, channels, log);
    }

    public JournalConfig withMaxBatch(int n) {
        return new JournalConfig(directory, fsync, segmentBytes, n, channels, log);
    }

    public JournalConfig withChannels(ChannelOpener c) {
        return new JournalConfig(directory, fsync, segmentBytes, maxBatch, c, log);
    }

    public JournalConfig withLog(ServerLog l) {
        return new JournalConfig(directory, fsync, segmentBytes, maxBatch, channels, l);
    }
}
