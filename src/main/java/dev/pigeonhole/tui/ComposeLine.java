package dev.pigeonhole.tui;

import com.googlecode.lanterna.gui2.BasicWindow;
import dev.pigeonhole.compose.Compose;
import dev.pigeonhole.tui.Look.Role;
import java.util.function.BooleanSupplier;

/**
 * The input line's two fields bound to the {@link Compose} model: edits go into the model as they are typed,
 * and what a model call changed (the fields, the focus, a note) comes back to the fields and the status pane.
 * The model decides; this only copies both ways. GUI thread only.
 */
final class ComposeLine {
    final LineEditor to = new LineEditor(14);
    final LineEditor message = new LineEditor(20, true);

    private final Compose compose;
    private final StatusView status;
    private final BasicWindow window;
    /** Whether the focus may follow the model now (not while the layout is too small or search is open). */
    private final BooleanSupplier mayFocus;
    /** Whether a paste is being collected: no check until it is in. */
    private final BooleanSupplier pasting;
    /** True while the fields are being set from the model, so their change listeners do not echo it back. */
    private boolean syncing;

    ComposeLine(
            Compose compose, StatusView status, BasicWindow window, BooleanSupplier mayFocus, BooleanSupplier pasting) {
        this.compose = compose;
        this.status = status;
        this.window = window;
        this.mayFocus = mayFocus;
        this.pasting = pasting;
        to.setTextChangeListener((text, byUser) -> {
            if (!syncing) {
                show(compose.typedTo(text));
                checked();
            }
        });
        message.setTextChangeListener((text, byUser) -> {
            if (!syncing) {
                compose.typedText(text);
                checked();
            }
        });
    }

    /** Shows what a model call changed: the fields, the focus, the note. */
    void show(Compose.Change c) {
        if (c.fields()) {
            syncing = true;
            try {
                to.replace(compose.to());
                message.replace(compose.text());
            } finally {
                syncing = false;
            }
        }
        if (c.focus() != null && mayFocus.getAsBoolean()) {
            window.setFocusedInteractable(c.focus() == Compose.Field.TO ? to : message);
        }
        if (c.note() != null) {
            note(c.note());
        }
    }

    /** The compose check after an edit; nothing to say (empty fields) leaves the status row as it is. */
    void checked() {
        if (!pasting.getAsBoolean()) {
            Compose.Note n = compose.check();
            if (n != null) {
                note(n);
            }
        }
    }

    private void note(Compose.Note n) {
        status.feedback(
                n.text(),
                switch (n.tone()) {
                    case PLAIN -> Role.DIM;
                    case GOOD -> Role.GOOD;
                    case WARN -> Role.WARN;
                    case BAD -> Role.BAD;
                });
    }
}
