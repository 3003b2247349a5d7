package dev.pigeonhole.tui;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.gui2.AbstractComponent;
import com.googlecode.lanterna.gui2.ComponentRenderer;
import com.googlecode.lanterna.gui2.TextGUIGraphics;
import dev.pigeonhole.client.ConversationMessage;
import dev.pigeonhole.history.Conversation;
import dev.pigeonhole.history.HistorySearch;
import dev.pigeonhole.history.Timeline;
import dev.pigeonhole.tui.Look.Role;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The conversation pane: draws a {@link Conversation} (one correspondent's messages, or everyone's, both
 * directions), oldest at the top and the newest right above the input line. Each message is
 * {@code HH:mm name: text}, decoded and made safe by {@link ScreenText}, long text wrapped under it; a
 * rule at each new day and a red {@code new} rule above the first message that arrived while the window
 * was open. It keeps the reader's place (the scroll position, in rows) while pages come and go, and tells
 * the model when an edge of what is held is reached. While scrolled to the bottom it follows new messages;
 * otherwise it stays put and counts what arrived below.
 *
 * <p>GUI thread only, like every Lanterna component.
 */
public final class ConversationView extends AbstractComponent<ConversationView> {
    /** Messages held in memory at most; the files keep all of them. */
    static final int CAPACITY = Conversation.CAPACITY;

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEE d MMM yyyy", Locale.ENGLISH);

    private enum Kind {
        DAY,
        MARKER,
        FIRST,
        MORE
    }

    /**
     * One screen row: the entry it belongs to and the pieces to draw; {@code from} is where {@code text}
     * starts in the entry's display text (for the search highlight).
     */
    private record Line(
            int entry, Kind kind, String time, String name, boolean incoming, String text, int from, int x) {}

    private final Look look;
    private final ZoneId zone;
    private final Conversation model = new Conversation();

    private List<Line> lines = new ArrayList<>();
    /** The display text of each entry, as laid out (decoded, escaped). */
    private List<String> texts = new ArrayList<>();

    private int linesWidth = -1;
    private int top;
    /** Set when a restart page should scroll to the match (or the top) once laid out. */
    private boolean revealPending;

    public ConversationView(Look look, ZoneId zone) {
        this.look = look;
        this.zone = zone;
    }

    void pager(Conversation.Pager pager) {
        model.pager(pager);
    }

    /** The model drawn (tests, and the window's search). */
    Conversation model() {
        return model;
    }

    /** The correspondent shown, or null for everyone. */
    String peer() {
        return model.peer();
    }

    /** Switches to {@code peer}'s conversation (null: everyone); the caller asks for its latest page. */
    void switchTo(String peer) {
        model.switchTo(peer);
        linesWidth = -1;
        invalidate();
    }

    /** Whether this view shows messages with {@code who}. */
    boolean shows(String who) {
        return model.shows(who);
    }

    /** A page from the {@link Timeline}; pages for another view, or stale ones, are ignored. */
    void show(Timeline.Page page) {
        int anchor = anchorEntry();
        int anchorOffset = anchorOffset(anchor);
        Conversation.Change c = model.show(page);
        apply(c, anchor, anchorOffset);
    }

    /** Messages just found at the end of the files (see {@link Conversation#arrived}). */
    void arrived(List<Timeline.Item> items, Timeline.Cursor tail) {
        int anchor = anchorEntry();
        int anchorOffset = anchorOffset(anchor);
        apply(model.arrived(items, tail), anchor, anchorOffset);
        invalidate();
    }

    private void apply(Conversation.Change c, int anchor, int anchorOffset) {
        if (c.equals(Conversation.Change.NOTHING)) {
            return;
        }
        linesWidth = -1;
        if (c.restarted()) {
            top = 0;
            revealPending = c.kind() != Timeline.Page.Kind.LATEST;
        } else {
            restore(anchor < 0 ? -1 : anchor + c.shift(), anchorOffset);
        }
        invalidate();
    }

    /** How many messages the view holds. */
    public int size() {
        return model.size();
    }

    /** True once the first page is in. */
    boolean loaded() {
        return model.loaded();
    }

