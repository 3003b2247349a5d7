package dev.pigeonhole.courier;

import java.time.Duration;
import java.time.Instant;

/**
 * The network side's state as the status pane shows it.
 *
 * @param phase   where the connection is
 * @param reason  for {@link Phase#OFFLINE}: why, in words (else {@code null})
 * @param retryAt for {@link Phase#OFFLINE}: when the next attempt starts, or {@code null} if none will
 * @param waiting messages known to wait on the server (from LOGIN, less those read since), or -1 if unknown
 */
public record LinkState(Phase phase, String reason, Instant retryAt, long waiting) {
    public enum Phase {
        CONNECTING,
        CONNECTED,
        OFFLINE
    }

    public static LinkState connecting() {
        return new LinkState(Phase.CONNECTING, null, null, -1);
    }

    public static LinkState connected(long waiting) {
        return new LinkState(Phase.CONNECTED, null, null, waiting);
    }

    public static LinkState offline(String reason, Instant retryAt) {
        return new LinkState(Phase.OFFLINE, reason, retryAt, -1);
    }

    /** The state in words at {@code now}, e.g. {@code offline, connection refused, reconnecting in 4s}. */
    public String describe(Instant now) {
        return switch (phase) {
            case CONNECTING -> "connecting...";
            case CONNECTED -> "connected";
            case OFFLINE -> {
                String s = "offline" + (reason == null ? "" : ", " + reason);
                if (retryAt != null) {
                    long secs = Math.max(0, (Duration.between(now, retryAt).toMillis() + 999) / 1000);
                    s += secs == 0 ? ", reconnecting now" : ", reconnecting in " + secs + "s";
                }
                yield s;
            }
        };
    }
}
