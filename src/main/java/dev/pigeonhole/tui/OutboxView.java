package dev.pigeonhole.tui;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.gui2.AbstractComponent;
import com.googlecode.lanterna.gui2.ComponentRenderer;
import com.googlecode.lanterna.gui2.TextGUIGraphics;
import dev.pigeonhole.compose.Outbox;
import dev.pigeonhole.compose.OutboxShown;
import dev.pigeonhole.text.WireText;
import dev.pigeonhole.tui.Look.Role;
import java.util.List;

/**
 * The messages of the shown conversation that the server has not confirmed, under it: pending (offline),
 * sending, unconfirmed or not delivered, each with what the user can do about it. Draws the {@link Outbox}
 * entries it is given ({@link OutboxShown} decides which and says them in words); never focused. GUI thread
 * only.
 */
final class OutboxView extends AbstractComponent<OutboxView> {
    private final Look look;
    private List<OutboxShown.Row> rows = List.of();

    OutboxView(Look look) {
        this.look = look;
    }

    /** Shows {@code shown}; returns whether there is anything to show. */
    boolean show(List<OutboxShown.Row> shown) {
        if (!shown.equals(rows)) {
            rows = shown;
            invalidate();
        }
        return !rows.isEmpty();
    }

    @Override
    protected ComponentRenderer<OutboxView> createDefaultRenderer() {
        return new ComponentRenderer<>() {
            @Override
            public TerminalSize getPreferredSize(OutboxView component) {
                return new TerminalSize(1, Math.max(1, rows.size()));
            }

            @Override
            public void drawComponent(TextGUIGraphics g, OutboxView component) {
                int cols = g.getSize().getColumns();
                look.apply(g, Role.TEXT);
                g.fill(' ');
                for (int r = 0; r < rows.size() && r < g.getSize().getRows(); r++) {
                    OutboxShown.Row row = rows.get(r);
                    String label = row.label() + " ";
                    look.apply(g, row.problem() ? Role.BAD : Role.WARN);
                    g.putString(0, r, ScreenText.fit(label, cols, look.ascii()));
                    int x = ScreenText.width(label);
                    if (x < cols && !row.text().isEmpty()) {
                        String who = row.peerShown()
                                ? "you"
                                : "you" + look.arrow().stripTrailing() + " "
                                        + ScreenText.display(WireText.encode(row.recipient()));
                        String text = who + ": "
                                + ScreenText.display(WireText.encode(row.text().replace('\n', ' ')));
                        look.apply(g, Role.DIM);
                        g.putString(x, r, ScreenText.fit(text, cols - x, look.ascii()));
                    }
                }
            }
        };
    }
}
