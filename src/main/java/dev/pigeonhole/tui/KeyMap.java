package dev.pigeonhole.tui;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Every key the terminal client knows, in one table, per mode: the window dispatches keys from it, the line
 * editor takes its editing keys from it, the hint row ({@link KeyHints}) and the F1 help are generated from
 * it, and a test holds README.md's key table to it, so none of them can disagree. A key may do different things in different
 * modes (Enter sends in Msg:, moves on in To:, finds in search): each mode has its own row, decided here and
 * never inside an action. No printable key is bound: letters always type.
 */
final class KeyMap {
    /** Where the focus is. */
    enum Mode {
        TO("To:"),
        MSG("Msg:"),
        FIND("search");

        final String label;

        Mode(String label) {
            this.label = label;
        }
    }

    static final Set<Mode> COMPOSE = EnumSet.of(Mode.TO, Mode.MSG);
    static final Set<Mode> EVERYWHERE = EnumSet.allOf(Mode.class);

    /** What the window does for its keys; the line editor's keys are {@link LineEditor}'s own. */
    interface Actions {
        // compose
        void send();

        void toMessage();

        void complete();

        void otherField();

        void recall(boolean older);

        void replyToLatest();

        /** Ctrl-O: the oldest unconfirmed or undelivered message in the view goes back in line to be sent. */
        void resend();

        /** Ctrl-X: unconfirmed: record it as sent; undelivered or pending: take it back into Msg:. */
        void settle();

        // the conversation
        void scroll(int pages);

        void oldest();

        void newest();

        void conversation(int step);

        // search
        void find();

        void findNext(boolean older);

        void closeFind();

        // the application
        void checkNow();

        void redraw();

        void help();

        void suspend();

        void quit(boolean onlyIfEmpty);

        /** A key that does nothing in this mode: say why, once. */
        void refuse(String why);
    }

    /** What a binding does: something to the window, or an edit of the focused field. */
    sealed interface Action permits OnWindow, OnEditor {}

    record OnWindow(BiConsumer<Actions, KeyStroke> run) implements Action {}

    record OnEditor(BiConsumer<LineEditor, KeyStroke> run) implements Action {}

    /**
     * One row of the table.
     *
     * @param keys  the keys as the help and README write them
     * @param modes where the row applies
     * @param does  what the keys do there, as the help and README write it
     * @param hint  the short label for the hint row, or null to leave it out of the row
     */
    record Binding(
            String keys, Set<Mode> modes, String does, String hint, Predicate<KeyStroke> matches, Action action) {
        Binding {
            modes = Set.copyOf(modes);
        }

        /** Where the row applies, in words: "To:", "Msg:", "To:, Msg:", "search" or "anywhere". */
        String where() {
            if (modes.containsAll(EVERYWHERE)) {
                return "anywhere";
            }
            return EVERYWHERE.stream().filter(modes::contains).map(m -> m.label).collect(Collectors.joining(", "));
        }
    }

