package dev.pigeonhole.tui;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.gui2.AbstractComponent;
import com.googlecode.lanterna.gui2.ComponentRenderer;
import com.googlecode.lanterna.gui2.TextGUIGraphics;
import dev.pigeonhole.client.ConversationMessage;
import dev.pigeonhole.history.Conversation;
import dev.pigeonhole.history.ConversationRows;
import dev.pigeonhole.history.ConversationRows.Kind;
import dev.pigeonhole.history.ConversationRows.Row;
import dev.pigeonhole.history.HistorySearch;
import dev.pigeonhole.history.Timeline;
import dev.pigeonhole.tui.Look.Role;
import java.time.ZoneId;
import java.util.List;

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

    private final Look look;
    private final ZoneId zone;
    private final ConversationRows.Style style;
    private final Conversation model = new Conversation();

    /** The model laid out for {@link #linesWidth} columns. */
    private ConversationRows laidOut = new ConversationRows(List.of(), List.of());

    private List<Row> lines = List.of();

    private int linesWidth = -1;
    private int top;
    /** Set when a restart page should scroll to the match (or the top) once laid out. */
    private boolean revealPending;

    public ConversationView(Look look, ZoneId zone) {
        this.look = look;
        this.zone = zone;
        this.style = ScreenText.style(look);
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
        ConversationRows.Anchor anchor = anchor();
        apply(model.show(page), anchor);
    }

    /** Messages just found at the end of the files (see {@link Conversation#arrived}). */
    void arrived(List<Timeline.Item> items, Timeline.Cursor tail) {
        ConversationRows.Anchor anchor = anchor();
        apply(model.arrived(items, tail), anchor);
        invalidate();
    }

    private void apply(Conversation.Change c, ConversationRows.Anchor anchor) {
        if (c.equals(Conversation.Change.NOTHING)) {
            return;
        }
        linesWidth = -1;
        if (c.restarted()) {
            top = 0;
            revealPending = c.kind() != Timeline.Page.Kind.LATEST;
        } else if (anchor != null && getSize() != null && getSize().getColumns() >= 2) {
            // Lay out again and put the message that was at the top back where it was on screen.
            ensureLines(getSize().getColumns() - 1);
            int t = laidOut.topFor(anchor, c.shift(), model.size());
            top = t >= 0 ? t : top;
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
        int r = laidOut.firstRowOf(entry);
        if (r >= 0) {
            model.follow(false);
            top = Math.max(0, r - Math.max(1, getSize().getRows()) / 2);
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
        top = laidOut.scrolled(top, delta, rows, model.following());
        // Back at the bottom of the newest page means following again.
        model.follow(top >= laidOut.bottom(rows));
        model.reachedEdge(top == 0, top >= laidOut.bottom(rows));
    }

    /** The place to keep while pages come and go, or null while following the newest. */
    private ConversationRows.Anchor anchor() {
        return model.following() || linesWidth < 0 ? null : laidOut.anchorAt(top);
    }

    private void ensureLines(int width) {
        if (width == linesWidth) {
            return;
        }
        laidOut = ConversationRows.layOut(model.items(), model.newMarker(), model.peer(), width, zone, style);
        lines = laidOut.rows();
        linesWidth = width;
    }

    /** {@link ConversationRows#wrapRanges} as strings, measured as this terminal draws them (help text). */
    static List<String> wrap(String text, int first, int rest) {
        return ConversationRows.wrapRanges(text, first, rest, ScreenText.style(new Look(false, false))).stream()
                .map(r -> text.substring(r[0], r[1]))
                .toList();
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

        private void drawLine(TextGUIGraphics g, int row, int width, Row line) {
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
        private void drawText(TextGUIGraphics g, int row, Row line) {
            String text = line.text();
            int hiFrom = text.length();
            int hiTo = text.length();
            Conversation.Match match = model.match();
            if (match != null && line.entry() == model.matchIndex()) {
                int at = HistorySearch.indexOf(laidOut.texts().get(line.entry()), match.query());
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
