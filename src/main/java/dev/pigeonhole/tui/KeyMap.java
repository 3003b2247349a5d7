package dev.pigeonhole.tui;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import dev.pigeonhole.tui.StatusView.KeyHint;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Predicate;

/**
 * Every key the terminal client knows, in one table: the window dispatches keys from it, the hint row and
 * the F1 help are generated from it, and a test holds README.md's key table to it, so the four can never
 * disagree. No printable key is bound: letters always type into the input line.
 */
final class KeyMap {
    /** Where a binding works: in the input line (To: or Msg:), only in one field, or while searching. */
    enum Where {
        COMPOSE,
        TO,
        MSG,
        FIND,
        ANYWHERE
    }

    /** What the keys do; the window implements it. */
    interface Actions {
        void send();

        void tab(boolean back);

        void lineStart();

        void lineEnd();

        void deleteWordBack();

        void deleteToStart();

        void deleteToEnd();

        void wordBack();

        void wordForward();

        void recall(boolean older);

        void scroll(int pages);

        void oldest();

        void newest();

        void conversation(int step);

        void replyToLatest();

        void find();

        void findNext(boolean older);

        void closeFind();

        void checkNow();

        void redraw();

        void help();

        void quit(boolean onlyIfEmpty);
    }

    /**
     * One row of the table.
     *
     * @param keys  the keys as the help and README write them
     * @param does  what they do, as the help and README write it
     * @param where where they work
     * @param hint  the short label for the hint row, or null to leave it out of the row
     */
    record Binding(
            String keys,
            String does,
            Where where,
            String hint,
            Predicate<KeyStroke> matches,
            BiConsumer<Actions, KeyStroke> action) {}

    static final List<Binding> BINDINGS = List.of(
            new Binding(
                    "Enter",
                    "send (in To: go on to Msg:); in search: next older match",
                    Where.ANYWHERE,
                    "send",
                    type(KeyType.Enter),
                    (a, k) -> a.send()),
            new Binding(
                    "Tab",
                    "To: complete the name, else go to Msg:; Msg: go to To:",
                    Where.COMPOSE,
                    "complete",
                    type(KeyType.Tab),
                    (a, k) -> a.tab(false)),
            new Binding(
                    "Shift-Tab",
                    "the other field",
                    Where.COMPOSE,
                    null,
                    type(KeyType.ReverseTab),
                    (a, k) -> a.tab(true)),
            new Binding(
                    "Ctrl-A / Home",
                    "start of the field",
                    Where.ANYWHERE,
                    null,
                    ctrl('a').or(type(KeyType.Home)),
                    (a, k) -> a.lineStart()),
            new Binding(
                    "Ctrl-E / End",
                    "end of the field",
                    Where.ANYWHERE,
                    null,
                    ctrl('e').or(type(KeyType.End)),
                    (a, k) -> a.lineEnd()),
            new Binding(
                    "Ctrl-W",
                    "delete the word before the cursor",
                    Where.ANYWHERE,
                    null,
                    ctrl('w'),
                    (a, k) -> a.deleteWordBack()),
            new Binding(
                    "Ctrl-U",
                    "delete to the start of the field",
                    Where.ANYWHERE,
                    null,
                    ctrl('u'),
                    (a, k) -> a.deleteToStart()),
            new Binding(
                    "Ctrl-K",
                    "delete to the end of the field",
                    Where.ANYWHERE,
                    null,
                    ctrl('k'),
                    (a, k) -> a.deleteToEnd()),
            new Binding(
                    "Alt-b / Ctrl-Left",
                    "one word left",
                    Where.ANYWHERE,
                    null,
                    alt('b').or(ctrlType(KeyType.ArrowLeft)),
                    (a, k) -> a.wordBack()),
            new Binding(
                    "Alt-f / Ctrl-Right",
                    "one word right",
                    Where.ANYWHERE,
                    null,
                    alt('f').or(ctrlType(KeyType.ArrowRight)),
                    (a, k) -> a.wordForward()),
            new Binding(
                    "Up / Down",
                    "Msg: recall sent messages; in search: older / newer match",
                    Where.ANYWHERE,
                    null,
                    type(KeyType.ArrowUp).or(type(KeyType.ArrowDown)),
                    (a, k) -> a.recall(k.getKeyType() == KeyType.ArrowUp)),
            new Binding(
                    "PgUp / PgDn",
                    "scroll the conversation a page",
                    Where.ANYWHERE,
                    "scroll",
                    type(KeyType.PageUp).or(type(KeyType.PageDown)),
                    (a, k) -> a.scroll(k.getKeyType() == KeyType.PageUp ? -1 : 1)),
            new Binding(
                    "Ctrl-Home / Alt-<",
                    "oldest message (older pages load as you go)",
                    Where.ANYWHERE,
                    null,
                    ctrlType(KeyType.Home).or(alt('<')),
                    (a, k) -> a.oldest()),
            new Binding(
                    "Esc / Ctrl-End",
                    "newest message; in search: close it",
                    Where.ANYWHERE,
                    null,
                    type(KeyType.Escape).or(ctrlType(KeyType.End)),
                    (a, k) -> a.newest()),
            new Binding(
                    "Ctrl-N / Ctrl-P",
                    "next / previous conversation (All, then people)",
                    Where.ANYWHERE,
                    "people",
                    ctrl('n').or(ctrl('p')),
                    (a, k) -> a.conversation(Character.toLowerCase(k.getCharacter()) == 'n' ? 1 : -1)),
            new Binding(
                    "Ctrl-T",
                    "reply: To: becomes whoever wrote last in this view",
                    Where.ANYWHERE,
                    "reply",
                    ctrl('t'),
                    (a, k) -> a.replyToLatest()),
            new Binding(
                    "Ctrl-F",
                    "search this conversation; again: next older match",
                    Where.ANYWHERE,
                    "find",
                    ctrl('f'),
                    (a, k) -> a.find()),
            new Binding(
                    "Ctrl-R",
                    "check for new messages now; offline: retry now",
                    Where.ANYWHERE,
                    "check now",
                    ctrl('r'),
                    (a, k) -> a.checkNow()),
            new Binding("Ctrl-L", "redraw the screen", Where.ANYWHERE, null, ctrl('l'), (a, k) -> a.redraw()),
            new Binding(
                    "F1 / Ctrl-G",
                    "this help",
                    Where.ANYWHERE,
                    "help",
                    type(KeyType.F1).or(ctrl('g')),
                    (a, k) -> a.help()),
            new Binding(
                    "Ctrl-D", "quit when the field is empty", Where.ANYWHERE, null, ctrl('d'), (a, k) -> a.quit(true)),
            new Binding(
                    "Ctrl-C",
                    "quit; drafts are kept for next time",
                    Where.ANYWHERE,
                    "quit",
                    ctrl('c'),
                    (a, k) -> a.quit(false)));

