package dev.pigeonhole.tui;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.gui2.BasicWindow;
import com.googlecode.lanterna.gui2.Interactable;
import com.googlecode.lanterna.gui2.TextGUI;
import com.googlecode.lanterna.gui2.Window;
import dev.pigeonhole.client.HostAccounts;
import dev.pigeonhole.compose.Compose;
import dev.pigeonhole.compose.DraftFile;
import dev.pigeonhole.compose.Outbox;
import dev.pigeonhole.compose.OutboxShown;
import dev.pigeonhole.compose.SendResult;
import dev.pigeonhole.courier.LinkState;
import dev.pigeonhole.courier.Mailroom;
import dev.pigeonhole.history.Conversation;
import dev.pigeonhole.history.Timeline;
import dev.pigeonhole.tui.Look.Role;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The full-screen window, as wiring: correspondents on the left, the conversation with the outbox strip under
 * it, the input line (To: and Msg:, or Find: while searching) and the status pane, laid out by
 * {@link MessengerLayout}. What the input line holds and decides lives in the {@link Compose} model (bound to
 * the fields by {@link ComposeLine}), who a message can go to in its {@code Recipients}, unconfirmed sends in
 * the {@link Outbox}, the conversation in {@link ConversationView}, search in {@link FindBar}; every key is
 * looked up in the one {@link KeyMap} for the mode the focus is in, and {@link KeyActions} does what the row
 * says. It talks to the network through a {@link Mailroom}, to the files through a {@link Store}, and hears
 * back through the {@code on...} methods, which must run on the GUI thread.
 *
 * <p>The loop driving the GUI must call {@link #endOfInput()} after each batch of input (paste detection)
 * and {@link #tick()} once per turn (layout for the terminal size, countdowns, saving drafts).
 */
public final class MessengerWindow extends BasicWindow {
    /** Below this the layout cannot show a useful conversation: a notice replaces it. */
    public static final TerminalSize MIN_SIZE = MessengerLayout.MIN_SIZE;
    /** From this width on, the correspondents pane is shown. */
    static final int PEOPLE_FROM = MessengerLayout.PEOPLE_FROM;
    /** Drafts are merged into the file this long after the last edit (and at quit). */
    static final long DRAFT_SAVE_MS = 300;

    static final String NEWCOMER_HINT = "Type a recipient (Tab completes), a message, then Enter. F1 lists every key.";

    /** What the window needs besides the network: pages of history, and a place for drafts. */
    interface Store extends Conversation.Pager, FindBar.Searcher {
        /** Merges {@code drafts} into the drafts file; the merged result comes back through {@link #onDrafts}. */
        void saveDrafts(DraftFile.Contents drafts);

        /** Asks the host whether {@code name} is an account; the answer comes back through {@link #onAccount}. */
        void lookUp(String name);
    }

    /** What the window asks of the program around it. */
    record Hooks(boolean bellOnNew, Runnable bell, Consumer<String> title, Supplier<String> suspend) {}

    /** The window's parts that its keys act on (see {@link KeyActions}). */
    record Parts(
            Compose compose,
            ComposeLine line,
            ConversationView conversation,
            PeopleView people,
            StatusView status,
            FindBar find,
            MessengerLayout layout) {}

    private final Store store;

    final Compose compose;
    private final ConversationView conversation;
    private final PeopleView people;
    private final StatusView status;
    private final FindBar find;
    private final NewMail newMail;
    private final PasteDetector paste;
    private final InputKeys keys;
    private final ComposeLine line;
    private final LineEditor to;
    private final LineEditor message;
    private final MessengerLayout layout;
    private final KeyActions actions;

    /** For the outbox rows: a message being sent shows only after a while (see {@link OutboxShown}). */
    private final Clock clock;

    /** The outbox as the network side last told it, oldest first. */
    private List<Outbox.Entry> outbox = List.of();
    /** The outbox rows drawn now: a message being sent joins them after a second (see {@link OutboxShown}). */
    private List<OutboxShown.Row> outboxRows = List.of();
    /** The outbox holds a message being sent: its row may be held back, so each tick looks again. */
    private boolean sending;

    /**
     * @param identity   {@code user@host:port}, shown in the status pane
     * @param maxMessage the longest message the server takes (P4)
     */
    MessengerWindow(
            Look look,
            Clock clock,
            ZoneId zone,
            String identity,
            Mailroom mailroom,
            Store store,
            int maxMessage,
            Hooks hooks) {
        super("Pigeonhole");
        this.store = store;
        this.clock = clock;
        this.compose = new Compose(clock, zone, maxMessage);
        this.conversation = new ConversationView(look, zone);
        conversation.pager(store);
        this.people = new PeopleView(look);
        this.status = new StatusView(look, clock, identity);
        this.find = new FindBar(conversation, status, zone, store);
        this.newMail = new NewMail(people, conversation, status, hooks, clock, zone);
        this.paste = new PasteDetector(new PasteInto(this), maxMessage, clock::millis);
        setHints(List.of(Window.Hint.FULL_SCREEN, Window.Hint.NO_DECORATIONS));
        setTheme(look.theme());

        this.layout = new MessengerLayout(this, people, conversation, new OutboxView(look), status);
        this.line = new ComposeLine(
                compose,
                status,
                this,
                () -> !layout.small() && getFocusedInteractable() != find.field(),
                paste::collecting);
        this.to = line.to;
        this.message = line.message;
        layout.fields("To:", to, "Msg:", message);
        setFocusedInteractable(to);

        this.actions = new KeyActions(
                this,
                new Parts(compose, line, conversation, people, status, find, layout),
                look,
                mailroom,
                store,
                hooks,
                () -> outbox);
        this.keys = new InputKeys(this, actions, paste);
        addWindowListener(keys);
        status.feedback(NEWCOMER_HINT, Role.DIM);
        updateHeading();
        updateHints();
    }

    // ---- called by the GUI loop -------------------------------------------------------------------

    /** Acts on an Enter left pending by the batch of input just processed. */
    public void endOfInput() {
        paste.endOfInput();
    }

    /** Per-iteration upkeep: the layout for the size, countdowns, hints, unread counts, saving drafts. */
    public void tick() {
        TextGUI gui = getTextGUI();
        if (gui != null) {
            layout.fit(gui.getScreen().getTerminalSize(), to);
        }
        newMail.tick();
        DraftFile.Contents save = compose.toSave(DRAFT_SAVE_MS);
        if (save != null) {
            store.saveDrafts(save);
        }
        String ask = compose.toLookUp();
        if (ask != null) {
            store.lookUp(ask);
        }
        status.tick();
        if (sending) {
            showOutbox(); // a send hidden for its first second may be due now
        }
        updateHeading();
        updateHints();
    }

    /** True while an Enter waits to learn whether it was part of a paste (see {@link PasteDetector}). */
    boolean holdingEnter() {
        return paste.holdingEnter();
    }

    /** True once the user asked to quit. */
    public boolean quitRequested() {
        return actions.quitRequested();
    }

    /** Everything typed that is not saved yet, for the last save at quit; null if nothing changed. */
    DraftFile.Contents unsavedDrafts() {
        return compose.toSave(0);
    }

    // ---- called (on the GUI thread) with news from the network and the files ----------------------

    public void onConnection(LinkState state) {
        LinkState before = status.connection();
        status.connection(state);
        // Only a way back from offline is "again", and only then is a failure shown the connection's: at
        // start-up (connecting) a problem said meanwhile, about a name say, must stay.
        if (state.phase() == LinkState.Phase.CONNECTED
                && before.phase() == LinkState.Phase.OFFLINE
                && status.feedbackRole() == Role.BAD) {
            status.news("Connected again.", Role.GOOD); // the failure it replaces is over
        }
    }

    /** The drafts file as read at start-up or as merged by a save: taken in per recipient, nothing replaced. */
    void onDrafts(DraftFile.Contents saved) {
        onDrafts(saved, true);
    }

    /** As {@link #onDrafts(DraftFile.Contents)}; in a second window of the user the fields start empty. */
    void onDrafts(DraftFile.Contents saved, boolean firstWindow) {
        show(compose.loaded(saved, firstWindow));
    }

    /** Recently sent texts, oldest first, for Up/Down. */
    void onSentHistory(List<String> texts) {
        compose.preloadHistory(texts);
    }

    void onPage(Timeline.Page page) {
        heardFrom(page.items());
        conversation.show(page);
    }

    private void heardFrom(List<Timeline.Item> items) {
        for (Timeline.Item i : items) {
            if (i.message().incoming()) {
                compose.recipients().heardFrom(i.message().peer());
            }
        }
    }

    /** The host's people (empty over TCP, where {@code canKnow} is false: no name can be checked). */
    void onAccounts(List<String> accounts, boolean canKnow) {
        compose.recipients().accounts(accounts, canKnow);
    }

    /** The host's answer about a name typed in To:; a name that is not an account is flagged at once. */
    void onAccount(String name, HostAccounts.Answer answer) {
        compose.recipients().answer(name, answer);
        if (name.equals(compose.to())) {
            checked();
        }
    }

    void onCorrespondents(Map<String, Instant> latest) {
        latest.forEach(people::seen);
    }

    /** New records in the files: both directions, from this client or any other of the same user. */
    void onArrived(List<Timeline.Item> items, Timeline.Cursor tail) {
        heardFrom(items);
        conversation.arrived(items, tail);
        newMail.arrived(items);
    }

    /** A file shrank or was replaced: start the view again from the files. */
    void onReset() {
        conversation.switchTo(conversation.peer());
        store.latest(conversation.peer());
    }

    public void onSendResult(SendResult r) {
        show(compose.sent(r));
    }

    /** What the outbox holds now: the shown conversation's part of it is drawn under the messages. */
    void onOutbox(List<Outbox.Entry> entries) {
        outbox = entries;
        sending = false;
        for (Outbox.Entry e : entries) {
            sending |= e.state() == Outbox.State.SENDING;
        }
        showOutbox();
    }

    private void showOutbox() {
        List<OutboxShown.Row> rows = OutboxShown.rows(outbox, conversation.peer(), clock.instant());
        if (!rows.equals(outboxRows)) {
            outboxRows = rows;
            layout.outbox(rows);
        }
    }

    public void onNotice(String text, boolean problem) {
        if (problem) {
            status.problem(text);
        } else {
            status.news(text, Role.DIM);
        }
    }

    // ---- views for tests --------------------------------------------------------------------------

    ConversationView conversation() {
        return conversation;
    }

    PeopleView people() {
        return people;
    }

    LineEditor recipientField() {
        return to;
    }

    LineEditor messageField() {
        return message;
    }

    StatusView status() {
        return status;
    }

    Compose compose() {
        return compose;
    }

    InputKeys keys() {
        return keys;
    }

    // ---- the model and the fields ------------------------------------------------------------------

    private void show(Compose.Change c) {
        line.show(c);
    }

    /** The compose check after an edit (a paste that just ended, too). */
    void checked() {
        line.checked();
    }

    KeyMap.Mode mode() {
        Interactable f = getFocusedInteractable();
        return f == find.field() ? KeyMap.Mode.FIND : f == to ? KeyMap.Mode.TO : KeyMap.Mode.MSG;
    }

    /** The focused field (Msg: when focus is elsewhere). */
    LineEditor field() {
        return getFocusedInteractable() instanceof LineEditor e ? e : message;
    }

    /** The conversation shown changed (a key opened another): the outbox strip and the heading follow it. */
    void conversationChanged() {
        showOutbox();
        updateHeading();
    }

    private void updateHeading() {
        String p = conversation.peer();
        String text = p == null ? " All conversations" : " Conversation with " + ScreenText.sanitize(p);
        if (!layout.peopleShown() && !people.people().isEmpty()) {
            text += "  (Ctrl-N/Ctrl-P: others)";
        }
        layout.heading(text);
    }

    private void updateHints() {
        KeyMap.Mode m = mode();
        boolean waiting = layout.outboxShown();
        status.hints(KeyHints.of(m, waiting), KeyHints.narrow(m, waiting));
    }
}
