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
    private final String problem;

    CorruptJournalException(Path file, long offset, String problem) {
        super("corrupt journal: " + file + " at byte offset " + offset + ": " + problem
                + "; start-up stopped and nothing was changed (to give up this file's records from that offset on,"
                + " back up the data directory, then run: truncate -s " + offset + " " + file + ")");
        this.file = file;
        this.offset = offset;
        this.problem = problem;
    }

    private CorruptJournalException(String message, Path file) {
        super(message);
        this.file = file;
        this.offset = 0;
        this.problem = "missing";
    }

    /** Segment {@code expected} (and {@code count - 1} after it) is missing between {@code before} and {@code after}. */
    static CorruptJournalException missing(Path expected, long count, Path before, Path after) {
        return new CorruptJournalException(
                "corrupt journal: " + expected + " is missing"
                        + (count > 1 ? " (and the " + (count - 1) + " after it)" : "")
                        + " between " + before.getFileName() + " and " + after.getFileName()
                        + "; start-up stopped and nothing was changed. Restore it from a backup of the data directory;"
                        + " or, to go on without it (its messages are lost, and messages whose reading it recorded"
                        + " are delivered again), make it an empty segment: printf"
                        + " 'PGNHJRNL\\000\\000\\000\\001\\000\\000\\000\\000' > " + expected
                        + (count > 1 ? " (likewise for each missing number)" : "")
                        + "; or move every segment after the gap aside (losing what they hold instead)",
                expected);
    }

    /** The segment file holding the bad bytes (or, for a missing segment, the file expected). */
    public Path file() {
        return file;
    }

    /** What is wrong at {@link #offset()}, without the advice for start-up ("checksum mismatch", say). */
    String problem() {
        return problem;
    }

    /** The byte offset, in {@link #file()}, of the first bad record (0 for a missing segment). */
    public long offset() {
        return offset;
    }
}
