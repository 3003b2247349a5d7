package dev.pigeonhole.server.journal;

import java.io.IOException;

/**
 * Reports a failing disk once per incident rather than once per failed call: the first failure is
 * logged with its cause, the rest only counted, and the first success after them closes the incident.
 * Used by the writer thread only.
 */
final class Incident {
    private final System.Logger logger;
    private long failures; // since the incident began; 0 = no incident

    Incident(System.Logger logger) {
        this.logger = logger;
    }

    void failed(String what, IOException cause) {
        if (failures++ == 0) {
            logger.log(System.Logger.Level.WARNING, "journal: " + what + " failed (" + cause
                    + "); COMPOSE answers MESSAGE FAILED until the disk recovers; further failures are counted, not logged");
        }
    }

    void succeeded() {
        if (failures > 0) {
            logger.log(System.Logger.Level.INFO, "journal: writing again after " + failures + " failed attempt(s)");
            failures = 0;
        }
    }

    boolean ongoing() {
        return failures > 0;
    }
}
