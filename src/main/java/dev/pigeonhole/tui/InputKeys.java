package dev.pigeonhole.tui;

import com.googlecode.lanterna.gui2.Window;
import com.googlecode.lanterna.gui2.WindowListenerAdapter;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Where every key of the window goes first: the paste detector, then the {@link KeyMap} row for the mode the
 * focus is in. A window row runs its action and the key stops here; an editor row, a printable key or a
 * cursor key goes on to the focused {@link LineEditor}; any other key does nothing and says so.
 */
final class InputKeys extends WindowListenerAdapter {
    private final MessengerWindow window;
    private final KeyMap.Actions actions;
    private final PasteDetector paste;

    InputKeys(MessengerWindow window, KeyMap.Actions actions, PasteDetector paste) {
        this.window = window;
        this.actions = actions;
        this.paste = paste;
    }

    @Override
    public void onInput(Window w, KeyStroke key, AtomicBoolean deliver) {
        window.status().keyPressed(); // before the key's own feedback: it answers the user, who is there
        deliver.set(handle(key));
    }

    /** Runs what {@code key} does in the current mode, as if typed; used for an Enter a paste held back. */
    void act(KeyStroke key) {
        KeyMap.find(key, window.mode())
                .filter(b -> b.action() instanceof KeyMap.OnWindow)
                .ifPresent(b -> ((KeyMap.OnWindow) b.action()).run().accept(actions, key));
    }

    /** Returns whether the focused field should see the key. */
    private boolean handle(KeyStroke key) {
        if (paste.offer(key)) {
            return false;
        }
        var binding = KeyMap.find(key, window.mode());
        if (binding.isPresent()) {
            if (binding.get().action() instanceof KeyMap.OnWindow w) {
                w.run().accept(actions, key);
                return false;
            }
            return true; // the field's own editing key
        }
        if (key.getKeyType() == KeyType.Character && !key.isCtrlDown() && !key.isAltDown()) {
            return true; // printable keys only ever type
        }
        if (key.getKeyType() == KeyType.Character && key.isAltDown() && !key.isCtrlDown()) {
            // Esc and a key close together reach us as Alt+key: do both, never drop the letter.
            act(new KeyStroke(KeyType.Escape));
            window.field().handleKeyStroke(new KeyStroke(key.getCharacter(), false, false));
            return false;
        }
        return switch (key.getKeyType()) {
            // What the field does itself: moving and deleting.
            case ArrowLeft, ArrowRight, Backspace, Delete -> !key.isAltDown();
            default -> {
                actions.refuse(describe(key) + " does nothing here; F1 lists the keys.");
                yield false;
            }
        };
    }

    static String describe(KeyStroke key) {
        String mods = (key.isCtrlDown() ? "Ctrl-" : "") + (key.isAltDown() ? "Alt-" : "");
        return key.getKeyType() == KeyType.Character
                ? mods + Character.toUpperCase(key.getCharacter())
                : mods + key.getKeyType();
    }
}