    static final List<Binding> BINDINGS = List.of(
            window("Enter", Set.of(Mode.MSG), "send", "send", type(KeyType.Enter), (a, k) -> a.send()),
            window("Enter", Set.of(Mode.TO), "go on to Msg:", "to Msg:", type(KeyType.Enter), (a, k) -> a.toMessage()),
            window(
                    "Enter",
                    Set.of(Mode.FIND),
                    "next older match",
                    "older match",
                    type(KeyType.Enter),
                    (a, k) -> a.findNext(true)),
            window(
                    "Tab",
                    Set.of(Mode.TO),
                    "complete the name (again: the next match); a complete name goes on to Msg:",
                    "complete",
                    type(KeyType.Tab),
                    (a, k) -> a.complete()),
            window(
                    "Tab",
                    Set.of(Mode.MSG),
                    "nothing (Shift-Tab goes back to To:)",
                    null,
                    type(KeyType.Tab),
                    (a, k) -> a.refuse("Tab does nothing in Msg:; Shift-Tab goes back to To:.")),
            window("Shift-Tab", COMPOSE, "the other field", null, type(KeyType.ReverseTab), (a, k) -> a.otherField()),
            editor("Ctrl-A / Home", "start of the field", ctrl('a').or(type(KeyType.Home)), (e, k) -> e.home()),
            editor("Ctrl-E / End", "end of the field", ctrl('e').or(type(KeyType.End)), (e, k) -> e.end()),
            editor("Ctrl-W", "delete the word before the cursor", ctrl('w'), (e, k) -> e.deleteWordBack()),
            editor("Ctrl-U", "delete to the start of the field", ctrl('u'), (e, k) -> e.deleteToStart()),
            editor("Ctrl-K", "delete to the end of the field", ctrl('k'), (e, k) -> e.deleteToEnd()),
            editor(
                    "Alt-b / Ctrl-Left",
                    "one word left",
                    alt('b').or(ctrlType(KeyType.ArrowLeft)),
                    (e, k) -> e.wordBack()),
            editor(
                    "Alt-f / Ctrl-Right",
                    "one word right",
                    alt('f').or(ctrlType(KeyType.ArrowRight)),
                    (e, k) -> e.wordForward()),
            new Binding(
                    "Alt-Enter / Ctrl-J",
                    Set.of(Mode.MSG),
                    "a line break in the message",
                    null,
                    k -> (k.getKeyType() == KeyType.Enter && k.isAltDown())
                            || (k.getKeyType() == KeyType.Character
                                    && k.isCtrlDown()
                                    && Character.toLowerCase(k.getCharacter()) == 'j'),
                    new OnEditor((e, k) -> e.lineBreak())),
            window(
                    "Up / Down",
                    Set.of(Mode.MSG),
                    "recall sent messages (and back to what you were typing); in a longer text, first the lines",
                    null,
                    type(KeyType.ArrowUp).or(type(KeyType.ArrowDown)),
                    (a, k) -> a.recall(k.getKeyType() == KeyType.ArrowUp)),
            window(
                    "Up / Down",
                    Set.of(Mode.TO),
                    "nothing (in Msg: they recall sent messages)",
                    null,
                    type(KeyType.ArrowUp).or(type(KeyType.ArrowDown)),
                    (a, k) -> a.refuse("Up and Down recall sent messages in Msg:; in To: they do nothing.")),
            window(
                    "Up / Down",
                    Set.of(Mode.FIND),
                    "older / newer match",
                    "older/newer",
                    type(KeyType.ArrowUp).or(type(KeyType.ArrowDown)),
                    (a, k) -> a.findNext(k.getKeyType() == KeyType.ArrowUp)),
            window(
                    "PgUp / PgDn",
                    EVERYWHERE,
                    "scroll the conversation a page",
                    "scroll",
                    type(KeyType.PageUp).or(type(KeyType.PageDown)),
                    (a, k) -> a.scroll(k.getKeyType() == KeyType.PageUp ? -1 : 1)),
            window(
                    "Ctrl-Home / Alt-<",
                    EVERYWHERE,
                    "oldest message (older pages load as you go)",
                    null,
                    ctrlType(KeyType.Home).or(alt('<')),
                    (a, k) -> a.oldest()),
            window(
                    "Esc / Ctrl-End",
                    COMPOSE,
                    "newest message",
                    null,
                    type(KeyType.Escape).or(ctrlType(KeyType.End)),
                    (a, k) -> a.newest()),
            window(
                    "Esc",
                    Set.of(Mode.FIND),
                    "close the search",
                    "close",
                    type(KeyType.Escape),
                    (a, k) -> a.closeFind()),
            window(
                    "Ctrl-N / Ctrl-P",
                    COMPOSE,
                    "next / previous conversation (All, then people)",
                    "people",
                    ctrl('n').or(ctrl('p')),
                    (a, k) -> a.conversation(Character.toLowerCase(k.getCharacter()) == 'n' ? 1 : -1)),
            window(
                    "Ctrl-T",
                    COMPOSE,
                    "reply: To: becomes whoever wrote last in this view",
                    "reply",
                    ctrl('t'),
                    (a, k) -> a.replyToLatest()),
            window(
                    "Ctrl-O",
                    COMPOSE,
                    "send again the oldest unconfirmed or undelivered message shown under the conversation",
                    "resend",
                    ctrl('o'),
                    (a, k) -> a.resend()),
            window(
                    "Ctrl-X",
                    COMPOSE,
                    "that message arrived after all: record it as sent; an undelivered or pending one: take it"
                            + " back into Msg:",
                    "settle",
                    ctrl('x'),
                    (a, k) -> a.settle()),
            window("Ctrl-F", COMPOSE, "search this conversation", "find", ctrl('f'), (a, k) -> a.find()),
            window("Ctrl-F", Set.of(Mode.FIND), "next older match", null, ctrl('f'), (a, k) -> a.findNext(true)),
            window(
                    "Ctrl-R",
                    EVERYWHERE,
                    "check for new messages now; offline: retry now",
                    "check now",
                    ctrl('r'),
                    (a, k) -> a.checkNow()),
            window("Ctrl-L", EVERYWHERE, "redraw the screen", null, ctrl('l'), (a, k) -> a.redraw()),
            window(
                    "F1 / Ctrl-G",
                    EVERYWHERE,
                    "this help",
                    "help",
                    type(KeyType.F1).or(ctrl('g')),
                    (a, k) -> a.help()),
            window(
                    "Ctrl-Z",
                    EVERYWHERE,
                    "suspend to the shell (fg comes back)",
                    null,
                    ctrl('z'),
                    (a, k) -> a.suspend()),
            window(
                    "Ctrl-D",
                    COMPOSE,
                    "quit when the field is empty (else says so)",
                    null,
                    ctrl('d'),
                    (a, k) -> a.quit(true)),
            window(
                    "Ctrl-C",
                    EVERYWHERE,
                    "quit; drafts are kept for next time",
                    "quit",
                    ctrl('c'),
                    (a, k) -> a.quit(false)));

