package dev.pigeonhole.tui;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.gui2.AbstractComponent;
import com.googlecode.lanterna.gui2.ComponentRenderer;
import com.googlecode.lanterna.gui2.TextGUIGraphics;
import dev.pigeonhole.courier.LinkState;
import dev.pigeonhole.tui.Look.Role;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The status pane, three rows: who and where plus the connection state and waiting count; the latest
 * feedback (a send result, or the compose check while typing); the keys that work in the focused pane.
 * GUI thread only.
 */
public final class StatusView extends AbstractComponent<StatusView> {
    /** A key and what it does, for the hint row. */
    public record KeyHint(String key, String action) {}

    private final Look look;
    private final Clock clock;
    private final String identity;
    private LinkState connection = LinkState.connecting();
    private String shownState = "";
    private final FeedbackRow<Role> feedback = new FeedbackRow<>("", Role.DIM);
    private List<KeyHint> hints = List.of();
    private List<KeyHint> shortHints = List.of();

    public StatusView(Look look, Clock clock, String identity) {
        this.look = look;
        this.clock = clock;
        this.identity = ScreenText.sanitize(identity);
    }

    public void connection(LinkState state) {
        this.connection = state;
        invalidate();
    }

    public LinkState connection() {
        return connection;
    }

    /**
     * What answers the user (a compose check, a send result): replaces the feedback row, unless a problem
     * found in the background holds it and no key was pressed since (see {@link FeedbackRow}).
     */
    public void feedback(String text, Role role) {
        feedback.answer(ScreenText.sanitize(text), role, clock.instant());
        invalidate();
    }

    /** News found in the background (new mail, connected again): shown now, or once a held problem's time is up. */
    public void news(String text, Role role) {
        feedback.news(ScreenText.sanitize(text), role, clock.instant());
        invalidate();
    }

    /** A problem found in the background: shown and held a few seconds; another one waits its turn. */
    public void problem(String text) {
        feedback.problem(ScreenText.sanitize(text), Role.BAD, clock.instant());
        invalidate();
    }

    /** A key was pressed: what answers it takes the row even while a background problem holds it. */
    public void keyPressed() {
        feedback.keyPressed();
    }

    public String feedback() {
        return feedback.shown().text();
    }

    public Role feedbackRole() {
        return feedback.shown().role();
    }

    /** The hint row: {@code full} when it fits, else {@code narrow}. */
    public void hints(List<KeyHint> full, List<KeyHint> narrow) {
        if (!full.equals(hints)) {
            this.hints = full;
            this.shortHints = narrow;
            invalidate();
        }
    }

    /** Columns of the last part (the offline reason) a form of the first row must leave room for. */
    private static final int DETAIL_SHOWN = 20;

    /** A piece of the first row and how it is drawn. */
    record Segment(String text, Role role) {}

    /**
     * The first row for {@code width} columns: who and where, the link state, what to do about it, details.
     * The link state ({@code connected}, or {@code offline, reconnecting in 7s}) is what must survive a narrow
     * terminal, so it comes right after the identity. The identity gives way first, so that the last part
     * (the offline reason, or the waiting count) shows whole; then the reason is cut, keeping its first
     * {@value #DETAIL_SHOWN} columns; then the Ctrl-R hint gives way. The caller cuts at the edge what still
     * does not fit.
     *
     * @param described {@link LinkState#describe} at the time drawn
     */
    static List<Segment> linkRow(String identity, LinkState link, String described, int width, String dot) {
        Role role = switch (link.phase()) {
            case CONNECTED -> Role.GOOD;
            case CONNECTING -> Role.WARN;
            case OFFLINE -> Role.BAD;
        };
        String state = described;
        String detail = null; // null or not empty
        Role detailRole = role;
        if (link.phase() == LinkState.Phase.OFFLINE && link.reason() != null) {
            // describe() is "offline, <reason>[, reconnecting ...]": the reason moves to the end, where the edge
            // may cut it, and the countdown stays next to "offline".
            String head = "offline, " + link.reason();
            state = "offline" + described.substring(Math.min(described.length(), head.length()));
            detail = link.reason();
        } else if (link.waiting() >= 0) {
            detail = String.format("%,d waiting", link.waiting());
            detailRole = Role.TEXT;
        }
        String retry = link.phase() == LinkState.Phase.OFFLINE ? "Ctrl-R: retry now" : null;
        // In order of preference: the reason whole before the identity, the Ctrl-R hint before the reason.
        int[][] tries = {{0, 1}, {1, 1}, {0, 0}, {1, 0}, {2, 1}, {2, 0}}; // {form, whole}
        for (int[] t : tries) {
            List<Segment> row = form(t[0], identity, state, role, retry, detail, detailRole, dot);
            int cut = t[1] == 1 || detail == null
                    ? 0
                    : Math.max(0, ScreenText.width(ScreenText.sanitize(detail)) - DETAIL_SHOWN);
            if (columns(row) - cut <= width) {
                return row;
            }
        }
        return form(2, identity, state, role, retry, detail, detailRole, dot);
    }

