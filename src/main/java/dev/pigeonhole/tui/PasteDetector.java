package dev.pigeonhole.tui;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import java.util.function.LongSupplier;

/**
 * Tells pasted text from typing, so that a paste's line breaks never act as Enter. With bracketed paste (the
 * terminal wraps a paste in markers, see {@link BracketedPaste}) that is exact. Without it (tmux
 * {@code paste-buffer} without {@code -p}, GNU screen: each LF arrives as CR), an Enter that comes in one
 * burst with text before it waits: if more text follows within {@link #QUIET_MS} (by the injected clock, so
 * a paste split across reads is still one paste) it was a line break of a paste; if nothing follows, it was
 * pressed. A typist's Enter arrives alone and acts at once.
 */
final class PasteDetector {
    /** Characters before an Enter, in one burst, that make it look pasted rather than typed. */
    static final int PASTE_RUN = 1;
    /** How long a held Enter waits for the rest of a paste before it counts as pressed. */
    static final long QUIET_MS = 40;

    /** What the detector does to the window. */
    interface Target {
        /** A whole paste, line breaks and all; the window joins and inserts it. */
        void pasted(String raw);

        /** Typed text joined a line break: insert a space before it. */
        void joinLine();

        /** An Enter the user pressed. */
        void enter();

        /** Lines of an unbracketed paste were joined into the field. */
        void joined(int breaks);

        /** Tells the user a paste was refused. */
        void note(String text, boolean problem);
    }

    private final Target target;
    private final int limit;
    private final LongSupplier millis;
    private long lastKeyAt;
    private StringBuilder pasted;
    private int burstChars;
    private boolean pendingEnter;
    private int joinedBreaks;

    PasteDetector(Target target, int maxMessage, LongSupplier millis) {
        this.target = target;
        this.limit = 4 * maxMessage + 4096;
        this.millis = millis;
    }

    /** True while an Enter waits to learn whether it was part of a paste. */
    boolean holdingEnter() {
        return pendingEnter;
    }

    /** True while a bracketed paste is being collected. */
    boolean collecting() {
        return pasted != null;
    }

    int joinedBreaks() {
        return joinedBreaks;
    }

    /**
     * Looks at {@code key} before the key map does. Returns true if the key was consumed here (part of a
     * paste, or an Enter whose meaning waits for the end of the burst).
     */
    boolean offer(KeyStroke key) {
        lastKeyAt = millis.getAsLong();
        if (key instanceof BracketedPaste.Boundary b) {
            if (b.isStart()) {
                pasted = new StringBuilder();
            } else if (pasted != null) {
                String raw = pasted.toString();
                pasted = null;
                target.pasted(raw);
            }
            return true;
        }
        if (pasted != null) {
            switch (key.getKeyType()) {
                case Character -> pasted.append(key.getCharacter());
                case Enter -> pasted.append('\n');
                case Tab -> pasted.append('\t');
                default -> {} // nothing else belongs in pasted text
            }
            if (pasted.length() > limit) {
                // A runaway paste (or a lost end marker): refuse it rather than grow without bound.
                pasted = null;
                target.note("Paste refused: longer than " + String.format("%,d", limit - 4096) + " characters.", true);
            }
            return true;
        }
        boolean text = key.getKeyType() == KeyType.Character && !key.isCtrlDown() && !key.isAltDown();
        if (pendingEnter) {
            if (key.getKeyType() == KeyType.Enter) {
                return true; // a blank line inside the burst: still waiting for text
            }
            pendingEnter = false;
            if (text) {
                target.joinLine();
                joinedBreaks++;
                burstChars++;
                return false; // the character itself is typed as usual
            }
            if (joinedBreaks == 0) {
                target.enter();
            }
        }
        if (text) {
            burstChars++;
            return false;
        }
        if (key.getKeyType() == KeyType.Enter && !key.isAltDown() && !key.isCtrlDown()) {
            if (burstChars >= PASTE_RUN || joinedBreaks > 0) {
                pendingEnter = true; // decided at the end of the burst, or by the text that follows
            } else {
                target.enter();
            }
            return true;
        }
        return false;
    }

    /** The end of a burst of input: a held Enter that nothing followed for {@link #QUIET_MS} was pressed. */
    void endOfInput() {
        if (pendingEnter && millis.getAsLong() - lastKeyAt < QUIET_MS) {
            return; // the rest of a paste may still be on its way
        }
        if (pendingEnter) {
            pendingEnter = false;
            if (joinedBreaks == 0) {
                target.enter();
            }
        }
        if (joinedBreaks > 0) {
            target.joined(joinedBreaks);
            joinedBreaks = 0;
        }
        burstChars = 0;
    }
}