    /** True while the view sticks to the newest message. */
    public boolean following() {
        return model.following();
    }

    /** Messages that arrived below while scrolled up. */
    int unseenBelow() {
        return model.unseenBelow();
    }

    /** The peer of the newest message in this view, or null. */
    String newestPeer(boolean incomingOnly) {
        return model.newestPeer(incomingOnly);
    }

    /** The messages held, oldest first (tests). */
    List<ConversationMessage> messages() {
        return model.items().stream().map(Timeline.Item::message).toList();
    }

    /** Scrolls to the bottom and follows new messages again, loading the newest page if it is not held. */
    public void scrollToEnd() {
        model.toNewest();
        linesWidth = -1;
        invalidate();
    }

    /** Scrolls to the oldest message, loading the oldest page if it is not held: one step, however far. */
    void scrollToStart() {
        if (model.toOldest()) {
            top = 0;
        } else {
            linesWidth = -1;
        }
        invalidate();
    }

    /** Shows a search match, loading the page around it if it is not held, and highlights the query in it. */
    void reveal(Conversation.Match match) {
        int at = model.reveal(match);
        if (at < 0) {
            linesWidth = -1;
        } else {
            scrollTo(at);
        }
        invalidate();
    }

    /** Removes the search highlight. */
    void clearMatch() {
        model.clearMatch();
        invalidate();
    }

    private void scrollTo(int entry) {
        if (linesWidth < 0) {
            revealPending = true;
            return;
        }
        for (int r = 0; r < lines.size(); r++) {
            if (lines.get(r).entry() == entry && lines.get(r).kind() == Kind.FIRST) {
                model.follow(false);
                top = Math.max(0, r - Math.max(1, getSize().getRows()) / 2);
                return;
            }
        }
    }

    /** Scrolls a page, or {@code lines} lines; negative is up. */
    void scroll(int delta, boolean pages) {
        int rows = Math.max(1, getSize().getRows());
        scrollBy(pages ? delta * Math.max(1, rows - 1) : delta);
        invalidate();
    }

    private void scrollBy(int delta) {
        int rows = getSize().getRows();
        int max = Math.max(0, lines.size() - rows);
        int from = model.following() ? max : top;
        top = Math.max(0, Math.min(max, from + delta));
        // Back at the bottom of the newest page means following again.
        model.follow(top >= max);
        model.reachedEdge(top == 0, top >= max);
    }

    private int anchorEntry() {
        if (model.following() || lines.isEmpty() || linesWidth < 0) {
            return -1;
        }
        return lines.get(Math.min(top, lines.size() - 1)).entry();
    }

    private int anchorOffset(int anchor) {
        if (anchor < 0) {
            return 0;
        }
        int first = top;
        while (first > 0 && lines.get(first - 1).entry() == anchor) {
            first--;
        }
        return top - first;
    }

    /** After entries changed: lay out again and put entry {@code anchor} back where it was on screen. */
    private void restore(int anchor, int offset) {
        if (anchor < 0 || getSize() == null || getSize().getColumns() < 2) {
            return;
        }
        ensureLines(getSize().getColumns() - 1);
        int clamped = Math.max(0, Math.min(anchor, model.size() - 1));
        for (int r = 0; r < lines.size(); r++) {
            if (lines.get(r).entry() == clamped) {
                top = r + (clamped == anchor ? offset : 0);
                return;
            }
        }
    }

    private void ensureLines(int width) {
        if (width == linesWidth) {
            return;
        }
        List<Timeline.Item> items = model.items();
        List<Line> out = new ArrayList<>(items.size() * 2);
        List<String> shown = new ArrayList<>(items.size());
        int marker = model.newMarker();
        for (int i = 0; i < items.size(); i++) {
            if (i == marker) {
                out.add(new Line(i, Kind.MARKER, null, null, false, "new", 0, 0));
            }
            shown.add(ScreenText.display(items.get(i).message().text()));
            layOut(i, shown.get(i), width, out);
        }
        lines = out;
        texts = shown;
        linesWidth = width;
    }

