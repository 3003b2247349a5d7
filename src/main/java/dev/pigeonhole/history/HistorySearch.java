package dev.pigeonhole.history;

import dev.pigeonhole.client.ArchivedMessage;
import dev.pigeonhole.client.ConversationMessage;
import dev.pigeonhole.client.RecordFile;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * One search over the whole history on disk: the archive (received) and the sent store (sent), newest match
 * first, stepping to older or newer matches one at a time. The files are streamed a chunk at a time from
 * where the last match was, never loaded, so a search costs the same memory for ten messages or a million;
 * a step reads only as far as the next match. Matching is on the decoded text (what the reader sees),
 * ignoring case. A new query is a new search.
 *
 * <p>Not thread-safe: one thread (the client's file thread) drives it.
 */
public final class HistorySearch {
    /**
     * A match: the message, where it lies in its file ({@code [start, end)}: the archive for a received
     * message, the sent store for a sent one), and where the query matched in its decoded text.
     */
    public record Hit(ConversationMessage message, long start, long end, int from, int to) {}

    private enum Direction {
        OLDER,
        NEWER
    }

    /** One file's side of the search. */
    private static final class Side {
        final RecordFile file;
        final ConversationMessage.Direction direction;
        /** Matches starting before this boundary are older than the current hit. */
        long markOlder;
        /** Matches starting at or after this boundary are newer than the current hit. */
        long markNewer;
        /** The next match this way, found but not yet taken (null with {@code known}: there is none). */
        RecordFile.Located next;

        Direction knownFor;

        Side(RecordFile file, ConversationMessage.Direction direction, long end) {
            this.file = file;
            this.direction = direction;
            this.markOlder = end;
            this.markNewer = end;
        }
    }

    private final Side archive;
    private final Side sent;
    private final String peer;
    private final String query;
    private final UnaryOperator<String> decode;
    private final Predicate<ArchivedMessage> matches;
    private volatile boolean cancelled;

    /**
     * A search for {@code query} (not empty) among the messages with {@code peer} (null: everyone's), from
     * the ends given (what the client has shown so far) backwards.
     *
     * @param decode wire text to the text a person reads (the archive keeps wire text)
     * @throws IllegalArgumentException if {@code query} is empty
     */
    public HistorySearch(
            RecordFile archive,
            long archiveEnd,
            RecordFile sent,
            long sentEnd,
            String peer,
            String query,
            UnaryOperator<String> decode) {
        if (query.isEmpty()) {
            throw new IllegalArgumentException("empty query");
        }
        this.archive = new Side(archive, ConversationMessage.Direction.IN, archiveEnd);
        this.sent = new Side(sent, ConversationMessage.Direction.OUT, sentEnd);
        this.peer = peer;
        this.query = query;
        this.decode = decode;
        this.matches = m -> {
            if (cancelled) {
                throw new Cancelled(); // a newer query replaced this one: stop reading at once
            }
            return (peer == null || peer.equals(m.peer())) && indexOf(decode.apply(m.text()), query) >= 0;
        };
    }

    /** Thrown out of a step of a search that was {@link #cancel cancelled} meanwhile. */
    public static final class Cancelled extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Cancelled() {
            super("search cancelled", null, false, false);
        }
    }

    /** Makes a step running on another thread stop soon, throwing {@link Cancelled}; any thread. */
    public void cancel() {
        cancelled = true;
    }

    public String query() {
        return query;
    }

    /** The correspondent searched (null: everyone). */
    public String peer() {
        return peer;
    }

    /** The next match older than the current one (the newest, at first), or empty if there is none. */
    public Optional<Hit> older() throws IOException {
        return step(Direction.OLDER);
    }

    /** The next match newer than the current one, or empty if there is none. */
    public Optional<Hit> newer() throws IOException {
        return step(Direction.NEWER);
    }

    private Optional<Hit> step(Direction d) throws IOException {
        RecordFile.Located a = candidate(archive, d);
        RecordFile.Located s = candidate(sent, d);
        if (a == null && s == null) {
            return Optional.empty();
        }
        boolean takeA;
        if (a == null || s == null) {
            takeA = a != null;
        } else if (d == Direction.OLDER) {
            // The newer of the two comes next going back; on a tie the archive counts as newer (as in paging).
            takeA = !a.record().at().isBefore(s.record().at());
        } else {
            takeA = a.record().at().isBefore(s.record().at());
        }
        Side won = takeA ? archive : sent;
        Side other = takeA ? sent : archive;
        RecordFile.Located w = takeA ? a : s;
        won.markOlder = w.start();
        won.markNewer = w.end();
        won.next = null;
        won.knownFor = null;
        // The other side's matches keep their place relative to the new hit: its one mark serves both ways.
        if (d == Direction.OLDER) {
            other.markNewer = other.markOlder;
        } else {
            other.markOlder = other.markNewer;
        }
        ConversationMessage m = won.direction == ConversationMessage.Direction.IN
                ? ConversationMessage.received(w.record())
                : ConversationMessage.sent(w.record());
        String text = decode.apply(m.text());
        int from = indexOf(text, query);
        return Optional.of(new Hit(m, w.start(), w.end(), from, from + query.length()));
    }

    /** The next match on {@code side} going {@code d}, read from the file only once per mark. */
    private RecordFile.Located candidate(Side side, Direction d) throws IOException {
        if (side.knownFor != d) {
            List<RecordFile.Located> found = d == Direction.OLDER
                    ? side.file.before(side.markOlder, 1, matches).records()
                    : side.file
                            .after(side.markNewer, Long.MAX_VALUE, 1, matches)
                            .records();
            side.next = found.isEmpty() ? null : found.get(0);
            side.knownFor = d;
        }
        return side.next;
    }

    /** Where {@code needle} first occurs in {@code text} ignoring case, or -1; positions are {@code text}'s own. */
    public static int indexOf(String text, String needle) {
        int n = needle.length();
        for (int i = 0; i + n <= text.length(); i++) {
            if (text.regionMatches(true, i, needle, 0, n)) {
                return i;
            }
        }
        return -1;
    }
}
