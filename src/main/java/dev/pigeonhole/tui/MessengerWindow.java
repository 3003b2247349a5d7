package dev.pigeonhole.tui;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.gui2.BasicWindow;
import com.googlecode.lanterna.gui2.BorderLayout;
import com.googlecode.lanterna.gui2.Borders;
import com.googlecode.lanterna.gui2.Component;
import com.googlecode.lanterna.gui2.Direction;
import com.googlecode.lanterna.gui2.Interactable;
import com.googlecode.lanterna.gui2.Label;
import com.googlecode.lanterna.gui2.LinearLayout;
import com.googlecode.lanterna.gui2.Panel;
import com.googlecode.lanterna.gui2.TextBox;
import com.googlecode.lanterna.gui2.TextGUI;
import com.googlecode.lanterna.gui2.Window;
import com.googlecode.lanterna.gui2.WindowListenerAdapter;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import com.googlecode.lanterna.screen.Screen;
import dev.pigeonhole.client.StoredMessage;
import dev.pigeonhole.history.Conversation;
import dev.pigeonhole.history.HistorySearch;
import dev.pigeonhole.history.Timeline;
import dev.pigeonhole.protocol.Validation;
import dev.pigeonhole.tui.Look.Role;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The full-screen window: correspondents on the left, the conversation, the input line (To: and Msg:) and
 * the status pane. Focus never leaves the input line: no printable key does anything but type, and every
 * other key is looked up in the one {@link KeyMap}. It talks to the network through a {@link Mailroom},
 * to the files through a {@link Timeline}-backed {@link Conversation.Pager}, and hears back through the
 * {@code on...} methods, which must run on the GUI thread.
 *
 * <p>The loop driving the GUI must call {@link #endOfInput()} after each batch of input (paste detection)
 * and {@link #tick()} once per turn (layout for the terminal size, countdowns, saving drafts).
 */
public final class MessengerWindow extends BasicWindow implements KeyMap.Actions {
    /** Below this the layout cannot show a useful conversation: a notice replaces it. */
    public static final TerminalSize MIN_SIZE = new TerminalSize(40, 10);
    /** From this width on, the correspondents pane is shown. */
    static final int PEOPLE_FROM = 70;
    /** Drafts are saved this long after the last change (and at quit). */
    static final long DRAFT_SAVE_MS = 300;

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);

    /** What the window needs besides the network: pages of history, and a place for drafts. */
    interface Store extends Conversation.Pager {
        void saveDrafts(Drafts.Snapshot drafts);

        /** A new search of the whole history on disk for {@code query} in {@code peer}'s conversation (null: all). */
        HistorySearch newSearch(String peer, String query);

        /** Runs one step of {@code search} off the GUI thread; {@code done} runs on the GUI thread. */
        void search(HistorySearch search, boolean older, Consumer<Optional<HistorySearch.Hit>> done);
    }

    private final Look look;
    private final Clock clock;
    private final ZoneId zone;
    private final Mailroom mailroom;
    private final Store store;
    private final int maxMessage;
    private final boolean bellOnNew;
    private final Runnable bell;
    private final Consumer<String> title;

    private final ConversationView conversation;
    private final PeopleView people;
    private final Label heading = new Label("");
    private final TextBox to = new TextBox(new TerminalSize(14, 1));
    private final TextBox message = new TextBox(new TerminalSize(20, 1));
    private final TextBox findField = new TextBox(new TerminalSize(20, 1));
    private final Panel compose = new Panel(new LinearLayout(Direction.HORIZONTAL).setSpacing(1));
    private final Panel middle = new Panel(new BorderLayout());
    private final Component peoplePane;
    private final StatusView status;
    private final Panel root;
    private final Label tooSmall = new Label("");
    private final ComposeHistory history = new ComposeHistory();
    private final PasteDetector paste;

    /** Drafts of the recipients not in the To: field; the input line holds the current one. */
    private final Map<String, String> drafts = new HashMap<>();

    private boolean draftsDirty;
    private boolean draftsLoaded;
    private long draftsChangedAt;
    private boolean small;
    private boolean peopleShown = true;
    private Interactable focusBeforeSmall;
    private boolean quit;
    private HelpWindow help;
    private String shownTitle;

    /** The recipient of the send waiting for its result; one at a time, so results cannot be confused. */
    private String inFlight;

    /** Search: the field that had focus before, and the search running (null: none typed yet). */
    private Interactable beforeFind;

    private HistorySearch search;
    /** Matches shown so far in this search (1: the newest). */
    private int matchRank;

    /** Tab completion: what the user typed before the first Tab, and the name the last Tab put there. */
    private String completionPrefix;

    private String lastCompletion;

    /**
     * @param identity   {@code user@host:port}, shown in the status pane
     * @param maxMessage the longest message the server takes (P4)
     * @param bellOnNew  ring {@code bell} once per burst of new messages
     * @param title      sets the terminal title (OSC 2), or does nothing
     */
    public MessengerWindow(
            Look look,
            Clock clock,
            ZoneId zone,
            String identity,
            Mailroom mailroom,
            Store store,
            int maxMessage,
            boolean bellOnNew,
            Runnable bell,
            Consumer<String> title) {
        super("Pigeonhole");
        this.look = look;
        this.clock = clock;
        this.zone = zone;
        this.mailroom = mailroom;
        this.store = store;
        this.maxMessage = maxMessage;
        this.bellOnNew = bellOnNew;
        this.bell = bell;
        this.title = title;
        this.conversation = new ConversationView(look, zone);
        conversation.pager(store);
        this.people = new PeopleView(look);
        this.status = new StatusView(look, clock, identity);
        this.paste = new PasteDetector(new Paste(), maxMessage);
        setHints(List.of(Window.Hint.FULL_SCREEN, Window.Hint.NO_DECORATIONS));
        setTheme(look.theme());

        Panel talk = new Panel(new BorderLayout());
        talk.addComponent(heading, BorderLayout.Location.TOP);
        talk.addComponent(conversation, BorderLayout.Location.CENTER);
        peoplePane = people.withBorder(Borders.singleLine("People"));
        middle.addComponent(peoplePane, BorderLayout.Location.LEFT);
        middle.addComponent(talk.withBorder(Borders.singleLine("Messages")), BorderLayout.Location.CENTER);

        composeFields();
        Panel bottom = new Panel(new LinearLayout(Direction.VERTICAL).setSpacing(0));
        bottom.addComponent(
                compose.withBorder(Borders.singleLine("Compose")),
                LinearLayout.createLayoutData(LinearLayout.Alignment.Fill));
        bottom.addComponent(status, LinearLayout.createLayoutData(LinearLayout.Alignment.Fill));

        root = new Panel(new BorderLayout());
        root.addComponent(middle, BorderLayout.Location.CENTER);
        root.addComponent(bottom, BorderLayout.Location.BOTTOM);
        setComponent(root);
        setFocusedInteractable(to);

        to.setTextChangeListener((text, byUser) -> composeChanged());
        message.setTextChangeListener((text, byUser) -> composeChanged());
        findField.setTextChangeListener((text, byUser) -> findChanged());
        addWindowListener(new Keys());
        status.feedback("Type a recipient (Tab completes), a message, then Enter. F1 lists every key.", Role.DIM);
        updateHeading();
        updateHints();
    }

    private void composeFields() {
        compose.removeAllComponents();
        compose.addComponent(new Label("To:"));
        compose.addComponent(to);
        compose.addComponent(new Label("Msg:"));
        compose.addComponent(
                message, LinearLayout.createLayoutData(LinearLayout.Alignment.Fill, LinearLayout.GrowPolicy.CanGrow));
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
            TerminalSize size = gui.getScreen().getTerminalSize();
            boolean fits = size.getColumns() >= MIN_SIZE.getColumns() && size.getRows() >= MIN_SIZE.getRows();
            if (!fits) {
                String notice =
                        "Terminal too small: " + size.getColumns() + "x" + size.getRows() + ".\nPigeonhole needs "
                                + MIN_SIZE.getColumns() + "x" + MIN_SIZE.getRows() + ".\nCtrl-C quits.";
                if (!notice.equals(tooSmall.getText())) {
                    tooSmall.setText(notice); // only on change: setText forces a redraw
                }
            }
            if (!fits && !small) {
                small = true;
                focusBeforeSmall = getFocusedInteractable();
                setComponent(tooSmall);
            } else if (fits && small) {
                small = false;
                setComponent(root);
                setFocusedInteractable(focusBeforeSmall != null ? focusBeforeSmall : to);
            }
            boolean wide = size.getColumns() >= PEOPLE_FROM;
            if (wide != peopleShown) {
                peopleShown = wide;
                if (wide) {
                    middle.addComponent(peoplePane, BorderLayout.Location.LEFT);
                } else {
                    middle.removeComponent(peoplePane);
                }
            }
        }
        if (conversation.following() && conversation.loaded()) {
            String p = conversation.peer();
            if (p == null ? people.unreadTotal() > 0 : people.unread(p) > 0) {
                people.read(p); // on screen now
            }
        }
        String t = people.unreadTotal() > 0 ? "Pigeonhole (" + people.unreadTotal() + ")" : "Pigeonhole";
        if (!t.equals(shownTitle)) {
            shownTitle = t;
            title.accept(t);
        }
        if (draftsDirty && draftsLoaded && System.nanoTime() - draftsChangedAt >= DRAFT_SAVE_MS * 1_000_000L) {
            store.saveDrafts(drafts());
            draftsDirty = false;
        }
        status.tick();
        updateHeading();
        updateHints();
    }

    /** True once the user asked to quit. */
    public boolean quitRequested() {
        return quit;
    }

    /** What the input line and the other recipients' drafts hold now; null until the saved ones are in. */
    Drafts.Snapshot drafts() {
        if (!draftsLoaded) {
            return null;
        }
        return new Drafts.Snapshot(to.getText(), message.getText(), Map.copyOf(drafts));
    }

    // ---- called (on the GUI thread) with news from the network and the files ----------------------

    public void onConnection(LinkState state) {
        LinkState before = status.connection();
        status.connection(state);
        if (state.phase() == LinkState.Phase.CONNECTED
                && before.phase() != LinkState.Phase.CONNECTED
                && status.feedbackRole() == Role.BAD) {
            status.feedback("Connected again.", Role.GOOD); // the failure it replaces is over
        }
    }

    /** The drafts saved last time: the input line comes back as it was left. */
    void onDrafts(Drafts.Snapshot saved) {
        draftsLoaded = true;
        if (!to.getText().isEmpty() || !message.getText().isEmpty()) {
            return; // the user started typing before the file was read: theirs wins
        }
        drafts.putAll(saved.others());
        to.setText(saved.to());
        to.setCaretPosition(saved.to().length());
        message.setText(saved.text());
        message.setCaretPosition(saved.text().length());
        if (!saved.text().isEmpty()) {
            setFocusedInteractable(message);
            status.feedback("Your draft" + (saved.to().isEmpty() ? "" : " to " + saved.to()) + " is back.", Role.DIM);
        }
        draftsDirty = false;
    }

    /** Recently sent texts, oldest first, for Up/Down. */
    void onSentHistory(List<String> texts) {
        history.preload(texts);
    }

    void onPage(Timeline.Page page) {
        conversation.show(page);
    }

    void onCorrespondents(Map<String, Instant> latest) {
        latest.forEach(people::seen);
    }

    /** New records in the files: both directions, from this client or any other of the same user. */
    void onArrived(List<Timeline.Item> items, Timeline.Cursor tail) {
        conversation.arrived(items, tail);
        Set<String> from = new HashSet<>();
        int incoming = 0;
        StoredMessage last = null;
        for (Timeline.Item i : items) {
            StoredMessage m = i.message();
            people.seen(m.peer(), m.at());
            if (m.incoming()) {
                incoming++;
                from.add(m.peer());
                last = m;
                if (!(conversation.shows(m.peer()) && conversation.following())) {
                    people.unread(m.peer(), 1);
                }
            }
        }
        if (incoming > 0) {
            status.feedback(
                    incoming == 1
                            ? "New message from " + last.peer() + " at "
                                    + CLOCK.format(last.at().atZone(zone)) + "."
                            : String.format("%,d new messages from ", incoming)
                                    + (from.size() == 1 ? last.peer() : from.size() + " people") + ".",
                    Role.GOOD);
            if (bellOnNew) {
                bell.run(); // once per burst, however many messages it brought
            }
        }
    }

    /** A file shrank or was replaced: start the view again from the files. */
    void onReset() {
        conversation.switchTo(conversation.peer());
        store.latest(conversation.peer());
    }

    public void onSendResult(SendResult r) {
        inFlight = null;
        String who = r.recipient();
        switch (r.outcome()) {
            case SENT -> {
                history.add(r.text());
                status.feedback(
                        "Sent to " + who + " at " + CLOCK.format(clock.instant().atZone(zone)) + " ("
                                + r.text().length() + " characters)" + (r.detail() == null ? "." : "; " + r.detail()),
                        r.detail() == null ? Role.GOOD : Role.WARN);
            }
            case REFUSED ->
                status.feedback(
                        "Not delivered: the server answered MESSAGE FAILED (" + r.detail() + "). " + giveBack(r),
                        Role.BAD);
            case NOT_SENT -> status.feedback("Not sent: " + r.detail() + ". " + giveBack(r), Role.BAD);
            case UNCONFIRMED -> {
                // Sending again could deliver it twice: the text stays out of the field (Up brings it back).
                history.add(r.text());
                status.feedback(
                        "Unconfirmed: " + r.detail() + "; " + who
                                + " may already have it. Up recalls the text if you decide to send it again.",
                        Role.BAD);
            }
        }
    }

    /** Puts an unsent text back in the field if it is free (else in the history); says where it is. */
    private String giveBack(SendResult r) {
        if (message.getText().isEmpty()
                && (to.getText().isEmpty() || to.getText().equals(r.recipient()))) {
            to.setText(r.recipient());
            message.setText(r.text());
            message.setCaretPosition(r.text().length());
            return "Your text is back in the field.";
        }
        history.add(r.text());
        return "Up recalls your text.";
    }

    public void onNotice(String text, boolean problem) {
        status.feedback(text, problem ? Role.BAD : Role.DIM);
    }

    // ---- views for tests --------------------------------------------------------------------------

    ConversationView conversation() {
        return conversation;
    }

    PeopleView people() {
        return people;
    }

    TextBox recipientField() {
        return to;
    }

    TextBox messageField() {
        return message;
    }

    StatusView status() {
        return status;
    }

    // ---- compose ----------------------------------------------------------------------------------

    private void composeChanged() {
        if (paste.collecting()) {
            return; // the paste finishes with its own feedback
        }
        draftsDirty = true;
        draftsChangedAt = System.nanoTime();
        String problem = composeProblem();
        String text = message.getText();
        String counter = String.format("%,d / %,d characters", text.length(), maxMessage);
        if (problem != null) {
            status.feedback(problem, Role.BAD);
        } else if (text.length() > maxMessage) {
            status.feedback(counter, Role.BAD);
        } else if (!text.isEmpty()) {
            status.feedback(counter + (to.getText().isEmpty() ? "" : "; Enter sends to " + to.getText()), Role.DIM);
        } else {
            status.feedback(counter, Role.DIM);
        }
    }

    /** What stops the compose fields from being sent, or null; the length is reported by the counter. */
    private String composeProblem() {
        String recipient = to.getText();
        if (!recipient.isEmpty()) {
            String p = Validation.usernameProblem("recipient", recipient);
            if (p != null) {
                return capitalize(p) + ".";
            }
        }
        String text = message.getText();
        String p = Validation.messageProblem(text, maxMessage);
        if (p != null && text.length() > maxMessage && Validation.messageProblem(text, Integer.MAX_VALUE) == null) {
            // Too long is all that is wrong: say it the way the counter does.
            return String.format(
                    "%,d / %,d characters: %,d too many.", text.length(), maxMessage, text.length() - maxMessage);
        }
        return p == null ? null : capitalize(p) + ".";
    }

    @Override
    public void send() {
        if (getFocusedInteractable() == findField) {
            findNext(true);
            return;
        }
        if (getFocusedInteractable() == to && message.getText().isEmpty()) {
            setFocusedInteractable(message);
            return;
        }
        String recipient = to.getText();
        String text = message.getText();
        if (recipient.isEmpty()) {
            status.feedback("Type a recipient first, in the To: field (Tab completes, Ctrl-T replies).", Role.BAD);
            setFocusedInteractable(to);
            return;
        }
        String problem = composeProblem();
        if (problem != null) {
            status.feedback(problem + " Nothing was sent.", Role.BAD);
            return;
        }
        if (text.isEmpty()) {
            status.feedback("Type a message first.", Role.BAD);
            setFocusedInteractable(message);
            return;
        }
        if (inFlight != null) {
            status.feedback("Still sending the previous message to " + inFlight + "...", Role.WARN);
            return;
        }
        inFlight = recipient;
        mailroom.send(recipient, text);
        // The field is free at once for the next message; a failed send puts the text back (below).
        message.setText("");
        history.reset();
        status.feedback("Sending to " + recipient + "...", Role.WARN);
    }

    /** Puts {@code who} in To:, keeping the draft of the one it replaces and bringing back theirs. */
    private void address(String who) {
        String was = to.getText();
        if (who.equals(was)) {
            return;
        }
        if (!message.getText().isEmpty()) {
            drafts.put(was, message.getText());
        } else {
            drafts.remove(was);
        }
        String draft = drafts.remove(who);
        to.setText(who);
        to.setCaretPosition(who.length());
        message.setText(draft == null ? "" : draft);
        message.setCaretPosition(message.getText().length());
        history.reset();
    }

    @Override
    public void tab(boolean back) {
        Interactable f = getFocusedInteractable();
        if (f == findField) {
            return;
        }
        if (f == to && !back) {
            String typed = to.getText();
            String completed = complete(typed);
            if (completed != null) {
                to.setText(completed);
                to.setCaretPosition(completed.length());
                return;
            }
        }
        setFocusedInteractable(f == to ? message : to);
    }

    /**
     * The known correspondent {@code typed} completes to: the first one (most recent first) that starts
     * with it, or, if {@code typed} already is a name, the next that shares the prefix typed before the
     * last completion. Null when there is nothing to complete.
     */
    private String complete(String typed) {
        if (typed.isEmpty()) {
            return null;
        }
        List<String> names = people.people();
        if (completionPrefix == null || !typed.equals(lastCompletion)) {
            completionPrefix = typed;
        }
        List<String> matches =
                names.stream().filter(n -> n.startsWith(completionPrefix)).toList();
        if (matches.isEmpty() || (matches.size() == 1 && matches.get(0).equals(typed))) {
            completionPrefix = null;
            return null;
        }
        int at = matches.indexOf(typed);
        lastCompletion = matches.get((at + 1) % matches.size());
        return lastCompletion;
    }

    private TextBox field() {
        return getFocusedInteractable() instanceof TextBox box ? box : message;
    }

    private static int caret(TextBox box) {
        return Math.min(box.getCaretPosition().getColumn(), box.getText().length());
    }

    @Override
    public void lineStart() {
        field().setCaretPosition(0);
    }

    @Override
    public void lineEnd() {
        TextBox box = field();
        box.setCaretPosition(box.getText().length());
    }

    @Override
    public void deleteWordBack() {
        TextBox box = field();
        String text = box.getText();
        int c = caret(box);
        int from = wordStartBefore(text, c);
        box.setText(text.substring(0, from) + text.substring(c));
        box.setCaretPosition(from);
    }

    @Override
    public void deleteToStart() {
        TextBox box = field();
        int c = caret(box);
        box.setText(box.getText().substring(c));
        box.setCaretPosition(0);
        if (box == message) {
            history.reset();
        }
    }

    @Override
    public void deleteToEnd() {
        TextBox box = field();
        int c = caret(box);
        box.setText(box.getText().substring(0, c));
        box.setCaretPosition(c);
    }

    @Override
    public void wordBack() {
        TextBox box = field();
        box.setCaretPosition(wordStartBefore(box.getText(), caret(box)));
    }

    @Override
    public void wordForward() {
        TextBox box = field();
        String text = box.getText();
        int i = caret(box);
        while (i < text.length() && text.charAt(i) == ' ') {
            i++;
        }
        while (i < text.length() && text.charAt(i) != ' ') {
            i++;
        }
        box.setCaretPosition(i);
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

    @Override
    public void recall(boolean older) {
        Interactable f = getFocusedInteractable();
        if (f == findField) {
            findNext(older);
        } else if (f == message) {
            String text = older ? history.previous(message.getText()) : history.next();
            if (text != null) {
                message.setText(text);
                message.setCaretPosition(text.length());
            }
        }
        // In To: Up and Down do nothing: they must never move the focus (Lanterna's default).
    }

    @Override
    public void scroll(int pages) {
        conversation.scroll(pages, true);
    }

    @Override
    public void oldest() {
        conversation.scrollToStart();
    }

    @Override
    public void newest() {
        if (getFocusedInteractable() == findField) {
            closeFind();
            return;
        }
        conversation.scrollToEnd();
    }

    @Override
    public void conversation(int step) {
        String next = people.step(step);
        openConversation(next);
    }

    /** Shows {@code peer}'s conversation (null: everyone's); To: follows it. */
    void openConversation(String peer) {
        people.current(peer);
        conversation.switchTo(peer);
        store.latest(peer);
        if (peer != null) {
            address(peer);
        }
        search = null;
        updateHeading();
    }

    @Override
    public void replyToLatest() {
        String who = conversation.peer() != null ? conversation.peer() : conversation.newestPeer(true);
        if (who == null) {
            status.feedback("Nobody has written in this view yet: type a name in To:.", Role.WARN);
            return;
        }
        address(who);
        setFocusedInteractable(message);
        status.feedback("Replying to " + who + ".", Role.DIM);
    }

    // ---- search -----------------------------------------------------------------------------------

    @Override
    public void find() {
        if (getFocusedInteractable() == findField) {
            findNext(true);
            return;
        }
        beforeFind = getFocusedInteractable();
        compose.removeAllComponents();
        compose.addComponent(new Label("Find:"));
        compose.addComponent(
                findField, LinearLayout.createLayoutData(LinearLayout.Alignment.Fill, LinearLayout.GrowPolicy.CanGrow));
        search = null;
        findField.setText(""); // a fresh query every time search opens
        setFocusedInteractable(findField);
        status.feedback(
                "Type to search the whole history of this view; Enter finds the next older match, Down a newer one.",
                Role.DIM);
    }

    private void findChanged() {
        if (search != null) {
            search.cancel();
        }
        search = null;
        String query = findField.getText();
        if (!query.isEmpty()) {
            search = store.newSearch(conversation.peer(), query);
            matchRank = 0;
            findNext(true);
        }
    }

    @Override
    public void findNext(boolean older) {
        HistorySearch s = search;
        if (s == null) {
            return;
        }
        store.search(s, older, hit -> {
            if (s != search) {
                return; // the query changed meanwhile
            }
            String query = ScreenText.display(s.query());
            if (hit.isEmpty()) {
                status.feedback(
                        "No " + (matchRank == 0 ? "" : older ? "older " : "newer ") + "match for \"" + query + "\" in "
                                + (s.peer() == null ? "the whole history." : "the history with " + s.peer() + "."),
                        Role.WARN);
                return;
            }
            matchRank += older ? 1 : -1;
            HistorySearch.Hit h = hit.get();
            StoredMessage m = h.message();
            conversation.reveal(new Conversation.Match(new Timeline.Item(m, h.start(), h.end()), s.query()));
            status.feedback(
                    "Match " + Math.max(1, matchRank) + " (newest first): " + (m.incoming() ? "from " : "to ")
                            + ScreenText.display(m.peer()) + " on "
                            + DateTimeFormatter.ofPattern("d MMM yyyy HH:mm", Locale.ENGLISH)
                                    .format(m.at().atZone(zone))
                            + ". Enter: older, Down: newer, Esc: back.",
                    Role.GOOD);
        });
    }

    @Override
    public void closeFind() {
        if (search != null) {
            search.cancel();
        }
        search = null;
        composeFields();
        setFocusedInteractable(beforeFind instanceof TextBox ? beforeFind : message);
        conversation.clearMatch();
        conversation.scrollToEnd();
        status.feedback("", Role.DIM);
    }

    // ---- the rest of the keys ---------------------------------------------------------------------

    @Override
    public void checkNow() {
        mailroom.pollNow();
        status.feedback(
                status.connection().phase() == LinkState.Phase.OFFLINE
                        ? "Reconnecting now..."
                        : "Checking for new messages...",
                Role.DIM);
    }

    @Override
    public void redraw() {
        TextGUI gui = getTextGUI();
        if (gui != null) {
            try {
                invalidate();
                gui.getScreen().refresh(Screen.RefreshType.COMPLETE);
            } catch (IOException e) {
                status.feedback("Redraw failed: " + e.getMessage(), Role.BAD);
            }
        }
    }

    @Override
    public void help() {
        if (help == null || help.getTextGUI() == null) {
            int rows = getTextGUI().getScreen().getTerminalSize().getRows();
            help = new HelpWindow(look, rows, () -> quit = true);
            getTextGUI().addWindow(help);
        }
    }

    @Override
    public void quit(boolean onlyIfEmpty) {
        if (onlyIfEmpty && !field().getText().isEmpty()) {
            return;
        }
        quit = true;
    }

    private void updateHeading() {
        String p = conversation.peer();
        String text = p == null ? " All conversations" : " Conversation with " + ScreenText.sanitize(p);
        if (!peopleShown && !people.people().isEmpty()) {
            text += "  (Ctrl-N/Ctrl-P: others)";
        }
        if (!text.equals(heading.getText())) {
            heading.setText(text);
        }
    }

    private KeyMap.Where where() {
        Interactable f = getFocusedInteractable();
        return f == findField ? KeyMap.Where.FIND : f == to ? KeyMap.Where.TO : KeyMap.Where.MSG;
    }

    private void updateHints() {
        KeyMap.Where w = where();
        status.hints(KeyMap.hints(w), KeyMap.narrowHints(w));
    }

    /** Inserts {@code s} at the caret of {@code box}. */
    private static void insert(TextBox box, String s) {
        String text = box.getText();
        int caret = caret(box);
        box.setText(text.substring(0, caret) + s + text.substring(caret));
        box.setCaretPosition(caret + s.length());
    }

    private String pasteNote(int breaks) {
        return "Pasted " + (breaks + 1) + " lines, joined with spaces into one message ("
                + String.format("%,d / %,d characters", message.getText().length(), maxMessage)
                + "). Check it, then Enter sends.";
    }

    /** What the paste detector does to this window. */
    private final class Paste implements PasteDetector.Target {
        @Override
        public void pasted(String raw) {
            // Line breaks end protocol lines, so a paste can never be sent as it is: join its lines.
            String normalized = raw.replace("\r\n", "\n").replace('\r', '\n');
            String trimmed = normalized.strip();
            int breaks = (int) trimmed.chars().filter(c -> c == '\n').count();
            String joined = trimmed.replaceAll("[ \t]*\n[ \t\n]*", " ").replace('\t', ' ');
            TextBox target = field();
            insert(target, ScreenText.sanitize(joined));
            composeChanged();
            if (breaks > 0) {
                status.feedback(pasteNote(breaks), Role.WARN);
            }
        }

        @Override
        public void joinLine() {
            TextBox box = field();
            if (!box.getText().isEmpty() && !box.getText().endsWith(" ")) {
                insert(box, " ");
            }
        }

        @Override
        public void enter() {
            send();
        }

        @Override
        public void joined(int breaks) {
            status.feedback(pasteNote(breaks), Role.WARN);
        }

        @Override
        public void note(String text, boolean problem) {
            status.feedback(text, problem ? Role.BAD : Role.DIM);
        }
    }

    /** Every key passes here first; keys handled here never reach a text field. */
    private final class Keys extends WindowListenerAdapter {
        @Override
        public void onInput(Window window, KeyStroke key, AtomicBoolean deliver) {
            deliver.set(handle(key));
        }

        /** Returns whether the focused field should see the key. */
        private boolean handle(KeyStroke key) {
            if (paste.offer(key)) {
                return false;
            }
            if (key.getKeyType() == KeyType.Character && !key.isCtrlDown() && !key.isAltDown()) {
                if (!drawable(key.getCharacter())) {
                    // An emoji arrives as two surrogate halves, and Lanterna throws while drawing a control
                    // character: the field gets one U+FFFD instead, which the compose check then reports.
                    if (!Character.isHighSurrogate(key.getCharacter())) {
                        insert(field(), String.valueOf(ScreenText.REPLACEMENT));
                    }
                    return false;
                }
                return getFocusedInteractable() instanceof TextBox; // printable keys only ever type
            }
            if (key.getKeyType() == KeyType.Character
                    && key.isAltDown()
                    && !key.isCtrlDown()
                    && KeyMap.find(key, where()).isEmpty()) {
                // Esc and a key close together reach us as Alt+key: do both, never drop the letter.
                newest();
                if (getFocusedInteractable() instanceof TextBox box && drawable(key.getCharacter())) {
                    insert(box, String.valueOf(key.getCharacter()));
                }
                return false;
            }
            var binding = KeyMap.find(key, where());
            if (binding.isPresent()) {
                binding.get().action().accept(MessengerWindow.this, key);
                return false;
            }
            return switch (key.getKeyType()) {
                // What a single-line TextBox does well by itself: moving and deleting in the field.
                case ArrowLeft, ArrowRight, Backspace, Delete -> !key.isAltDown();
                default -> false; // anything else (Alt+letter, unbound Ctrl keys) neither types nor moves focus
            };
        }
    }

    private static boolean drawable(char c) {
        return ScreenText.sanitize(String.valueOf(c)).charAt(0) != ScreenText.REPLACEMENT;
    }

    private static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