    /** Appends the rows of entry {@code i}, whose display text is {@code text}, for {@code width} columns. */
    private void layOut(int i, String text, int width, List<Line> out) {
        List<Timeline.Item> items = model.items();
        ConversationMessage m = items.get(i).message();
        LocalDate day = LocalDate.ofInstant(m.at(), zone);
        if (i == 0
                || !LocalDate.ofInstant(items.get(i - 1).message().at(), zone).equals(day)) {
            out.add(new Line(i, Kind.DAY, null, null, false, DAY.format(day), 0, 0));
        }
        String time = TIME.format(m.at().atZone(zone));
        int indent = width >= 24 ? time.length() + 1 : 0;
        String peer = ScreenText.display(m.peer());
        String name = m.incoming() ? peer : model.peer() != null ? "you" : "you" + look.arrow() + peer;
        // Keep at least a third of the row for text, however long the name.
        int nameRoom = Math.max(1, width - time.length() - 3 - Math.max(8, width / 3));
        name = ScreenText.fit(name, nameRoom, look.ascii());
        int first = Math.max(1, width - time.length() - 1 - ScreenText.width(name) - 2);
        List<int[]> parts = wrapRanges(text, first, Math.max(1, width - indent));
        int[] p0 = parts.get(0);
        int x = time.length() + 1 + ScreenText.width(name) + 2;
        out.add(new Line(i, Kind.FIRST, time, name, m.incoming(), text.substring(p0[0], p0[1]), p0[0], x));
        for (int k = 1; k < parts.size(); k++) {
            int[] p = parts.get(k);
            out.add(new Line(i, Kind.MORE, null, null, m.incoming(), text.substring(p[0], p[1]), p[0], indent));
        }
    }

    /**
     * Greedy word wrap, as ranges {@code [start, end)} of {@code text}: the first row holds {@code first}
     * columns, the others {@code rest}. A line break in the text always breaks the row; otherwise a row
     * breaks after the last space that fits, and a word longer than a row is cut. Wide characters count two
     * columns and are never split across the edge. Never returns an empty list.
     */
    static List<String> wrap(String text, int first, int rest) {
        return wrapRanges(text, first, rest).stream()
                .map(r -> text.substring(r[0], r[1]))
                .toList();
    }

