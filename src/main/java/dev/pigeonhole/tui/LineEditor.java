package dev.pigeonhole.tui;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.gui2.TextBox;
import com.googlecode.lanterna.gui2.TextGUIGraphics;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import dev.pigeonhole.text.SafeText;

/**
 * One input field (To:, Msg:, Find:): a {@link TextBox} that handles its own editing keys, the ones
 * {@link KeyMap} lists for the editor (Ctrl-A/E/W/U/K, Alt-b/f, Home, End, and in Msg: Alt-Enter/Ctrl-J
 * for a line break), and types every printable key at the caret. Keys that mean something to the window
 * never reach it: the window's listener takes them first. Msg: is multi-line and grows up to
 * {@link #MAX_ROWS} rows with its text; the others are one line. An emoji arrives as two key strokes (a
 * surrogate pair); the first waits for the second so the field never holds half a character, and the caret
 * keys, Backspace and Delete step over a pair as one character. The field keeps the emoji itself and draws
 * it as a wide stand-in ({@link StandInGraphics}), which the terminal can show.
 */
final class LineEditor extends TextBox {
    /** The most rows Msg: takes on screen; longer text scrolls inside it. */
    static final int MAX_ROWS = 5;

    private final int columns;
    private final boolean multiLine;
    private char pendingHigh;

    LineEditor(int columns) {
        this(columns, false);
    }

    LineEditor(int columns, boolean multiLine) {
        super(new TerminalSize(columns, 1), multiLine ? Style.MULTI_LINE : Style.SINGLE_LINE);
        this.columns = columns;
        this.multiLine = multiLine;
        setRenderer(new DefaultTextBoxRenderer() {
            @Override
            public void drawComponent(TextGUIGraphics graphics, TextBox component) {
                super.drawComponent(StandInGraphics.of(graphics), component);
            }
        });
    }

    @Override
    public synchronized TextBox setText(String text) {
        super.setText(text);
        // TextBox splits with String.split, which drops trailing empty lines: a line break typed at the end
        // would vanish.
        long lines = multiLine ? text.chars().filter(c -> c == '\n').count() + 1 : 1;
        while (getLineCount() < lines) {
            addLine("");
        }
        fitRows();
        return this;
    }

    /** Msg: takes as many rows as its text has lines, up to {@link #MAX_ROWS}. */
    private void fitRows() {
        if (multiLine) {
            int rows = Math.max(1, Math.min(MAX_ROWS, getLineCount()));
            if (getPreferredSize().getRows() != rows) {
                setPreferredSize(new TerminalSize(columns, rows));
            }
        }
    }

    /** Up (or Down) inside a multi-line text: moves a line and returns true; false on the first (last) line. */
    boolean lineUpDown(boolean up) {
        int row = getCaretPosition().getRow();
        if (!multiLine || (up ? row == 0 : row >= getLineCount() - 1)) {
            return false;
        }
        super.handleKeyStroke(new KeyStroke(up ? KeyType.ArrowUp : KeyType.ArrowDown));
        return true;
    }

    /** A line break at the caret (Msg: only: a name or a search is one line). */
    void lineBreak() {
        if (multiLine) {
            insert("\n");
        }
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
        if (overPair(key.getKeyType())) {
            return Result.HANDLED;
        }
        return switch (key.getKeyType()) {
            case ArrowLeft, ArrowRight, Backspace, Delete -> {
                Result r = super.handleKeyStroke(key);
                fitRows(); // Backspace at the start of a line joins two
                yield r;
            }
            default -> Result.UNHANDLED;
        };
    }

    /**
     * Left, Right, Backspace or Delete next to a surrogate pair (on the side the key goes): moves over or
     * deletes the whole pair and returns true. TextBox alone would take one half, and leave the other.
     */
    private boolean overPair(KeyType type) {
        if (type != KeyType.ArrowLeft
                && type != KeyType.ArrowRight
                && type != KeyType.Backspace
                && type != KeyType.Delete) {
            return false; // not a key that moves or deletes one character
        }
        String text = getText();
        int c = caret();
        boolean pairBefore =
                c >= 2 && Character.isLowSurrogate(text.charAt(c - 1)) && Character.isHighSurrogate(text.charAt(c - 2));
        boolean pairAfter = c + 1 < text.length()
                && Character.isHighSurrogate(text.charAt(c))
                && Character.isLowSurrogate(text.charAt(c + 1));
        switch (type) {
            case ArrowLeft -> {
                if (pairBefore) {
                    caretTo(c - 2);
                }
                return pairBefore;
            }
            case ArrowRight -> {
                if (pairAfter) {
                    caretTo(c + 2);
                }
                return pairAfter;
            }
            case Backspace -> {
                if (pairBefore) {
                    setText(text.substring(0, c - 2) + text.substring(c));
                    caretTo(c - 2);
                }
                return pairBefore;
            }
            case Delete -> {
                if (pairAfter) {
                    setText(text.substring(0, c) + text.substring(c + 2));
                    caretTo(c);
                }
                return pairAfter;
            }
            default -> {
                return false;
            }
        }
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
        // Lanterna throws while drawing a control character, and bidi controls reorder the line: such a key
        // types its visible escape (SafeText), so the field shows, and sends, what is there.
        insert(SafeText.escape(String.valueOf(c)));
    }

    /** Inserts {@code s} at the caret and puts the caret after it. */
    void insert(String s) {
        String text = getText();
        int caret = caret();
        setText(text.substring(0, caret) + s + text.substring(caret));
        caretTo(caret + s.length());
    }

    /** Replaces the text and puts the caret at its end. */
    void replace(String text) {
        if (!text.equals(getText())) {
            setText(text);
        }
        caretTo(text.length());
    }

    /** The caret as an index into {@link #getText()} (lines joined by {@code \n}). */
    int caret() {
        int row = Math.min(getCaretPosition().getRow(), getLineCount() - 1);
        int index = 0;
        for (int r = 0; r < row; r++) {
            index += getLine(r).length() + 1;
        }
        return index + Math.min(getCaretPosition().getColumn(), getLine(row).length());
    }

    /** Puts the caret at {@code index} of {@link #getText()}. */
    void caretTo(int index) {
        int row = 0;
        int left = index;
        while (row < getLineCount() - 1 && left > getLine(row).length()) {
            left -= getLine(row).length() + 1;
            row++;
        }
        setCaretPosition(row, Math.min(left, getLine(row).length()));
    }

    void home() {
        caretTo(0);
    }

    void end() {
        caretTo(getText().length());
    }

    void deleteWordBack() {
        String text = getText();
        int c = caret();
        int from = wordStartBefore(text, c);
        setText(text.substring(0, from) + text.substring(c));
        caretTo(from);
    }

    void deleteToStart() {
        setText(getText().substring(caret()));
        caretTo(0);
    }

    void deleteToEnd() {
        int c = caret();
        setText(getText().substring(0, c));
        caretTo(c);
    }

    void wordBack() {
        caretTo(wordStartBefore(getText(), caret()));
    }

    void wordForward() {
        String text = getText();
        int i = caret();
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        while (i < text.length() && !Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        caretTo(i);
    }

    /** Where the word before {@code caret} starts (skipping spaces first), as Ctrl-W and Alt-b see it. */
    static int wordStartBefore(String text, int caret) {
        int i = caret;
        while (i > 0 && Character.isWhitespace(text.charAt(i - 1))) {
            i--;
        }
        while (i > 0 && !Character.isWhitespace(text.charAt(i - 1))) {
            i--;
        }
        return i;
    }
}
