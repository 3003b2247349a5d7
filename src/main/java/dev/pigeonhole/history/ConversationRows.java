package dev.pigeonhole.history;

import dev.pigeonhole.client.ConversationMessage;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A conversation laid out in screen rows for a width: a rule at each new day, a {@code new} rule at the
 * marker, and per message a first row {@code HH:mm name: text} with the rest of the text word-wrapped under
 * it. Plain Java: the terminal side says how text is shown and measured ({@link Style}); the rows say what to
 * draw where, and which message each belongs to, so that the view can keep its place and find a match.
 * Immutable.
 *
 * @param rows  the rows, top to bottom
 * @param texts the display text of each message, in the order of the items laid out
 */
public record ConversationRows(List<Row> rows, List<String> texts) {
    public enum Kind {
        DAY,
        MARKER,
        FIRST,
        MORE
    }

    /**
     * One row: the message it belongs to ({@code entry}, its index), its kind and the pieces to draw;
     * {@code from} is where {@code text} starts in the message's display text (for the search highlight),
     * {@code x} the column where the text starts. DAY and MARKER rows carry their label in {@code text}.
     */
    public record Row(int entry, Kind kind, String time, String name, boolean incoming, String text, int from, int x) {}

    /** How the terminal shows text: decoded and escaped, measured in columns, cut to fit. */
    public interface Style {
        /** The text a reader sees for wire text (decoded, control characters made visible). */
        String display(String wire);

        /** Columns one character of display text takes. */
        int width(char c);

        /** The longest prefix of {@code s} that fits {@code columns}, marked as cut if it was. */
        String fit(String s, int columns);

        /** What stands between "you" and the recipient in everyone's view ({@code →} or {@code ->}). */
        String arrow();
    }

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEE d MMM yyyy", Locale.ENGLISH);

    public ConversationRows {
        rows = List.copyOf(rows);
        texts = List.copyOf(texts);
    }

    /**
     * Lays out {@code items} for {@code width} columns: the {@code new} rule goes above item {@code marker}
     * (none if it is out of range); {@code peer} is the correspondent shown, or null for everyone (then the
     * user's own messages name their recipient).
     */
    public static ConversationRows layOut(
            List<Timeline.Item> items, int marker, String peer, int width, ZoneId zone, Style style) {
        List<Row> out = new ArrayList<>(items.size() * 2);
        List<String> shown = new ArrayList<>(items.size());
        LocalDate previous = null;
        for (int i = 0; i < items.size(); i++) {
            if (i == marker) {
                out.add(new Row(i, Kind.MARKER, null, null, false, "new", 0, 0));
            }
            ConversationMessage m = items.get(i).message();
            LocalDate day = LocalDate.ofInstant(m.at(), zone);
            if (!day.equals(previous)) {
                out.add(new Row(i, Kind.DAY, null, null, false, DAY.format(day), 0, 0));
                previous = day;
            }
            String text = style.display(m.text());
            shown.add(text);
            String time = TIME.format(m.at().atZone(zone));
            int indent = width >= 24 ? time.length() + 1 : 0;
            String who = style.display(m.peer());
            String name = m.incoming() ? who : peer != null ? "you" : "you" + style.arrow() + who;
            // Keep at least a third of the row for text, however long the name.
            int nameRoom = Math.max(1, width - time.length() - 3 - Math.max(8, width / 3));
            name = style.fit(name, nameRoom);
            int nameWidth = width(name, style);
            int first = Math.max(1, width - time.length() - 1 - nameWidth - 2);
            List<int[]> parts = wrapRanges(text, first, Math.max(1, width - indent), style);
            int[] p0 = parts.get(0);
            int x = time.length() + 1 + nameWidth + 2;
            out.add(new Row(i, Kind.FIRST, time, name, m.incoming(), text.substring(p0[0], p0[1]), p0[0], x));
            for (int k = 1; k < parts.size(); k++) {
                int[] p = parts.get(k);
                out.add(new Row(i, Kind.MORE, null, null, m.incoming(), text.substring(p[0], p[1]), p[0], indent));
            }
        }
        return new ConversationRows(out, shown);
    }

