package dev.pigeonhole.server.journal;

import java.util.Locale;

/**
 * When journal writes are forced to the disk, with the meaning of Redis's {@code appendfsync}.
 * Every policy writes a record to the operating system before {@code stored()} returns, so a killed
 * server process loses nothing; the policies differ in what a power failure or kernel crash can lose.
 */
public enum FsyncPolicy {
    /** Force before every acknowledgement (group commit shares one force among concurrent writers). */
    ALWAYS,
    /** Force at most about once per second, in the background: a power failure loses up to a second. */
    INTERVAL,
    /** Never force; the operating system writes back when it likes (segments are still forced when sealed). */
    NEVER;

    /** Parses {@code always}, {@code interval} or {@code never} (any case). */
    public static FsyncPolicy parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("fsync policy must be always, interval or never, not '" + text + "'");
        }
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
