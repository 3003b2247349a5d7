package dev.pigeonhole.tui;

import com.googlecode.lanterna.TerminalPosition;
import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.gui2.AbstractInteractableComponent;
import com.googlecode.lanterna.gui2.InteractableRenderer;
import com.googlecode.lanterna.gui2.TextGUIGraphics;
import com.googlecode.lanterna.input.KeyStroke;
import dev.pigeonhole.tui.Look.Role;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The inbox pane: received messages, oldest at the top, each as {@code HH:mm sender: text} with long text
 * word-wrapped under it; a rule at each new day and a {@code new} marker before the first message that
 * arrived while this window was open. Scrolls with the arrows, PgUp/PgDn and Home/End; while scrolled to
 * the bottom it follows new messages, otherwise it stays put and counts what arrived below.
 *
 * <p>GUI thread only, like every Lanterna component. Text is sanitized on the way in.
 */
public final class InboxView extends AbstractInteractableComponent<InboxView> {
    /** Messages kept in memory; the archive file keeps all of them. */
    static final int MAX_ENTRIES = 5_000;

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEE d MMM yyyy", Locale.ENGLISH);

    private record Entry(Instant received, String sender, String text, boolean fresh) {}

    private enum Kind {
        DAY,
        MARKER,
        FIRST,
        MORE
    }

    /** One screen row: which entry it belongs to and the pieces to draw. */
    private record Line(Kind kind, String time, String sender, String text) {}

    private final Look look;
    private final ZoneId zone;
    private final List<Entry> entries = new ArrayList<>();
    private int firstFresh = -1;

    private List<Line> lines = new ArrayList<>();
    private int linesWidth = -1;
    private int top;
    private boolean follow = true;
    private int unseenBelow;

    public InboxView(Look look, ZoneId zone) {
        this.look = look;
        this.zone = zone;
    }

    /**
     * Adds a message at the bottom. {@code fresh} means it arrived while the window was open: the first
     * fresh message gets the {@code new} marker above it.
     */
    public void add(Instant received, String sender, String text, boolean fresh) {
        Entry e = new Entry(received, ScreenText.sanitize(sender), ScreenText.sanitize(text), fresh);
        if (fresh && firstFresh < 0) {
            firstFresh = entries.size();
        }
        entries.add(e);
        if (entries.size() > MAX_ENTRIES) {
            entries.remove(0);
            firstFresh = firstFresh < 0 ? -1 : Math.max(0, firstFresh - 1);
            linesWidth = -1;
        } else if (linesWidth > 0) {
            layOut(entries.size() - 1, linesWidth, lines);
        }
        if (!follow) {
            unseenBelow++;
        }
        invalidate();
    }

    /** How many messages the view holds. */
    public int size() {
        return entries.size();
    }

    /** True while the view sticks to the newest message. */
    public boolean following() {
        return follow;
    }

    /** Scrolls to the bottom and follows new messages again. */
    public void scrollToEnd() {
        follow = true;
        unseenBelow = 0;
        invalidate();
    }

    @Override
    protected Result handleKeyStroke(KeyStroke key) {
        int page = Math.max(1, getSize().getRows() - 1);
        switch (key.getKeyType()) {
            case ArrowUp -> scrollBy(-1);
            case ArrowDown -> scrollBy(1);
            case PageUp -> scrollBy(-page);
            case PageDown -> scrollBy(page);
            case Home -> {
                follow = false;
                top = 0;
                settle();
            }
            case End -> scrollToEnd();
            default -> {
                return super.handleKeyStroke(key);
            }
        }
        invalidate();
        return Result.HANDLED;
    }

    private void scrollBy(int delta) {
        int rows = getSize().getRows();
        int max = Math.max(0, lines.size() - rows);
        int from = follow ? max : top;
        top = Math.max(0, Math.min(max, from + delta));
        follow = false;
        settle();
    }

    /** Back at the bottom means following again. */
    private void settle() {
        int max = Math.max(0, lines.size() - getSize().getRows());
        if (top >= max) {
            follow = true;
            unseenBelow = 0;
        }
    }

    private void ensureLines(int width) {
        if (width == linesWidth) {
            return;
        }
        List<Line> fresh = new ArrayList<>(entries.size() * 2);
        for (int i = 0; i < entries.size(); i++) {
            layOut(i, width, fresh);
        }
        lines = fresh;
        linesWidth = width;
    }

    /** Appends the rows of entry {@code i} for {@code width} text columns. */
    private void layOut(int i, int width, List<Line> out) {
        Entry e = entries.get(i);
        if (i == firstFresh) {
            out.add(new Line(Kind.MARKER, null, null, "new"));
        }
        LocalDate day = LocalDate.ofInstant(e.received(), zone);
        if (i == 0 || !LocalDate.ofInstant(entries.get(i - 1).received(), zone).equals(day)) {
            out.add(new Line(Kind.DAY, null, null, DAY.format(day)));
        }
        String time = TIME.format(e.received().atZone(zone));
        int indent = width >= 24 ? time.length() + 1 : 0;
        // Keep at least a third of the row for text, however long the sender's name.
        int senderRoom = Math.max(1, width - time.length() - 3 - Math.max(8, width / 3));
        String sender = ScreenText.fit(e.sender(), senderRoom, look.ascii());
        int first = Math.max(1, width - time.length() - 1 - ScreenText.width(sender) - 2);
        List<String> parts = wrap(e.text(), first, Math.max(1, width - indent));
        out.add(new Line(Kind.FIRST, time, sender, parts.get(0)));
        String pad = " ".repeat(indent);
        for (int k = 1; k < parts.size(); k++) {
            out.add(new Line(Kind.MORE, null, null, pad + parts.get(k)));
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
    protected InteractableRenderer<InboxView> createDefaultRenderer() {
        return new Renderer();
    }

    private final class Renderer implements InteractableRenderer<InboxView> {
        @Override
        public TerminalSize getPreferredSize(InboxView component) {
            return new TerminalSize(1, 1);
        }

        @Override
        public TerminalPosition getCursorLocation(InboxView component) {
            return null; // no cursor: this pane is read, not typed into
        }

        @Override
        public void drawComponent(TextGUIGraphics g, InboxView view) {
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
                g.putString(
                        0,
                        0,
                        ScreenText.fit("No messages yet; new ones appear here by themselves.", width, look.ascii()));
                return;
            }
            int max = Math.max(0, lines.size() - rows);
            if (follow) {
                top = max;
            }
            top = Math.max(0, Math.min(top, max));
            for (int r = 0; r < rows && top + r < lines.size(); r++) {
                drawLine(g, r, width, lines.get(top + r));
            }
            if (!follow && unseenBelow > 0) {
                String note = " " + unseenBelow + " new below; End to jump ";
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
                    look.apply(g, Role.SENDER, line.sender());
                    g.putString(x, row, line.sender());
                    x += ScreenText.width(line.sender());
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
            if (lines.size() <= rows) {
                return;
            }
            look.apply(g, Role.DIM);
            for (int r = 0; r < rows; r++) {
                g.setCharacter(x, r, look.track());
            }
            int thumb = Math.max(1, rows * rows / lines.size());
            int at = (int) ((long) (rows - thumb) * top / Math.max(1, lines.size() - rows));
            look.apply(g, isFocused() ? Role.SCROLL_THUMB : Role.DIM);
            for (int r = at; r < at + thumb && r < rows; r++) {
                g.setCharacter(x, r, look.thumb());
            }
        }
    }
}