    /** The index of the first row of message {@code entry}'s text, or -1 if it is not laid out. */
    public int firstRowOf(int entry) {
        for (int r = 0; r < rows.size(); r++) {
            if (rows.get(r).entry() == entry && rows.get(r).kind() == Kind.FIRST) {
                return r;
            }
        }
        return -1;
    }

    /** The index of the first row that belongs to message {@code entry} (its day rule, say), or -1. */
    public int topRowOf(int entry) {
        for (int r = 0; r < rows.size(); r++) {
            if (rows.get(r).entry() == entry) {
                return r;
            }
        }
        return -1;
    }

    /** A place in the rows: the message at the top of the screen, and how many of its rows are above it. */
    public record Anchor(int entry, int offset) {}

    /** The place shown when row {@code top} is the screen's first, or null if there are no rows. */
    public Anchor anchorAt(int top) {
        if (rows.isEmpty()) {
            return null;
        }
        int entry = rows.get(Math.max(0, Math.min(top, rows.size() - 1))).entry();
        return new Anchor(entry, Math.max(0, top - topRowOf(entry)));
    }

    /**
     * The first row to show so that {@code anchor}, taken from an earlier layout, is where it was on screen,
     * now that its message's index moved by {@code shift} among {@code size} messages; if that message is
     * gone, the nearest one's first row. -1 if it is not laid out.
     */
    public int topFor(Anchor anchor, int shift, int size) {
        int moved = anchor.entry() + shift;
        int clamped = Math.max(0, Math.min(moved, size - 1));
        int r = topRowOf(clamped);
        return r < 0 ? -1 : r + (clamped == moved ? anchor.offset() : 0);
    }

    /** The first row to show when the last rows fill a screen of {@code screenRows}. */
    public int bottom(int screenRows) {
        return Math.max(0, rows.size() - screenRows);
    }

    /**
     * The first row to show after scrolling {@code delta} rows (negative: up) from {@code top}, or from the
     * bottom while {@code following}; never past either end.
     */
    public int scrolled(int top, int delta, int screenRows, boolean following) {
        int max = bottom(screenRows);
        return Math.max(0, Math.min(max, (following ? max : top) + delta));
    }

    /**
     * Greedy word wrap, as ranges {@code [start, end)} of {@code text}: the first row holds {@code first}
     * columns, the others {@code rest}. A line break in the text always breaks the row; otherwise a row
     * breaks after the last space that fits, and a word longer than a row is cut. Wide characters count as
     * {@link Style#width} says and are never split across the edge. Never returns an empty list.
     */
    public static List<int[]> wrapRanges(String text, int first, int rest, Style style) {
        List<int[]> out = new ArrayList<>();
        int i = 0;
        int n = text.length();
        int room = first;
        while (true) {
            int w = 0;
            int j = i;
            while (j < n && text.charAt(j) != '\n' && w + style.width(text.charAt(j)) <= room) {
                w += style.width(text.charAt(j));
                j++;
            }
            if (j >= n) {
                out.add(new int[] {i, n});
                return out;
            }
            int end = j;
            int next = j;
            if (text.charAt(j) == '\n' || text.charAt(j) == ' ') {
                next = j + 1; // the break falls on a line break or a space: it is the row's end
            } else {
                int space = text.lastIndexOf(' ', j - 1);
                if (space > i) {
                    end = space;
                    next = space + 1;
                }
            }
            if (end == i && next == i) {
                end = next = i + 1; // not even one character fits: still make progress
            }
            out.add(new int[] {i, end});
            i = next;
            room = rest;
            if (i >= n) {
                if (text.charAt(n - 1) == '\n') {
                    out.add(new int[] {n, n}); // a final line break shows as an empty row
                }
                return out;
            }
        }
    }

    private static int width(String s, Style style) {
        int w = 0;
        for (int i = 0; i < s.length(); i++) {
            w += style.width(s.charAt(i));
        }
        return w;
    }
}
