package dev.pigeonhole.compose;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every recipient's draft as this client knows it, deletions included, merged with what other clients of
 * the same user saved: per recipient, the newest edit wins ({@link Draft#newer}); nothing is ever replaced
 * wholesale. Not thread-safe: the GUI thread owns it and hands copies to the file thread.
 */
public final class DraftBook {
    private final Map<String, Draft> drafts = new HashMap<>();

    /** The text of {@code recipient}'s draft, or "" if there is none. */
    public String text(String recipient) {
        Draft d = drafts.get(recipient);
        return d == null ? "" : d.text();
    }

    /** Records an edit made now: {@code text} for {@code recipient} (empty: the draft is gone). */
    public void edit(String recipient, String text, long now) {
        Draft old = drafts.get(recipient);
        if (old != null && old.text().equals(text)) {
            return;
        }
        if (old == null && text.isEmpty()) {
            return; // nothing to delete
        }
        // Never stamp an edit older than the version it replaces (a clock stepping back must not lose it).
        long at = old == null ? now : Math.max(now, old.editedAt() + 1);
        drafts.put(recipient, new Draft(recipient, text, at));
    }

    /** Removes exactly the version held now: a newer edit of the same draft made elsewhere survives the merge. */
    public void remove(String recipient) {
        Draft old = drafts.get(recipient);
        if (old != null && !old.deleted()) {
            drafts.put(recipient, new Draft(recipient, "", old.editedAt()));
        }
    }

    /** Takes in another copy (the file, another client), per recipient newest first. */
    public void merge(Map<String, Draft> other) {
        other.forEach((who, d) -> drafts.put(who, Draft.newer(drafts.get(who), d)));
    }

    /** Everything, deletions included, for saving. */
    public Map<String, Draft> all() {
        return Map.copyOf(drafts);
    }

    /** Recipients with a draft (not deleted), for showing. */
    public List<String> recipients() {
        return drafts.values().stream()
                .filter(d -> !d.deleted())
                .map(Draft::recipient)
                .sorted()
                .toList();
    }
}
