package dev.pigeonhole.tui;

import dev.pigeonhole.client.StoredMessage;
import dev.pigeonhole.tui.Look.Role;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * Search in the conversation (Ctrl-F): the Find: field and the match shown. The window puts the field in the
 * input line while searching; keys reach this through the window's {@link KeyMap.Actions} in
 * {@link KeyMap.Mode#FIND}. GUI thread only.
 */
final class FindBar {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);

    private final LineEditor field = new LineEditor(20);
    private final ConversationView conversation;
    private final StatusView status;
    private final ZoneId zone;
    /** The match shown, an index into the view's messages, or -1. */
    private int match = -1;

    FindBar(ConversationView conversation, StatusView status, ZoneId zone) {
        this.conversation = conversation;
        this.status = status;
        this.zone = zone;
        field.setTextChangeListener((text, byUser) -> changed());
    }

    LineEditor field() {
        return field;
    }

    /** Opens a new search: the field starts empty. */
    void open() {
        field.replace("");
        match = -1;
        status.feedback("Type to search the messages loaded in this view; Enter finds the next older match.", Role.DIM);
    }

    /** The view changed under the search (another conversation): matches start again. */
    void forget() {
        match = -1;
    }

    void close() {
        match = -1;
        conversation.highlight(-1);
        conversation.scrollToEnd();
        status.feedback("", Role.DIM);
    }

    private void changed() {
        match = -1;
        if (!field.getText().isEmpty()) {
            next(true);
        }
    }

    void next(boolean older) {
        String needle = field.getText().toLowerCase(Locale.ROOT);
        if (needle.isEmpty()) {
            return;
        }
        List<StoredMessage> all = conversation.messages();
        int n = all.size();
        int from = match < 0 ? (older ? n : -1) : match;
        for (int step = 1; step <= n; step++) {
            int i = older ? from - step : from + step;
            if (i < 0 || i >= n) {
                break;
            }
            if (matches(all.get(i), needle)) {
                match = i;
                conversation.reveal(i);
                StoredMessage m = all.get(i);
                int count = 0;
                int rank = 0;
                for (int k = 0; k < n; k++) {
                    if (matches(all.get(k), needle)) {
                        count++;
                        if (k >= i) {
                            rank++;
                        }
                    }
                }
                status.feedback(
                        "Match " + rank + " of " + count + " (newest first): " + (m.incoming() ? "from " : "to ")
                                + m.peer() + " at " + CLOCK.format(m.at().atZone(zone)) + ": " + m.text(),
                        Role.GOOD);
                return;
            }
        }
        status.feedback(
                "No " + (match < 0 ? "" : older ? "older " : "newer ") + "match for \"" + field.getText()
                        + "\" in the " + String.format("%,d", n) + " messages loaded"
                        + (older ? "; Ctrl-Home loads older ones." : "."),
                Role.WARN);
    }

    private static boolean matches(StoredMessage m, String needle) {
        return m.text().toLowerCase(Locale.ROOT).contains(needle)
                || m.peer().toLowerCase(Locale.ROOT).contains(needle);
    }
}
