package dev.pigeonhole.tui;

import dev.pigeonhole.client.ConversationMessage;
import dev.pigeonhole.history.Conversation;
import dev.pigeonhole.history.HistorySearch;
import dev.pigeonhole.history.Timeline;
import dev.pigeonhole.tui.Look.Role;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Search in the conversation (Ctrl-F): the Find: field and the match shown. The search runs over the whole
 * history on disk ({@link HistorySearch}, on the file thread), newest match first; a match that is not among
 * the messages held is fetched with the page around it. The window puts the field in the input line while
 * searching; keys reach this through {@link KeyActions} in {@link KeyMap.Mode#FIND}. GUI
 * thread only.
 */
final class FindBar {
    /** Where searches run: off the GUI thread, answers back on it. */
    interface Searcher {
        /** A new search of the whole history for {@code query} in {@code peer}'s conversation (null: all). */
        HistorySearch newSearch(String peer, String query);

        /** Runs one step of {@code search} off the GUI thread; {@code done} runs on the GUI thread. */
        void search(HistorySearch search, boolean older, Consumer<Optional<HistorySearch.Hit>> done);
    }

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("d MMM yyyy HH:mm", Locale.ENGLISH);

    private final LineEditor field = new LineEditor(20);
    private final ConversationView conversation;
    private final StatusView status;
    private final ZoneId zone;
    private final Searcher searcher;
    /** The search running (null: nothing typed yet). */
    private HistorySearch search;
    /** Matches stepped through in this search (1: the newest). */
    private int rank;

    FindBar(ConversationView conversation, StatusView status, ZoneId zone, Searcher searcher) {
        this.conversation = conversation;
        this.status = status;
        this.zone = zone;
        this.searcher = searcher;
        field.setTextChangeListener((text, byUser) -> changed());
    }

    LineEditor field() {
        return field;
    }

    /** Opens a new search: the field starts empty. */
    void open() {
        field.replace("");
        stop();
        status.feedback(
                "Type to search the whole history of this view; Enter finds the next older match, Down a newer one.",
                Role.DIM);
    }

    /** The view changed under the search (another conversation): matches start again. */
    void forget() {
        stop();
    }

    void close() {
        stop();
        conversation.clearMatch();
        conversation.scrollToEnd();
        status.feedback("", Role.DIM);
    }

    private void stop() {
        if (search != null) {
            search.cancel(); // a step still reading the files stops soon
        }
        search = null;
        rank = 0;
    }

    private void changed() {
        stop();
        String query = field.getText();
        if (!query.isEmpty()) {
            search = searcher.newSearch(conversation.peer(), query);
            next(true);
        }
    }

    void next(boolean older) {
        HistorySearch s = search;
        if (s == null) {
            return;
        }
        searcher.search(s, older, hit -> {
            if (s != search) {
                return; // the query changed meanwhile
            }
            String query = ScreenText.display(s.query());
            if (hit.isEmpty()) {
                status.feedback(
                        "No " + (rank == 0 ? "" : older ? "older " : "newer ") + "match for \"" + query + "\" in "
                                + (s.peer() == null ? "the whole history." : "the history with " + s.peer() + "."),
                        Role.WARN);
                return;
            }
            rank += older ? 1 : -1;
            HistorySearch.Hit h = hit.get();
            ConversationMessage m = h.message();
            conversation.reveal(new Conversation.Match(new Timeline.Item(m, h.start(), h.end()), s.query()));
            status.feedback(
                    "Match " + Math.max(1, rank) + " (newest first): " + (m.incoming() ? "from " : "to ")
                            + ScreenText.display(m.peer()) + " on " + WHEN.format(m.at().atZone(zone))
                            + ". Enter: older, Down: newer, Esc: back.",
                    Role.GOOD);
        });
    }
}
