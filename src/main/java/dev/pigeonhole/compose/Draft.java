package dev.pigeonhole.compose;

import java.util.Objects;

/**
 * Unsent text for one recipient, stamped with when it was last edited. Empty text is a deletion (the draft
 * was sent or cleared): it is kept so that merging with an older copy elsewhere removes that copy too.
 *
 * @param recipient who it is for; empty for text typed before a recipient was chosen
 * @param text      the text, line breaks and all; empty for a deletion
 * @param editedAt  when it was last edited, in epoch milliseconds
 */
public record Draft(String recipient, String text, long editedAt) {
    public Draft {
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(text, "text");
    }

    /** True for a deletion. */
    public boolean deleted() {
        return text.isEmpty();
    }

    /**
     * Which of two versions of one recipient's draft survives a merge: the newer edit; on a tie, the deletion
     * (a deletion carries the time of the version it removes, so it removes exactly that version and never a
     * newer edit made elsewhere).
     */
    static Draft newer(Draft a, Draft b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        if (a.editedAt != b.editedAt) {
            return a.editedAt > b.editedAt ? a : b;
        }
        return b.deleted() ? b : a;
    }
}
