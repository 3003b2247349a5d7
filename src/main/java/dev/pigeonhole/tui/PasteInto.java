package dev.pigeonhole.tui;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import dev.pigeonhole.tui.Look.Role;

/** What the {@link PasteDetector} does to the window: pasted text goes into the focused field, never sent by itself. */
final class PasteInto implements PasteDetector.Target {
    private final MessengerWindow window;

    PasteInto(MessengerWindow window) {
        this.window = window;
    }

    @Override
    public void pasted(String raw) {
        // Line breaks end protocol lines, so a paste can never be sent as it is: join its lines.
        String normalized = raw.replace("\r\n", "\n").replace('\r', '\n');
        String trimmed = normalized.strip();
        int breaks = (int) trimmed.chars().filter(c -> c == '\n').count();
        String joined = trimmed.replaceAll("[ \t]*\n[ \t\n]*", " ").replace('\t', ' ');
        window.field().insert(ScreenText.sanitize(joined));
        window.checked();
        if (breaks > 0) {
            joined(breaks);
        }
    }

    @Override
    public void joinLine() {
        LineEditor box = window.field();
        if (!box.getText().isEmpty() && !box.getText().endsWith(" ")) {
            box.insert(" ");
        }
    }

    @Override
    public void enter() {
        window.keys().act(new KeyStroke(KeyType.Enter));
    }

    @Override
    public void joined(int breaks) {
        window.status()
                .feedback(
                        "Pasted " + (breaks + 1) + " lines, joined with spaces into one message ("
                                + window.compose.counter() + "). Check it, then Enter sends.",
                        Role.WARN);
    }

    @Override
    public void note(String text, boolean problem) {
        window.status().feedback(text, problem ? Role.BAD : Role.DIM);
    }
}
