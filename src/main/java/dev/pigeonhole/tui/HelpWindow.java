package dev.pigeonhole.tui;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.gui2.BasicWindow;
import com.googlecode.lanterna.gui2.Label;
import com.googlecode.lanterna.gui2.Window;
import com.googlecode.lanterna.gui2.WindowListenerAdapter;
import com.googlecode.lanterna.input.KeyStroke;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The help overlay: every key the client knows, from the {@link KeyMap}, with the modes it works in. When
 * the terminal is too short for all of them, Up/Down and PgUp/PgDn scroll. Esc, Enter, F1 and Ctrl-G close
 * it; any other key closes it and then does what it does in the window (a letter types), so no key typed
 * right after the help is lost.
 */
final class HelpWindow extends BasicWindow {
    private static final int KEYS = 18;
    private static final int WHERE = 9;

    private final List<String> lines = new ArrayList<>();
    private final Label text = new Label("");
    private final int shown;
    private int top;

    /** @param size the terminal's size, so that the overlay fits in it (long descriptions wrap) */
    HelpWindow(Look look, TerminalSize size, Consumer<KeyStroke> afterClose) {
        super("Keys");
        setHints(List.of(Window.Hint.CENTERED, Window.Hint.MODAL));
        setTheme(look.theme());
        // Borders take 2 columns and Lanterna's margins 2 more; the description gets what is left.
        int room = Math.max(20, size.getColumns() - 6 - KEYS - 1 - WHERE - 1);
        for (String[] k : KeyMap.rows()) {
            List<String> does = ConversationView.wrap(k[2], room, room);
            for (int i = 0; i < does.size(); i++) {
                lines.add(
                        i == 0
                                ? String.format("%-" + KEYS + "s %-" + WHERE + "s %s", k[0], k[1], does.get(i))
                                : " ".repeat(KEYS + 1 + WHERE + 1) + does.get(i));
            }
        }
        int rows = size.getRows();
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
                        if (!closesOnly(key)) {
                            afterClose.accept(key);
                        }
                        return;
                    }
                }
                show();
            }
        });
    }

    /** The keys that only close the help: acting on them too would surprise (Enter would send). */
    private static boolean closesOnly(KeyStroke key) {
        return switch (key.getKeyType()) {
            case Escape, Enter, F1 -> true;
            case Character -> key.isCtrlDown() && key.getCharacter() == 'g';
            default -> false;
        };
    }

    private void show() {
        StringBuilder b = new StringBuilder();
        for (int i = top; i < top + shown && i < lines.size(); i++) {
            b.append(lines.get(i)).append('\n');
        }
        b.append('\n');
        b.append(shown < lines.size() ? "Up/Down scroll (" + (top + shown) + " of " + lines.size() + "). " : "");
        b.append("Esc closes; any other key closes and acts.");
        text.setText(b.toString());
    }
}
