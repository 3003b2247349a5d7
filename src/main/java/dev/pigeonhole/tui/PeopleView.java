package dev.pigeonhole.tui;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.gui2.AbstractComponent;
import com.googlecode.lanterna.gui2.ComponentRenderer;
import com.googlecode.lanterna.gui2.TextGUIGraphics;
import dev.pigeonhole.tui.Look.Role;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The correspondents pane: everyone this user has written to or heard from, most recent first, each with
 * the count of messages from them not yet seen, under "All" (the combined view). Never focused: Ctrl-N and
 * Ctrl-P move the choice, so typing always goes to the input line. GUI thread only.
 */
final class PeopleView extends AbstractComponent<PeopleView> {
    static final String ALL = "All";
    static final int WIDTH = 18;

    private final Look look;
    private final Map<String, Instant> latest = new HashMap<>();
    private final Map<String, Integer> unread = new HashMap<>();
    /** Most recent first; null when {@link #latest} changed since it was sorted (sorted when next needed). */
    private List<String> order = List.of();
    /** How many times the order was sorted (tests: once per batch, never once per message). */
    private int sorts;
    /** The current view: null for everyone. */
    private String current;

    PeopleView(Look look) {
        this.look = look;
    }

    /** Someone wrote or was written to at {@code at}. */
    void seen(String peer, Instant at) {
        Instant before = latest.get(peer);
        if (before == null || at.isAfter(before)) {
            latest.put(peer, at);
            order = null; // sorted when next needed: a batch of 5,000 messages costs one sort, not 5,000
            invalidate();
        }
    }

    int sorts() {
        return sorts;
    }

    void unread(String peer, int more) {
        unread.merge(peer, more, Integer::sum);
        invalidate();
    }

    void read(String peer) {
        if (peer == null) {
            unread.clear();
        } else {
            unread.remove(peer);
        }
        invalidate();
    }

    int unreadTotal() {
        return unread.values().stream().mapToInt(Integer::intValue).sum();
    }

    int unread(String peer) {
        return unread.getOrDefault(peer, 0);
    }

    void current(String peer) {
        current = peer;
        invalidate();
    }

    /** Every known correspondent, most recent first. */
    List<String> people() {
        if (order == null) {
            sorts++;
            order = latest.entrySet().stream()
                    .sorted(Map.Entry.<String, Instant>comparingByValue(Comparator.reverseOrder())
                            .thenComparing(Map.Entry.comparingByKey()))
                    .map(Map.Entry::getKey)
                    .toList();
        }
        return order;
    }

    /** The view {@code step} places after the current one (null: All), wrapping around. */
    String step(int step) {
        List<String> all = new ArrayList<>();
        all.add(null);
        all.addAll(people());
        int at = all.indexOf(current);
        return all.get(Math.floorMod(at + step, all.size()));
    }

    @Override
    protected ComponentRenderer<PeopleView> createDefaultRenderer() {
        return new ComponentRenderer<>() {
            @Override
            public TerminalSize getPreferredSize(PeopleView component) {
                return new TerminalSize(WIDTH, 1);
            }

            @Override
            public void drawComponent(TextGUIGraphics g, PeopleView component) {
                int cols = g.getSize().getColumns();
                int rows = g.getSize().getRows();
                look.apply(g, Role.TEXT);
                g.fill(' ');
                List<String> all = new ArrayList<>();
                all.add(null);
                all.addAll(people());
                int at = all.indexOf(current);
                // Keep the current one in view when the list is longer than the pane.
                int first = Math.max(0, Math.min(at - rows / 2, all.size() - rows));
                for (int r = 0; r < rows && first + r < all.size(); r++) {
                    String p = all.get(first + r);
                    int n = p == null ? unreadTotal() : unread(p);
                    String count = n > 0 ? " " + n : "";
                    String name = p == null ? ALL : ScreenText.sanitize(p);
                    boolean here = first + r == at;
                    String mark = here ? ">" : " ";
                    String shown = ScreenText.fit(name, Math.max(1, cols - 1 - count.length()), look.ascii());
                    look.apply(g, here ? Role.KEY : n > 0 ? Role.GOOD : Role.TEXT);
                    g.putString(0, r, mark + shown);
                    if (n > 0) {
                        look.apply(g, Role.MARKER);
                        g.putString(Math.max(1, cols - count.length()), r, count);
                    }
                }
            }
        };
    }
}
