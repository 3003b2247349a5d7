package dev.pigeonhole.server.journal;

import dev.pigeonhole.server.ServerLog;
import java.io.IOException;

/**
 * Reports a failing disk once per incident rather than once per failed call: the first failure is
 * logged with its cause and what it means, the rest only counted, and the first success after them closes
 * the incident. Used by the writer thread only.
 */
final class Incident {
    private final ServerLog log;
    /** What a failure means for the service, said with the first one. */
    private final String meaning;
    /** What works again when the incident ends ("writing", "compacting"). */
    private final String resumed;

    private long failures; // since the incident began; 0 = no incident

    /** The journal's writes: while they fail, COMPOSE fails. */
    static Incident ofWrites(ServerLog log) {
        return new Incident(log, "COMPOSE answers MESSAGE FAILED until the disk recovers", "writing");
    }

    /** Compaction's reads and deletes: they are retried, and the service is not affected. */
    static Incident ofCompaction(ServerLog log) {
        return new Incident(log, "compaction tries again every second, storing and reading go on", "compacting");
    }

    private Incident(ServerLog log, String meaning, String resumed) {
        this.log = log;
        this.meaning = meaning;
        this.resumed = resumed;
    }

    void failed(String what, IOException cause) {
        if (failures++ == 0) {
            log.log("journal: " + what + " failed (" + cause + "); " + meaning
                    + "; further failures are counted, not logged");
        }
    }

    void succeeded() {
        if (failures > 0) {
            log.log("journal: " + resumed + " again after " + failures + " failed attempt(s)");
            failures = 0;
        }
    }

    boolean ongoing() {
        return failures > 0;
    }
}