    /** Rows of the help and the README table that are not keys of the map. */
    static final List<String[]> NOTES = List.of(
            new String[] {"Left / Right", "move in the field; Backspace / Del delete"},
            new String[] {"Paste", "line breaks become spaces; Enter sends"});

    private KeyMap() {}

    /** The binding for {@code key} where the focus is, if any. */
    static Optional<Binding> find(KeyStroke key, Where focus) {
        for (Binding b : BINDINGS) {
            if (b.matches().test(key) && applies(b.where(), focus)) {
                return Optional.of(b);
            }
        }
        return Optional.empty();
    }

    private static boolean applies(Where binding, Where focus) {
        return binding == Where.ANYWHERE
                || binding == focus
                || (binding == Where.COMPOSE && (focus == Where.TO || focus == Where.MSG));
    }

    /** The hint row where the focus is: the bindings with a hint, in table order. */
    static List<KeyHint> hints(Where focus) {
        if (focus == Where.FIND) {
            return List.of(
                    new KeyHint("Enter/Up", "older match"), new KeyHint("Down", "newer"), new KeyHint("Esc", "close"));
        }
        List<KeyHint> out = new ArrayList<>();
        for (Binding b : BINDINGS) {
            if (b.hint() != null && applies(b.where(), focus)) {
                out.add(new KeyHint(shortKeys(b.keys()), b.hint()));
            }
        }
        return out;
    }

    /** The hint row when the full one does not fit. */
    static List<KeyHint> narrowHints(Where focus) {
        return hints(focus).stream()
                .filter(h -> List.of("send", "people", "help", "quit").contains(h.action()) || focus == Where.FIND)
                .toList();
    }

    /** "Ctrl-N / Ctrl-P" as the hint row writes it: "^N/^P"; "F1 / Ctrl-G" as "F1". */
    static String shortKeys(String keys) {
        String first = keys.startsWith("F1") ? "F1" : keys;
        return first.replace("Ctrl-", "^").replace(" / ", "/");
    }

    /** Key and description rows for the help window and the README, in table order. */
    static List<String[]> rows() {
        List<String[]> out = new ArrayList<>();
        for (Binding b : BINDINGS) {
            out.add(new String[] {b.keys(), b.does()});
        }
        out.addAll(NOTES);
        return out;
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
