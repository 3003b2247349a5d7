package dev.pigeonhole.tui;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import dev.pigeonhole.text.SafeText;
import dev.pigeonhole.tui.Look.Role;

/**
 * What the {@link PasteDetector} does to the window: pasted text goes into the focused field, its lines kept
 * as one message (a search gets them joined by spaces); it is never sent by its own line breaks. In To:, the
 * first line break ends the name and the rest goes to Msg:, as Enter does there: that is what a user who typed
 * {@code bob}, Enter and a message before the window was up meant, and a name cannot hold a line break anyway.
 */
final class PasteInto implements PasteDetector.Target {
    private final MessengerWindow window;
    /** Line breaks of the current burst that ended the name in To: rather than joining lines of a message. */
    private int namesEnded;

    PasteInto(MessengerWindow window) {
        this.window = window;
    }

    @Override
    public void pasted(String raw) {
        String normalized = raw.replace("\r\n", "\n").replace('\r', '\n');
        String trimmed = normalized.replaceAll("^\n+|\n+$", "");
        LineEditor box = window.field();
        int nameEnd = trimmed.indexOf('\n');
        if (box == window.recipientField() && nameEnd >= 0) {
            box.insert(SafeText.escape(trimmed.substring(0, nameEnd)).strip());
            enter(); // To: -> Msg:
            pasted(trimmed.substring(nameEnd + 1));
            return;
        }
        int breaks = (int) trimmed.chars().filter(c -> c == '\n').count();
        boolean lines = box == window.messageField();
        StringBuilder text = new StringBuilder();
        for (String line : trimmed.split("\n", -1)) {
            if (text.length() > 0) {
                text.append(lines ? "\n" : " ");
            }
            // Tabs as spaces (a field cannot draw them); anything a terminal would act on as a visible stand-in.
            text.append(SafeText.escape(line.replace("\t", "    ")));
        }
        box.insert(lines ? text.toString() : text.toString().strip());
        window.checked();
        if (breaks > 0) {
            joined(breaks);
        }
    }

    @Override
    public void joinLine() {
        LineEditor box = window.field();
        if (box == window.recipientField()) {
            namesEnded++;
            enter(); // To: -> Msg:; the characters that follow go there
        } else if (box == window.messageField()) {
            box.insert("\n");
        } else if (!box.getText().isEmpty() && !box.getText().endsWith(" ")) {
            box.insert(" ");
        }
    }

    @Override
    public void enter() {
        window.keys().act(new KeyStroke(KeyType.Enter));
    }

    @Override
    public void joined(int breaks) {
        int messageBreaks = breaks - namesEnded;
        namesEnded = 0;
        String what = messageBreaks == 0
                ? "The first line went to To:, the rest to Msg:."
                : "Pasted " + (messageBreaks + 1) + " lines as one message (" + window.compose.counter() + ").";
        window.status().feedback(what + " Check it, then Enter sends.", Role.WARN);
    }

    @Override
    public void note(String text, boolean problem) {
        window.status().feedback(text, problem ? Role.BAD : Role.DIM);
    }
}
