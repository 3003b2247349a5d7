package dev.pigeonhole.tui;

import com.googlecode.lanterna.gui2.BasicWindow;
import com.googlecode.lanterna.gui2.Label;
import com.googlecode.lanterna.gui2.Window;
import com.googlecode.lanterna.gui2.WindowListenerAdapter;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The help overlay: every key the client knows, from the {@link KeyMap}. When the terminal is too short for
 * all of them, Up/Down and PgUp/PgDn scroll; any other key closes it, and Ctrl-C also quits, as everywhere.
 */
final class HelpWindow extends BasicWindow {
    private final List<String> lines = new ArrayList<>();
    private final Label text = new Label("");
    private final int shown;
    private int top;

    /** @param rows the terminal's height, so that the overlay fits in it */
    HelpWindow(Look look, int rows, Runnable quit) {
        super("Keys");
        setHints(List.of(Window.Hint.CENTERED, Window.Hint.MODAL));
        setTheme(look.theme());
        for (String[] k : KeyMap.rows()) {
            lines.add(String.format("%-20s %s", k[0], k[1]));
        }
        // Borders take 2 rows, the closing note 2 more; keep at least 3 keys in view.
        shown = Math.max(3, Math.min(lines.size(), rows - 4));
        show();
        setComponent(text);
        addWindowListener(new WindowListenerAdapter() {
            @Override
            public void onInput(Window window, KeyStroke key, AtomicBoolean deliver) {
                deliver.set(false);
                int max = lines.size() - shown;
                switch (key.getKeyType()) {
                    case ArrowUp -> top = Math.max(0, top - 1);
                    case ArrowDown -> top = Math.min(max, top + 1);
                    case PageUp -> top = Math.max(0, top - shown);
                    case PageDown -> top = Math.min(max, top + shown);
                    default -> {
                        close();
                        if (key.getKeyType() == KeyType.Character && key.isCtrlDown() && key.getCharacter() == 'c') {
                            quit.run();
                        }
                        return;
                    }
                }
                show();
            }
        });
    }

    private void show() {
        StringBuilder b = new StringBuilder();
        for (int i = top; i < top + shown && i < lines.size(); i++) {
            b.append(lines.get(i)).append('\n');
        }
        b.append('\n');
        b.append(shown < lines.size() ? "Up/Down scroll (" + (top + shown) + " of " + lines.size() + "); " : "");
        b.append("any other key closes this help.");
        text.setText(b.toString());
    }
}
