package dev.pigeonhole.tui;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.gui2.AbstractComponent;
import com.googlecode.lanterna.gui2.ComponentRenderer;
import com.googlecode.lanterna.gui2.TextGUIGraphics;
import dev.pigeonhole.courier.LinkState;
import dev.pigeonhole.tui.Look.Role;
import java.time.Clock;
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
    private String feedback = "";
    private Role feedbackRole = Role.DIM;
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

    /** Replaces the feedback row. */
    public void feedback(String text, Role role) {
        this.feedback = ScreenText.sanitize(text);
        this.feedbackRole = role;
        invalidate();
    }

    public String feedback() {
        return feedback;
    }

    public Role feedbackRole() {
        return feedbackRole;
    }

    /** The hint row: {@code full} when it fits, else {@code narrow}. */
    public void hints(List<KeyHint> full, List<KeyHint> narrow) {
        if (!full.equals(hints)) {
            this.hints = full;
            this.shortHints = narrow;
            invalidate();
        }
    }

    /** Redraws when the connection text changed with time, so "reconnecting in Ns" counts down. */
    public void tick() {
        if (connection.retryAt() != null
                && !connection.describe(clock.instant()).equals(shownState)) {
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
            int x = put(g, 1, 0, cols, identity, Role.KEY);
            x = put(g, x, 0, cols, look.dot(), Role.DIM);
            Role state = switch (connection.phase()) {
                case CONNECTED -> Role.GOOD;
                case CONNECTING -> Role.WARN;
                case OFFLINE -> Role.BAD;
            };
            shownState = connection.describe(clock.instant());
            if (connection.phase() == LinkState.Phase.OFFLINE) {
                // What to do comes before the details, which the edge may cut.
                x = put(g, x, 0, cols, "offline", state);
                x = put(g, x, 0, cols, look.dot(), Role.DIM);
                x = put(g, x, 0, cols, "Ctrl-R: retry now", Role.KEY);
                x = put(g, x, 0, cols, look.dot(), Role.DIM);
                x = put(g, x, 0, cols, shownState.substring("offline".length()).replaceFirst("^[ ,]+", ""), state);
            } else {
                x = put(g, x, 0, cols, shownState, state);
            }
            if (connection.waiting() >= 0) {
                x = put(g, x, 0, cols, look.dot(), Role.DIM);
                put(g, x, 0, cols, String.format("%,d waiting", connection.waiting()), Role.TEXT);
            }
            put(g, 1, 1, cols, feedback, feedbackRole);
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