    /** Rows of the help and the README table that are not rows of the map: what the field does itself. */
    static final List<String[]> NOTES = List.of(
            new String[] {"Left / Right", "anywhere", "move in the field; Backspace / Del delete"},
            new String[] {"Paste", "To:, Msg:", "goes into the field, line breaks and all; only Enter sends"});

    private KeyMap() {}

    /** The binding for {@code key} in {@code mode}, if any. */
    static Optional<Binding> find(KeyStroke key, Mode mode) {
        for (Binding b : BINDINGS) {
            if (b.modes().contains(mode) && b.matches().test(key)) {
                return Optional.of(b);
            }
        }
        return Optional.empty();
    }

    /** Key, where and what rows for the help window and the README, in table order. */
    static List<String[]> rows() {
        List<String[]> out = new ArrayList<>();
        for (Binding b : BINDINGS) {
            out.add(new String[] {b.keys(), b.where(), b.does()});
        }
        out.addAll(NOTES);
        return out;
    }

    private static Binding window(
            String keys,
            Set<Mode> modes,
            String does,
            String hint,
            Predicate<KeyStroke> matches,
            BiConsumer<Actions, KeyStroke> run) {
        return new Binding(keys, modes, does, hint, matches, new OnWindow(run));
    }

    private static Binding editor(
            String keys, String does, Predicate<KeyStroke> matches, BiConsumer<LineEditor, KeyStroke> run) {
        return new Binding(keys, EVERYWHERE, does, null, matches, new OnEditor(run));
    }

    private static Predicate<KeyStroke> type(KeyType t) {
        return k -> k.getKeyType() == t && !k.isCtrlDown() && !k.isAltDown();
    }

    private static Predicate<KeyStroke> ctrlType(KeyType t) {
        return k -> k.getKeyType() == t && k.isCtrlDown();
    }

    private static Predicate<KeyStroke> ctrl(char c) {
        return k -> k.getKeyType() == KeyType.Character
                && k.isCtrlDown()
                && !k.isAltDown()
                && Character.toLowerCase(k.getCharacter()) == c;
    }

    private static Predicate<KeyStroke> alt(char c) {
        return k -> k.getKeyType() == KeyType.Character && k.isAltDown() && !k.isCtrlDown() && k.getCharacter() == c;
    }
}