    /** {@link #wrap} as ranges {@code [start, end)} of {@code text}. */
    static List<int[]> wrapRanges(String text, int first, int rest) {
        List<int[]> out = new ArrayList<>();
        int i = 0;
        int n = text.length();
        int room = first;
        while (true) {
            int w = 0;
            int j = i;
            while (j < n && text.charAt(j) != '\n' && w + ScreenText.width(text.charAt(j)) <= room) {
                w += ScreenText.width(text.charAt(j));
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

    @Override
    protected ComponentRenderer<ConversationView> createDefaultRenderer() {
        return new Renderer();
    }

    private final class Renderer implements ComponentRenderer<ConversationView> {
        @Override
        public TerminalSize getPreferredSize(ConversationView component) {
            return new TerminalSize(1, 1);
        }

        @Override
        public void drawComponent(TextGUIGraphics g, ConversationView view) {
            int cols = g.getSize().getColumns();
            int rows = g.getSize().getRows();
            look.apply(g, Role.TEXT);
            g.fill(' ');
            if (cols < 2 || rows < 1) {
                return;
            }
            int width = cols - 1; // the last column is the scroll bar
            ensureLines(width);
            if (model.size() == 0) {
                look.apply(g, Role.DIM);
                String note = !model.loaded()
                        ? "Loading history..."
                        : model.peer() == null
                                ? "No messages yet; new ones appear here by themselves."
                                : "No messages with " + ScreenText.display(model.peer()) + " yet.";
                g.putString(0, rows - 1, ScreenText.fit(note, width, look.ascii()));
                return;
            }
            if (revealPending) {
                revealPending = false;
                int m = model.matchIndex();
                if (m >= 0) {
                    scrollTo(m);
                } else if (!model.following()) {
                    top = 0; // the oldest page: from its start
                }
            }
            int max = Math.max(0, lines.size() - rows);
            if (model.following()) {
                top = max;
            }
            top = Math.max(0, Math.min(top, max));
            // Fewer lines than rows: they sit at the bottom, next to the input line.
            int offset = Math.max(0, rows - lines.size());
            for (int r = 0; r + offset < rows && top + r < lines.size(); r++) {
                drawLine(g, r + offset, width, lines.get(top + r));
            }
            if (top == 0 && !model.atStart() && offset == 0) {
                look.apply(g, Role.DIM);
                g.putString(0, 0, ScreenText.fit("Loading older messages...", width, look.ascii()));
            }
            if (!model.following() && model.unseenBelow() > 0) {
                String note = " " + model.unseenBelow() + " new below; Esc jumps there ";
                look.apply(g, Role.MARKER);
                int at = Math.max(0, width - ScreenText.width(note));
                g.putString(at, rows - 1, ScreenText.fit(note, width, look.ascii()));
            }
            drawScrollBar(g, cols - 1, rows);
        }

        private void drawLine(TextGUIGraphics g, int row, int width, Line line) {
            switch (line.kind()) {
                case DAY, MARKER -> {
                    Role role = line.kind() == Kind.DAY ? Role.DIM : Role.MARKER;
                    String label = " " + line.text() + " ";
                    // Full width, under the scroll bar too: next to a border the rule reads as a divider.
                    String rule = String.valueOf(look.rule()).repeat(Math.max(0, width + 1));
                    look.apply(g, role);
                    g.putString(0, row, rule);
                    if (width >= label.length() + 4) {
                        g.putString(2, row, label);
                    }
                }
                case FIRST -> {
                    int x = 0;
                    look.apply(g, Role.DIM);
                    g.putString(x, row, line.time());
                    x += line.time().length() + 1;
                    if (line.incoming()) {
                        look.apply(g, Role.SENDER, line.name());
                    } else {
                        look.apply(g, Role.KEY);
                    }
                    g.putString(x, row, line.name());
                    x += ScreenText.width(line.name());
                    look.apply(g, Role.TEXT);
                    g.putString(x, row, ": ");
                    if (line.x() < width) {
                        drawText(g, row, line);
                    }
                }
                case MORE -> drawText(g, row, line);
            }
        }

        /** The text of a row, with the search query highlighted where it matched (not the time, not the name). */
        private void drawText(TextGUIGraphics g, int row, Line line) {
            String text = line.text();
            int hiFrom = text.length();
            int hiTo = text.length();
            Conversation.Match match = model.match();
            if (match != null && line.entry() == model.matchIndex()) {
                int at = HistorySearch.indexOf(texts.get(line.entry()), match.query());
                if (at >= 0) {
                    hiFrom = Math.max(0, Math.min(text.length(), at - line.from()));
                    hiTo = Math.max(
                            hiFrom, Math.min(text.length(), at + match.query().length() - line.from()));
                }
            }
            int x = line.x();
            look.apply(g, Role.TEXT);
            g.putString(x, row, text.substring(0, hiFrom));
            x += ScreenText.width(text.substring(0, hiFrom));
            look.apply(g, Role.MATCH);
            g.putString(x, row, text.substring(hiFrom, hiTo));
            x += ScreenText.width(text.substring(hiFrom, hiTo));
            look.apply(g, Role.TEXT);
            g.putString(x, row, text.substring(hiTo));
        }

        private void drawScrollBar(TextGUIGraphics g, int x, int rows) {
            if (lines.size() <= rows && model.atStart() && model.atEnd()) {
                return;
            }
            look.apply(g, Role.DIM);
            for (int r = 0; r < rows; r++) {
                g.setCharacter(x, r, look.track());
            }
            int thumb = Math.max(1, rows * rows / Math.max(rows, lines.size()));
            int at = (int) ((long) (rows - thumb) * top / Math.max(1, lines.size() - rows));
            look.apply(g, Role.SCROLL_THUMB);
            for (int r = at; r < at + thumb && r < rows; r++) {
                g.setCharacter(x, r, look.thumb());
            }
        }
    }
}