    /** Form 0: identity · state [· retry] [· detail]; form 1 without the identity; form 2 without the hint. */
    private static List<Segment> form(
            int form,
            String identity,
            String state,
            Role role,
            String retry,
            String detail,
            Role detailRole,
            String dot) {
        List<Segment> row = new ArrayList<>();
        if (form == 0) {
            row.add(new Segment(identity, Role.KEY));
            row.add(new Segment(dot, Role.DIM));
        }
        row.add(new Segment(state, role));
        if (retry != null && form < 2) {
            row.add(new Segment(dot, Role.DIM));
            row.add(new Segment(retry, Role.KEY));
        }
        if (detail != null) {
            row.add(new Segment(dot, Role.DIM));
            row.add(new Segment(detail, detailRole));
        }
        return row;
    }

    private static int columns(List<Segment> row) {
        int w = 0;
        for (Segment seg : row) {
            w += ScreenText.width(ScreenText.sanitize(seg.text()));
        }
        return w;
    }

    /** Redraws when the connection text changed with time, so "reconnecting in Ns" counts down. */
    public void tick() {
        if (connection.retryAt() != null
                && !connection.describe(clock.instant()).equals(shownState)) {
            invalidate();
        }
        if (feedback.tick(clock.instant())) {
            invalidate();
        }
    }

    @Override
    protected ComponentRenderer<StatusView> createDefaultRenderer() {
        return new Renderer();
    }

    private final class Renderer implements ComponentRenderer<StatusView> {
        @Override
        public TerminalSize getPreferredSize(StatusView component) {
            return new TerminalSize(1, 3);
        }

        @Override
        public void drawComponent(TextGUIGraphics g, StatusView component) {
            int cols = g.getSize().getColumns();
            look.apply(g, Role.TEXT);
            g.fill(' ');
            if (cols < 2 || g.getSize().getRows() < 3) {
                return;
            }
            shownState = connection.describe(clock.instant());
            int x = 1;
            for (Segment seg : linkRow(identity, connection, shownState, cols - 1, look.dot())) {
                x = put(g, x, 0, cols, seg.text(), seg.role());
            }
            put(g, 1, 1, cols, feedback(), feedbackRole());
            List<KeyHint> row = width(hints) <= cols - 1 ? hints : shortHints;
            x = 1;
            for (int i = 0; i < row.size(); i++) {
                KeyHint h = row.get(i);
                x = put(g, x, 2, cols, (i == 0 ? "" : "  "), Role.DIM);
                x = put(g, x, 2, cols, h.key(), Role.KEY);
                x = put(g, x, 2, cols, " " + h.action(), Role.DIM);
            }
        }

        /** Columns the hint row takes after its one-column margin: "key action" joined by two spaces. */
        private int width(List<KeyHint> row) {
            int w = 0;
            for (KeyHint h : row) {
                w += h.key().length() + 1 + h.action().length();
            }
            return w + 2 * Math.max(0, row.size() - 1);
        }

        /** Draws {@code s} at column {@code x}, cut with an ellipsis at the edge; returns the next column. */
        private int put(TextGUIGraphics g, int x, int y, int cols, String s, Role role) {
            if (x >= cols) {
                return x;
            }
            // Sanitized here too: connection reasons quote exception messages, which quote anything.
            String shown = ScreenText.fit(ScreenText.sanitize(s), cols - x, look.ascii());
            look.apply(g, role);
            g.putString(x, y, shown);
            return x + ScreenText.width(shown);
        }
    }
}
