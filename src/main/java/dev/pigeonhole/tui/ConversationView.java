package dev.pigeonhole.tui;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.gui2.AbstractComponent;
import com.googlecode.lanterna.gui2.ComponentRenderer;
import com.googlecode.lanterna.gui2.TextGUIGraphics;
import dev.pigeonhole.client.StoredMessage;
import dev.pigeonhole.tui.Look.Role;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The conversation pane: one correspondent's messages, or everyone's, both directions, oldest at the top
 * and the newest right above the input line. Each message is {@code HH:mm name: text}, long text wrapped
 * under it; a rule at each new day and a {@code new} marker before the first message that arrived while the
 * window was open. It holds a window of at most {@link #CAPACITY} messages of the files and asks its
 * {@link Pager} for the next page when scrolled to either edge, so every message can be reached with
 * bounded memory. While scrolled to the bottom it follows new messages; otherwise it stays put and counts
 * what arrived below.
 *
 * <p>GUI thread only, like every Lanterna component. Text is sanitized on the way in.
 */
public final class ConversationView extends AbstractComponent<ConversationView> {
    /** Messages held in memory at most; the files keep all of them. */
    static final int CAPACITY = 4 * Timeline.PAGE;

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEE d MMM yyyy", Locale.ENGLISH);

    /** Where the next pages come from; answers arrive through {@link #show}. */
    interface Pager {
        void older(String peer, Timeline.Cursor from);

        void newer(String peer, Timeline.Cursor from);

        void latest(String peer);
    }

    private record Entry(Timeline.Item item, String peer, String text, boolean fresh) {
        Instant at() {
            return item.message().at();
        }

        boolean incoming() {
            return item.message().incoming();
        }
    }

    private enum Kind {
        DAY,
        MARKER,
        FIRST,
        MORE
    }

    /** One screen row: the entry it belongs to and the pieces to draw. */
    private record Line(int entry, Kind kind, String time, String name, boolean incoming, String text) {}

    private final Look look;
    private final ZoneId zone;
    private Pager pager;

    private final List<Entry> entries = new ArrayList<>();
    private String peer;
    private boolean loaded;
    private Timeline.Cursor older;
    private Timeline.Cursor newer;
    private boolean atStart;
    private boolean atEnd;
    private boolean askedOlder;
    private boolean askedNewer;

    private List<Line> lines = new ArrayList<>();
    private int linesWidth = -1;
    private int top;
    private boolean follow = true;
    private int unseenBelow;
    /** The search match shown, or null. */
    private Timeline.Item highlighted;

    public ConversationView(Look look, ZoneId zone) {
        this.look = look;
        this.zone = zone;
    }

    void pager(Pager pager) {
        this.pager = pager;
    }

    /** The correspondent shown, or null for everyone. */
    String peer() {
        return peer;
    }

    /** Switches to {@code peer}'s conversation (null: everyone); the caller asks for its latest page. */
    void switchTo(String peer) {
        this.peer = peer;
        entries.clear();
        loaded = false;
        askedOlder = askedNewer = false;
        follow = true;
        unseenBelow = 0;
        linesWidth = -1;
        invalidate();
    }

    /** Whether this view shows messages with {@code who}. */
    boolean shows(String who) {
        return peer == null || peer.equals(who);
    }

    /** A page from the {@link Timeline}; pages for another view than the current one are ignored. */
    void show(Timeline.Page page) {
        if (!java.util.Objects.equals(page.peer(), peer)) {
            return;
        }
        int anchor = anchorEntry();
        int anchorOffset = anchorOffset(anchor);
        switch (page.kind()) {
            case LATEST -> {
                entries.clear();
                page.items().forEach(i -> entries.add(entry(i, false)));
                older = page.older();
                newer = page.newer();
                atStart = page.atStart();
                atEnd = page.atEnd();
                loaded = true;
                follow = true;
                askedOlder = askedNewer = false;
                linesWidth = -1;
                invalidate();
                return;
            }
            case OLDER -> {
                askedOlder = false;
                List<Entry> add = new ArrayList<>();
                page.items().forEach(i -> add.add(entry(i, false)));
                entries.addAll(0, add);
                anchor += add.size();
                older = page.older();
                atStart = page.atStart();
                // Too many now: let go of the newest, which are furthest from where the user is looking.
                int drop = entries.size() - CAPACITY;
                if (drop > 0) {
                    newer = cursorBefore(entries.subList(entries.size() - drop, entries.size()), newer);
                    entries.subList(entries.size() - drop, entries.size()).clear();
                    atEnd = false;
                    follow = false;
                }
            }
            case NEWER -> {
                askedNewer = false;
                page.items().forEach(i -> entries.add(entry(i, false)));
                newer = page.newer();
                atEnd = page.atEnd();
                anchor -= dropOldest();
            }
        }
        linesWidth = -1;
        restore(anchor, anchorOffset);
        invalidate();
    }

    /**
     * Messages just found at the end of the files. Shown at once if this view holds the newest messages
     * and either follows them or has room; otherwise counted, and loaded when the user scrolls down.
     * Returns how many of them belong to this view.
     */
    int arrived(List<Timeline.Item> items, Timeline.Cursor tail) {
        List<Timeline.Item> mine =
                items.stream().filter(i -> shows(i.message().peer())).toList();
        if (!loaded) {
            return mine.size(); // the latest page, read after these, will hold them
        }
        if (atEnd && (follow || entries.size() + mine.size() <= CAPACITY)) {
            int anchor = anchorEntry();
            int anchorOffset = anchorOffset(anchor);
            mine.forEach(i -> entries.add(entry(i, true)));
            newer = tail;
            if (!follow) {
                unseenBelow += mine.size();
            }
            anchor -= dropOldest();
            linesWidth = -1;
            restore(anchor, anchorOffset);
        } else {
            atEnd = false;
            unseenBelow += mine.size();
        }
        invalidate();
        return mine.size();
    }

    private Entry entry(Timeline.Item item, boolean fresh) {
        StoredMessage m = item.message();
        return new Entry(item, ScreenText.sanitize(m.peer()), ScreenText.sanitize(m.text()), fresh);
    }

    /** Drops the oldest entries beyond capacity; returns how many. */
    private int dropOldest() {
        int drop = entries.size() - CAPACITY;
        if (drop <= 0) {
            return 0;
        }
        older = cursorAfter(entries.subList(0, drop), older);
        entries.subList(0, drop).clear();
        atStart = false;
        return drop;
    }

    /** The cursor just after {@code dropped} (the oldest entries), per file. */
    private static Timeline.Cursor cursorAfter(List<Entry> dropped, Timeline.Cursor was) {
        long a = was.archive();
        long s = was.sent();
        for (Entry e : dropped) {
            if (e.incoming()) {
                a = e.item().end();
            } else {
                s = e.item().end();
            }
        }
        return new Timeline.Cursor(a, s);
    }

    /** The cursor just before {@code dropped} (the newest entries), per file. */
    private static Timeline.Cursor cursorBefore(List<Entry> dropped, Timeline.Cursor was) {
        long a = was.archive();
        long s = was.sent();
        for (int k = dropped.size() - 1; k >= 0; k--) {
            Entry e = dropped.get(k);
            if (e.incoming()) {
                a = e.item().start();
            } else {
                s = e.item().start();
            }
        }
        return new Timeline.Cursor(a, s);
    }

    /** How many messages the view holds. */
    public int size() {
        return entries.size();
    }

    /** True once the first page is in. */
    boolean loaded() {
        return loaded;
    }

    /** True while the view sticks to the newest message. */
    public boolean following() {
        return follow;
    }

    /** Messages that arrived below while scrolled up. */
    int unseenBelow() {
        return unseenBelow;
    }

    /** The peer of the newest message in this view, or null. */
    String newestPeer(boolean incomingOnly) {
        for (int k = entries.size() - 1; k >= 0; k--) {
            if (!incomingOnly || entries.get(k).incoming()) {
                return entries.get(k).item().message().peer();
            }
        }
        return null;
    }

    /** The texts of the messages held, oldest first (for search and tests). */
    List<StoredMessage> messages() {
        return entries.stream().map(e -> e.item().message()).toList();
    }

    /** Scrolls to the bottom and follows new messages again, loading the newest page if it is not held. */
    public void scrollToEnd() {
        if (!atEnd && loaded) {
            switchTo(peer); // the newest page is far away: start again from the end
            if (pager != null) {
                pager.latest(peer);
            }
            return;
        }
        follow = true;
        unseenBelow = 0;
        invalidate();
    }

    /** Scrolls to the oldest message held, and asks for older ones. */
    void scrollToStart() {
        follow = false;
        top = 0;
        invalidate();
        askForMore();
    }

    /** Marks the entry at {@code index} as the search match (-1: none). */
    void highlight(int index) {
        highlighted =
                index < 0 || index >= entries.size() ? null : entries.get(index).item();
        invalidate();
    }

    /** Scrolls so that the entry at {@code index} is in view (search). */
    void reveal(int index) {
        highlight(index);
        if (index < 0 || index >= entries.size() || linesWidth < 0) {
            return;
        }
        for (int r = 0; r < lines.size(); r++) {
            if (lines.get(r).entry() == index && lines.get(r).kind() == Kind.FIRST) {
                follow = false;
                top = Math.max(0, r - getSize().getRows() / 2);
                settle();
                invalidate();
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
        int from = follow ? max : top;
        top = Math.max(0, Math.min(max, from + delta));
        follow = false;
        settle();
        askForMore();
    }

    /** At an edge of what is held: ask for the next page that way. */
    private void askForMore() {
        if (pager == null || !loaded) {
            return;
        }
        int max = Math.max(0, lines.size() - getSize().getRows());
        if (top == 0 && !atStart && !askedOlder) {
            askedOlder = true;
            pager.older(peer, older);
        }
        if (top >= max && !atEnd && !askedNewer) {
            askedNewer = true;
            pager.newer(peer, newer);
        }
    }

    /** Back at the bottom of the newest page means following again. */
    private void settle() {
        int max = Math.max(0, lines.size() - getSize().getRows());
        if (top >= max && atEnd) {
            follow = true;
            unseenBelow = 0;
        }
    }

    private int anchorEntry() {
        if (follow || lines.isEmpty() || linesWidth < 0) {
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
        int clamped = Math.max(0, Math.min(anchor, entries.size() - 1));
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
        List<Line> out = new ArrayList<>(entries.size() * 2);
        boolean marked = false;
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            if (e.fresh() && !marked) {
                marked = true;
                out.add(new Line(i, Kind.MARKER, null, null, false, "new"));
            }
            layOut(i, width, out);
        }
        lines = out;
        linesWidth = width;
    }

    /** Appends the rows of entry {@code i} for {@code width} text columns. */
    private void layOut(int i, int width, List<Line> out) {
        Entry e = entries.get(i);
        LocalDate day = LocalDate.ofInstant(e.at(), zone);
        if (i == 0 || !LocalDate.ofInstant(entries.get(i - 1).at(), zone).equals(day)) {
            out.add(new Line(i, Kind.DAY, null, null, false, DAY.format(day)));
        }
        String time = TIME.format(e.at().atZone(zone));
        int indent = width >= 24 ? time.length() + 1 : 0;
        String name = e.incoming() ? e.peer() : peer != null ? "you" : "you" + look.arrow() + e.peer();
        // Keep at least a third of the row for text, however long the name.
        int nameRoom = Math.max(1, width - time.length() - 3 - Math.max(8, width / 3));
        name = ScreenText.fit(name, nameRoom, look.ascii());
        int first = Math.max(1, width - time.length() - 1 - ScreenText.width(name) - 2);
        List<String> parts = wrap(e.text(), first, Math.max(1, width - indent));
        out.add(new Line(i, Kind.FIRST, time, name, e.incoming(), parts.get(0)));
        String pad = " ".repeat(indent);
        for (int k = 1; k < parts.size(); k++) {
            out.add(new Line(i, Kind.MORE, null, null, e.incoming(), pad + parts.get(k)));
        }
    }

    /**
     * Greedy word wrap: the first row holds {@code first} columns, the others {@code rest}. A row breaks
     * after the last space that fits; a word longer than a row is cut. Never returns an empty list.
     */
    static List<String> wrap(String text, int first, int rest) {
        List<String> out = new ArrayList<>();
        int i = 0;
        int n = text.length();
        int room = first;
        while (true) {
            int w = 0;
            int j = i;
            while (j < n && w + ScreenText.width(text.charAt(j)) <= room) {
                w += ScreenText.width(text.charAt(j));
                j++;
            }
            if (j >= n) {
                out.add(text.substring(i));
                return out;
            }
            int end = j;
            int next = j;
            if (text.charAt(j) == ' ') {
                next = j + 1; // the break falls on a space: it is the line break
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
            out.add(text.substring(i, end));
            i = next;
            room = rest;
            if (i >= n) {
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
            if (entries.isEmpty()) {
                look.apply(g, Role.DIM);
                String note = !loaded
                        ? "Loading history..."
                        : peer == null
                                ? "No messages yet; new ones appear here by themselves."
                                : "No messages with " + peer + " yet.";
                g.putString(0, rows - 1, ScreenText.fit(note, width, look.ascii()));
                return;
            }
            int max = Math.max(0, lines.size() - rows);
            if (follow) {
                top = max;
            }
            top = Math.max(0, Math.min(top, max));
            // Fewer lines than rows: they sit at the bottom, next to the input line.
            int offset = Math.max(0, rows - lines.size());
            for (int r = 0; r + offset < rows && top + r < lines.size(); r++) {
                drawLine(g, r + offset, width, lines.get(top + r));
            }
            if (top == 0 && !atStart && offset == 0) {
                look.apply(g, Role.DIM);
                g.putString(0, 0, ScreenText.fit("Loading older messages...", width, look.ascii()));
            }
            if (!follow && unseenBelow > 0) {
                String note = " " + unseenBelow + " new below; Esc jumps there ";
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
                    boolean match = highlighted != null
                            && entries.get(line.entry()).item().equals(highlighted);
                    look.apply(g, match ? Role.MATCH : Role.DIM);
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
                    x += 2;
                    if (x < width) {
                        g.putString(x, row, line.text());
                    }
                }
                case MORE -> {
                    look.apply(g, Role.TEXT);
                    g.putString(0, row, line.text());
                }
            }
        }

        private void drawScrollBar(TextGUIGraphics g, int x, int rows) {
            if (lines.size() <= rows && atStart && atEnd) {
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
