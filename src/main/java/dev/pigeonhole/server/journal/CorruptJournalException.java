package dev.pigeonhole.server.journal;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The journal holds bytes that are not a valid record somewhere other than its torn tail. Start-up stops
 * rather than guess: the message names the file and byte offset, and how to drop the rest by hand.
 */
public final class CorruptJournalException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final long offset;

    CorruptJournalException(Path file, long offset, String problem) {
        super("corrupt journal: " + file + " at byte offset " + offset + ": " + problem
                + "; start-up stopped and nothing was changed (to give up this file's records from that offset on,"
                + " back up the data directory, then run: truncate -s " + offset + " " + file + ")");
        this.file = file;
        this.offset = offset;
    }

    /** The segment file holding the bad bytes. */
    public Path file() {
        return file;
    }

    /** The byte offset, in {@link #file()}, of the first bad record. */
    public long offset() {
        return offset;
    }
}
