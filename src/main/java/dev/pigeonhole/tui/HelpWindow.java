package dev.pigeonhole.tui;

import com.googlecode.lanterna.gui2.BasicWindow;
import com.googlecode.lanterna.gui2.Label;
import com.googlecode.lanterna.gui2.Window;
import com.googlecode.lanterna.gui2.WindowListenerAdapter;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/** The help overlay: every key the client knows. Any key closes it; Ctrl-C also quits, as everywhere. */
final class HelpWindow extends BasicWindow {
    /** Key, then what it does; the README's key table says the same. */
    static final String[][] KEYS = {
        {"Tab / Shift-Tab", "move between inbox, To: and Msg:"},
        {"Enter", "send (in To: go on to Msg:)"},
        {"Up / Down", "Msg: recall sent messages; inbox: scroll"},
        {"PgUp / PgDn", "scroll the inbox a page (from any pane)"},
        {"Home / End", "inbox: oldest / newest message"},
        {"Esc", "clear the field; inbox: back to newest"},
        {"Ctrl-R", "check for new messages now"},
        {"Ctrl-L", "redraw the screen"},
        {"F1, or ? in inbox", "this help"},
        {"q in inbox", "quit"},
        {"Ctrl-D", "quit (when the field is empty)"},
        {"Ctrl-C", "quit"},
        {"Paste", "line breaks become spaces; Enter sends"},
    };

    HelpWindow(Look look, Runnable quit) {
        super("Keys");
        setHints(List.of(Window.Hint.CENTERED, Window.Hint.MODAL));
        setTheme(look.theme());
        StringBuilder b = new StringBuilder();
        for (String[] k : KEYS) {
            b.append(String.format("%-18s %s%n", k[0], k[1]));
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
