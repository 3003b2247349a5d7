package dev.pigeonhole.tui;

import dev.pigeonhole.tui.StatusView.KeyHint;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The hint row under the input line, generated from the {@link KeyMap} table: the rows with a hint for the
 * mode, in table order, so the row can never name a key the mode does not have.
 */
final class KeyHints {
    private KeyHints() {}

    /** Hints shown only while a message waits in the outbox: they lead the row then, in the narrow one too. */
    static final Set<String> OUTBOX_HINTS = Set.of("resend", "settle");

    /** The hint row in {@code mode}: the bindings there with a hint, in table order. */
    static List<KeyHint> of(KeyMap.Mode mode) {
        return of(mode, false);
    }

    /** The hint row in {@code mode}; with {@code outbox} (something waits there), its keys first. */
    static List<KeyHint> of(KeyMap.Mode mode, boolean outbox) {
        List<KeyHint> out = new ArrayList<>();
        List<KeyHint> outboxKeys = new ArrayList<>();
        for (KeyMap.Binding b : KeyMap.BINDINGS) {
            if (b.hint() != null && b.modes().contains(mode)) {
                (OUTBOX_HINTS.contains(b.hint()) ? outboxKeys : out).add(new KeyHint(shortKeys(b.keys()), b.hint()));
            }
        }
        if (outbox) {
            out.addAll(0, outboxKeys);
        }
        return out;
    }

    /** The hint row when the full one does not fit: the keys a newcomer needs first (and the outbox's). */
    static List<KeyHint> narrow(KeyMap.Mode mode, boolean outbox) {
        List<String> first =
                List.of("resend", "settle", "send", "to Msg:", "complete", "older match", "close", "help", "quit");
        return of(mode, outbox).stream().filter(h -> first.contains(h.action())).toList();
    }

    /** "Ctrl-N / Ctrl-P" as the hint row writes it: "^N/^P"; "F1 / Ctrl-G" as "F1". */
    static String shortKeys(String keys) {
        String first = keys.startsWith("F1") ? "F1" : keys;
        return first.replace("Ctrl-", "^").replace(" / ", "/");
    }
}
