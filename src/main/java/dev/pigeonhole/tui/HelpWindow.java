package dev.pigeonhole.tui;

import com.googlecode.lanterna.gui2.BasicWindow;
import com.googlecode.lanterna.gui2.Label;
import com.googlecode.lanterna.gui2.Window;
import com.googlecode.lanterna.gui2.WindowListenerAdapter;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/** The help overlay: every key the client knows, from the {@link KeyMap}. Any key closes it; Ctrl-C also quits, as everywhere. */
final class HelpWindow extends BasicWindow {
    HelpWindow(Look look, Runnable quit) {
        super("Keys");
        setHints(List.of(Window.Hint.CENTERED, Window.Hint.MODAL));
        setTheme(look.theme());
        StringBuilder b = new StringBuilder();
        for (String[] k : KeyMap.rows()) {
            b.append(String.format("%-20s %s%n", k[0], k[1]));
        }
        b.append("\nAny key closes this help.");
        setComponent(new Label(b.toString()));
        addWindowListener(new WindowListenerAdapter() {
            @Override
            public void onInput(Window window, KeyStroke key, AtomicBoolean deliver) {
                deliver.set(false);
                close();
                if (key.getKeyType() == KeyType.Character && key.isCtrlDown() && key.getCharacter() == 'c') {
                    quit.run();
                }
            }
        });
    }
}
