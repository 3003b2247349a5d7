package dev.pigeonhole.server.journal;

import dev.pigeonhole.server.ServerLog;
import java.io.IOException;

/**
 * Reports a failing disk once per incident rather than once per failed call: the first failure is
 * logged with its cause, the rest only counted, and the first success after them closes the incident.
 * Used by the writer thread only.
 */
final class Incident {
    private final ServerLog log;
    private long failures; // since the incident began; 0 = no incident

    Incident(ServerLog log) {
        this.log = log;
    }

    void failed(String what, IOException cause) {
        if (failures++ == 0) {
            log.log(
                    "journal: " + what + " failed (" + cause
                            + "); COMPOSE answers MESSAGE FAILED until the disk recovers; further failures are counted, not logged");
        }
    }

    void succeeded() {
        if (failures > 0) {
            log.log("journal: writing again after " + failures + " failed attempt(s)");
            failures = 0;
        }
    }

    boolean ongoing() {
        return failures > 0;
    }
}
