package dev.pigeonhole.compose;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Which {@link Outbox} messages a conversation view shows under its messages, and how each is labelled: the
 * ones to the shown correspondent (all of them in the combined view), oldest first, at most {@link #MAX_ROWS}
 * rows (the last then says how many more wait). The labels name the keys that act on the message. A message
 * being sent shows only once it has waited {@link #SENDING_UNSHOWN} for its answer.
 */
public final class OutboxShown {
    /** Rows at most, so the conversation keeps the room. */
    public static final int MAX_ROWS = 3;

    /**
     * How long a message being sent is left out: nearly every one is answered within milliseconds, and a row
     * that came and went with every send made the conversation above it jump.
     */
    public static final Duration SENDING_UNSHOWN = Duration.ofSeconds(1);

    /**
     * One row.
     *
     * @param label     the state and its keys, e.g. {@code [unconfirmed: ^X sent, ^O again]}
     * @param problem   true when the message waits for the user (unconfirmed, not delivered)
     * @param peerShown true when the view shows one correspondent (the row need not name them)
     */
    public record Row(String label, boolean problem, String recipient, String text, boolean peerShown) {}

    private OutboxShown() {}

    /** The rows for a view of {@code peer} (null: everyone) at {@code now}. */
    public static List<Row> rows(List<Outbox.Entry> entries, String peer, Instant now) {
        List<Outbox.Entry> mine = entries.stream()
                .filter(e -> peer == null || peer.equals(e.recipient()))
                .filter(e -> e.state() != Outbox.State.SENDING
                        || !e.at().plus(SENDING_UNSHOWN).isAfter(now))
                .toList();
        List<Row> out = new ArrayList<>();
        for (int i = 0; i < mine.size(); i++) {
            Outbox.Entry e = mine.get(i);
            if (i == MAX_ROWS - 1 && mine.size() > MAX_ROWS) {
                out.add(new Row(
                        "[" + (mine.size() - i) + " more in the outbox]",
                        mine.subList(i, mine.size()).stream().anyMatch(Outbox.Entry::needsYou),
                        e.recipient(),
                        "",
                        peer != null));
                break;
            }
            out.add(new Row(label(e), e.needsYou(), e.recipient(), e.text(), peer != null));
        }
        return out;
    }

    static String label(Outbox.Entry e) {
        return switch (e.state()) {
            case PENDING -> "[pending, goes when online; ^X back]";
            case SENDING -> "[sending]";
            case UNCONFIRMED -> "[unconfirmed: ^X arrived, ^O resend]";
            case FAILED -> "[not delivered: ^O resend, ^X back]";
        };
    }
}
