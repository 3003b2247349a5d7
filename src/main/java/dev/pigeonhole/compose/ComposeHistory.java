package dev.pigeonhole.compose;

import java.util.ArrayList;
import java.util.List;

/**
 * Messages sent (from this window, and the end of the sent store at start-up), recalled with Up and Down like a shell's history. Walking back saves
 * the text being typed, and walking forward past the newest entry brings it back. GUI thread only.
 */
public final class ComposeHistory {
    public static final int MAX = 200;

    private final List<String> sent = new ArrayList<>();
    private int cursor; // == sent.size() when not walking the history
    private String draft = "";

    /** Starts with {@code texts} (oldest first), e.g. the end of the sent store from earlier sessions. */
    public void preload(List<String> texts) {
        List<String> now = new ArrayList<>(sent);
        sent.clear();
        texts.forEach(this::add);
        now.forEach(this::add);
        reset();
    }

    /** Remembers a sent message and stops any walk. */
    public void add(String text) {
        if (sent.isEmpty() || !sent.get(sent.size() - 1).equals(text)) {
            sent.add(text);
            if (sent.size() > MAX) {
                sent.remove(0);
            }
        }
        cursor = sent.size();
        draft = "";
    }

    /** The entry before the one shown, or null if there is none; {@code current} is what the field holds. */
    public String previous(String current) {
        if (cursor == 0) {
            return null;
        }
        if (cursor == sent.size()) {
            draft = current;
        }
        return sent.get(--cursor);
    }

    /** The entry after the one shown, the saved draft past the newest, or null when not walking. */
    public String next() {
        if (cursor >= sent.size()) {
            return null;
        }
        cursor++;
        return cursor == sent.size() ? draft : sent.get(cursor);
    }

    /** Stops a walk, e.g. when the field is cleared. */
    public void reset() {
        cursor = sent.size();
        draft = "";
    }
}
