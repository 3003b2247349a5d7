package dev.pigeonhole.tui;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.gui2.TextBox;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;

/**
 * One input field (To:, Msg:, Find:): a single-line {@link TextBox} that handles its own editing keys, the
 * ones {@link KeyMap} lists for the editor (Ctrl-A/E/W/U/K, Alt-b/f, Home, End), and types every printable
 * key at the caret. Keys that mean something to the window never reach it: the window's listener takes them
 * first. An emoji arrives as two key strokes (a surrogate pair); the first waits for the second so the field
 * never holds half a character.
 */
final class LineEditor extends TextBox {
    private char pendingHigh;

    LineEditor(int columns) {
        super(new TerminalSize(columns, 1));
    }

    @Override
    public synchronized Result handleKeyStroke(KeyStroke key) {
        var binding = KeyMap.find(key, KeyMap.Mode.MSG);
        if (binding.isPresent() && binding.get().action() instanceof KeyMap.OnEditor edit) {
            edit.run().accept(this, key);
            return Result.HANDLED;
        }
        if (key.getKeyType() == KeyType.Character && !key.isCtrlDown() && !key.isAltDown()) {
            typed(key.getCharacter());
            return Result.HANDLED;
        }
        pendingHigh = 0;
        return switch (key.getKeyType()) {
            case ArrowLeft, ArrowRight, Backspace, Delete -> super.handleKeyStroke(key);
            default -> Result.UNHANDLED;
        };
    }

    private void typed(char c) {
        if (Character.isHighSurrogate(c)) {
            pendingHigh = c;
            return;
        }
        if (Character.isLowSurrogate(c)) {
            if (pendingHigh != 0) {
                insert(new String(new char[] {pendingHigh, c}));
            }
            pendingHigh = 0;
            return;
        }
        pendingHigh = 0;
        // Lanterna throws while drawing a control character (and bidi controls reorder the line): such a
        // key types a visible U+FFFD, which the compose check then reports.
        insert(ScreenText.sanitize(String.valueOf(c)));
    }

    /** Inserts {@code s} at the caret and puts the caret after it. */
    void insert(String s) {
        String text = getText();
        int caret = caret();
        setText(text.substring(0, caret) + s + text.substring(caret));
        setCaretPosition(caret + s.length());
    }

    /** Replaces the text and puts the caret at its end. */
    void replace(String text) {
        if (!text.equals(getText())) {
            setText(text);
        }
        setCaretPosition(text.length());
    }

    /** The caret as an index into the text. */
    int caret() {
        return Math.min(getCaretPosition().getColumn(), getText().length());
    }

    void home() {
        setCaretPosition(0);
    }

    void end() {
        setCaretPosition(getText().length());
    }

    void deleteWordBack() {
        String text = getText();
        int c = caret();
        int from = wordStartBefore(text, c);
        setText(text.substring(0, from) + text.substring(c));
        setCaretPosition(from);
    }

    void deleteToStart() {
        setText(getText().substring(caret()));
        setCaretPosition(0);
    }

    void deleteToEnd() {
        int c = caret();
        setText(getText().substring(0, c));
        setCaretPosition(c);
    }

    void wordBack() {
        setCaretPosition(wordStartBefore(getText(), caret()));
    }

    void wordForward() {
        String text = getText();
        int i = caret();
        while (i < text.length() && text.charAt(i) == ' ') {
            i++;
        }
        while (i < text.length() && text.charAt(i) != ' ') {
            i++;
        }
        setCaretPosition(i);
    }

    /** Where the word before {@code caret} starts (skipping spaces first), as Ctrl-W and Alt-b see it. */
    static int wordStartBefore(String text, int caret) {
        int i = caret;
        while (i > 0 && text.charAt(i - 1) == ' ') {
            i--;
        }
        while (i > 0 && text.charAt(i - 1) != ' ') {
            i--;
        }
        return i;
    }
}
