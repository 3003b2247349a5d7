package dev.pigeonhole.bench;

import dev.pigeonhole.protocol.ProtocolException;
import java.util.ArrayList;
import java.util.List;

/**
 * Who sent how many messages to whom, and who received how many from whom, so that the end of a run can
 * prove every accepted message was delivered exactly once (G2) and each pair's messages arrived in order
 * (P8). Not locked: row {@code s} of the sent counts belongs to sender {@code s}'s thread and row
 * {@code r} of the received counts to recipient {@code r}'s thread; the final check runs after all of
 * them have been joined.
 */
final class Ledger {
    private final long[][] sentTo;
    private final long[][] receivedFrom;
    private final long[][] lastSeq;

    Ledger(int users) {
        sentTo = new long[users][users];
        receivedFrom = new long[users][users];
        lastSeq = new long[users][users];
    }

    void sent(int sender, int recipient) {
        sentTo[sender][recipient]++;
    }

    /** Records a message {@code recipient} read; throws if it breaks the per-sender order (P8). */
    void received(int recipient, long packed) throws ProtocolException {
        int sender = Payload.Received.sender(packed);
        long seq = Payload.Received.seq(packed);
        long[] last = lastSeq[recipient];
        if (seq <= last[sender]) {
            throw new ProtocolException(
                    "P8",
                    "message " + seq + " from user " + sender + " arrived after message " + last[sender]
                            + ": duplicated or out of order",
                    (String) null);
        }
        last[sender] = seq;
        receivedFrom[recipient][sender]++;
    }

    long totalSent() {
        long n = 0;
        for (long[] row : sentTo) {
            for (long v : row) {
                n += v;
            }
        }
        return n;
    }

    /** Every pair whose sent and received counts differ, described; empty when delivery was exact. */
    List<String> mismatches() {
        List<String> out = new ArrayList<>();
        for (int s = 0; s < sentTo.length; s++) {
            for (int r = 0; r < sentTo.length; r++) {
                if (sentTo[s][r] != receivedFrom[r][s]) {
                    out.add("user " + s + " -> user " + r + ": " + sentTo[s][r] + " sent, " + receivedFrom[r][s]
                            + " received");
                }
            }
        }
        return out;
    }
}
