package dev.pigeonhole.tui;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.gui2.BasicWindow;
import com.googlecode.lanterna.gui2.BorderLayout;
import com.googlecode.lanterna.gui2.Borders;
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
import dev.pigeonhole.client.ArchivedMessage;
import dev.pigeonhole.protocol.Validation;
import dev.pigeonhole.tui.Look.Role;
import dev.pigeonhole.tui.StatusView.KeyHint;
import java.io.IOException;
import java.time.Clock;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The full-screen window: inbox on top, compose row, status pane. It owns every key binding, the compose
 * checks and the paste handling; it talks to the network only through a {@link Mailroom} and hears back
 * through the {@code on...} methods, which must run on the GUI thread.
 *
 * <p>The loop driving the GUI must call {@link #endOfInput()} after each batch of input: an Enter is
 * acted on only there, so that a line break followed by more text in the same burst (a paste on a
 * terminal without bracketed paste) joins the lines instead of sending the first one.
 */
public final class MessengerWindow extends BasicWindow {
    /** Below this the layout cannot show a useful inbox: a notice replaces it. */
    public static final TerminalSize MIN_SIZE = new TerminalSize(40, 10);

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);

    private final Look look;
    private final Clock clock;
    private final ZoneId zone;
    private final Mailroom mailroom;
    private final int maxMessage;
    private final boolean bellOnNew;
    private final Runnable bell;

    private final InboxView inbox;
    private final TextBox to = new TextBox(new TerminalSize(14, 1));
    private final TextBox message = new TextBox(new TerminalSize(20, 1));
    private final StatusView status;
    private final Panel root;
    private final Label tooSmall = new Label("");
    private final ComposeHistory history = new ComposeHistory();

    private boolean small;
    private Interactable focusBeforeSmall;
    private boolean quit;
    private HelpWindow help;

    /** A message handed to the network side and not yet answered. */
    private record Pending(String recipient, String text) {}

    /** The send waiting for its result; only one at a time, so results cannot be confused. */
    private Pending inFlight;

    // Paste state. Bracketed: between the two markers, collected here instead of typed.
    private StringBuilder pasted;
    // Unbracketed: an Enter waits for the end of the input batch; more text in the same batch joins.
    // Once the terminal has shown it brackets pastes, Enter acts at once: fast typing over a slow link
    // (Enter and the next words in one packet) must not look like a paste.
    private boolean pendingEnter;
    private boolean terminalBracketsPastes;
    private int joinedBreaks;

    /**
     * @param identity   {@code user@host:port}, shown in the status pane
     * @param maxMessage the longest message the server takes (P4)
     * @param bellOnNew  ring {@code bell} when new messages arrive
     */
    public MessengerWindow(
            Look look,
            Clock clock,
            ZoneId zone,
            String identity,
            Mailroom mailroom,
            int maxMessage,
            boolean bellOnNew,
            Runnable bell) {
        super("Pigeonhole");
        this.look = look;
        this.clock = clock;
        this.zone = zone;
        this.mailroom = mailroom;
        this.maxMessage = maxMessage;
        this.bellOnNew = bellOnNew;
        this.bell = bell;
        this.inbox = new InboxView(look, zone);
        this.status = new StatusView(look, clock, identity);
        setHints(List.of(Window.Hint.FULL_SCREEN, Window.Hint.NO_DECORATIONS));
        setTheme(look.theme());

        // The inbox sits inside a Panel: a bare bordered interactable confuses Lanterna's focus order
        // (AbstractComposite.nextFocus ignores isFocusable).
        Panel inboxPanel = new Panel(new BorderLayout());
        inboxPanel.addComponent(inbox, BorderLayout.Location.CENTER);

        Panel compose = new Panel(new LinearLayout(Direction.HORIZONTAL).setSpacing(1));
        compose.addComponent(new Label("To:"));
        compose.addComponent(to);
        compose.addComponent(new Label("Msg:"));
        compose.addComponent(
                message, LinearLayout.createLayoutData(LinearLayout.Alignment.Fill, LinearLayout.GrowPolicy.CanGrow));

        Panel bottom = new Panel(new LinearLayout(Direction.VERTICAL).setSpacing(0));
        bottom.addComponent(
                compose.withBorder(Borders.singleLine("Compose")),
                LinearLayout.createLayoutData(LinearLayout.Alignment.Fill));
        bottom.addComponent(status, LinearLayout.createLayoutData(LinearLayout.Alignment.Fill));

        root = new Panel(new BorderLayout());
        root.addComponent(inboxPanel.withBorder(Borders.singleLine("Inbox")), BorderLayout.Location.CENTER);
        root.addComponent(bottom, BorderLayout.Location.BOTTOM);
        setComponent(root);
        setFocusedInteractable(to);

        to.setTextChangeListener((text, byUser) -> composeChanged());
        message.setTextChangeListener((text, byUser) -> composeChanged());
        addWindowListener(new Keys());
        status.feedback("Type a recipient, Tab, a message, then Enter. F1 lists every key.", Role.DIM);
        updateHints();
    }

    // ---- called by the GUI loop -------------------------------------------------------------------

    /** Acts on an Enter left pending by the batch of input just processed. */
    public void endOfInput() {
        if (pendingEnter) {
            pendingEnter = false;
            if (joinedBreaks == 0) {
                enter(); // a lone Enter at the end of its burst: the user pressed it
            }
        }
        if (joinedBreaks > 0) {
            status.feedback(pasteNote(joinedBreaks), Role.WARN);
            joinedBreaks = 0;
        }
    }

    /** Per-iteration upkeep: the too-small notice, the countdown, the key hints. */
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
        }
        status.tick();
        updateHints();
    }

    /** True once the user asked to quit. */
    public boolean quitRequested() {
        return quit;
    }

    // ---- called (on the GUI thread) with news from the network side -------------------------------

    public void onConnection(Connection state) {
        status.connection(state);
    }

    public void onReceived(List<ArchivedMessage> messages, boolean historical) {
        for (ArchivedMessage m : messages) {
            inbox.add(m.received(), m.sender(), m.text(), !historical);
        }
        if (!historical && !messages.isEmpty()) {
            ArchivedMessage last = messages.get(messages.size() - 1);
            status.feedback(
                    messages.size() == 1
                            ? "New message from " + last.sender() + " at "
                                    + CLOCK.format(last.received().atZone(zone))
                            : messages.size() + " new messages, the last from " + last.sender(),
                    Role.GOOD);
            if (bellOnNew) {
                bell.run();
            }
        }
    }

    public void onSendResult(SendResult r) {
        inFlight = null;
        String who = r.recipient();
        switch (r.outcome()) {
            case SENT -> {
                history.add(r.text());
                if (message.getText().equals(r.text())) {
                    message.setText("");
                }
                status.feedback(
                        "Sent to " + who + " at " + CLOCK.format(clock.instant().atZone(zone)) + " ("
                                + r.text().length() + " characters).",
                        Role.GOOD);
            }
            case REFUSED ->
                status.feedback(
                        "Not delivered: the server answered MESSAGE FAILED (" + r.detail()
                                + "). Your text is still in the field.",
                        Role.BAD);
            case NOT_SENT ->
                status.feedback("Not sent: " + r.detail() + ". Your text is still in the field.", Role.BAD);
            case UNCONFIRMED ->
                status.feedback(
                        "Unconfirmed: " + r.detail() + "; " + who
                                + " may or may not have it. Your text is still in the field.",
                        Role.BAD);
        }
    }

    public void onNotice(String text, boolean problem) {
        status.feedback(text, problem ? Role.BAD : Role.DIM);
    }

    // ---- views for tests --------------------------------------------------------------------------

    InboxView inbox() {
        return inbox;
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
        if (pasted != null) {
            return; // the paste finishes with its own feedback
        }
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

    private void enter() {
        if (getFocusedInteractable() == to && message.getText().isEmpty()) {
            setFocusedInteractable(message);
            return;
        }
        String recipient = to.getText();
        String text = message.getText();
        if (recipient.isEmpty()) {
            status.feedback("Type a recipient first, in the To: field.", Role.BAD);
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
            status.feedback("Still sending the previous message to " + inFlight.recipient() + "...", Role.WARN);
            return;
        }
        inFlight = new Pending(recipient, text);
        status.feedback("Sending to " + recipient + "...", Role.WARN);
        mailroom.send(recipient, text);
    }

    private void clearFocused() {
        Interactable f = getFocusedInteractable();
        if (f == message) {
            message.setText("");
            history.reset();
        } else if (f == to) {
            to.setText("");
        } else if (f == inbox) {
            inbox.scrollToEnd();
        }
    }

    private void recall(boolean back) {
        String text = back ? history.previous(message.getText()) : history.next();
        if (text != null) {
            message.setText(text);
            message.setCaretPosition(text.length());
        }
    }

    /** Inserts {@code s} at the caret of {@code box}. */
    private static void insert(TextBox box, String s) {
        String text = box.getText();
        int caret = Math.min(box.getCaretPosition().getColumn(), text.length());
        box.setText(text.substring(0, caret) + s + text.substring(caret));
        box.setCaretPosition(caret + s.length());
    }

    private void finishPaste(String raw) {
        // Line breaks end protocol lines, so a paste can never be sent as it is: join its lines.
        String normalized = raw.replace("\r\n", "\n").replace('\r', '\n');
        String trimmed = normalized.strip();
        int breaks = (int) trimmed.chars().filter(c -> c == '\n').count();
        String joined = trimmed.replaceAll("[ \t]*\n[ \t\n]*", " ").replace('\t', ' ');
        TextBox target = getFocusedInteractable() == to ? to : message;
        if (target != getFocusedInteractable()) {
            setFocusedInteractable(target);
        }
        pasted = null;
        insert(target, ScreenText.sanitize(joined));
        composeChanged();
        if (breaks > 0) {
            status.feedback(pasteNote(breaks), Role.WARN);
        }
    }

    private String pasteNote(int breaks) {
        return "Pasted " + (breaks + 1) + " lines, joined with spaces into one message ("
                + String.format("%,d / %,d characters", message.getText().length(), maxMessage)
                + "). Check it, then Enter sends.";
    }

    // ---- keys -------------------------------------------------------------------------------------

    private void updateHints() {
        Interactable f = getFocusedInteractable();
        String updown = "Up/Dn"; // ASCII: arrows are ambiguous-width in some fonts
        if (f == inbox) {
            status.hints(
                    List.of(
                            new KeyHint(updown + " PgUp PgDn Home End", "scroll"),
                            new KeyHint("Tab", "compose"),
                            new KeyHint("Esc", "newest"),
                            new KeyHint("?", "help"),
                            new KeyHint("q", "quit")),
                    List.of(new KeyHint("?", "help"), new KeyHint("q", "quit")));
        } else if (f == to) {
            status.hints(
                    List.of(
                            new KeyHint("Enter", "to message"),
                            new KeyHint("Tab", "next"),
                            new KeyHint("Esc", "clear"),
                            new KeyHint("^R", "check now"),
                            new KeyHint("F1", "help"),
                            new KeyHint("^C", "quit")),
                    List.of(new KeyHint("F1", "help"), new KeyHint("^C", "quit")));
        } else {
            status.hints(
                    List.of(
                            new KeyHint("Enter", "send"),
                            new KeyHint("Tab", "next"),
                            new KeyHint(updown, "history"),
                            new KeyHint("Esc", "clear"),
                            new KeyHint("^R", "check now"),
                            new KeyHint("F1", "help"),
                            new KeyHint("^C", "quit")),
                    List.of(new KeyHint("F1", "help"), new KeyHint("^C", "quit")));
        }
    }

    private void showHelp() {
        if (help == null || help.getTextGUI() == null) {
            help = new HelpWindow(look, () -> quit = true);
            getTextGUI().addWindow(help);
        }
    }

    private void redraw() {
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

    /** Every key passes here first; keys handled here never reach a text field. */
    private final class Keys extends WindowListenerAdapter {
        @Override
        public void onInput(Window window, KeyStroke key, AtomicBoolean deliver) {
            deliver.set(handle(key));
        }

        /** Returns whether the focused component should see the key. */
        private boolean handle(KeyStroke key) {
            if (key instanceof BracketedPaste.Boundary b) {
                terminalBracketsPastes = true;
                if (b.isStart()) {
                    pasted = new StringBuilder();
                } else if (pasted != null) {
                    finishPaste(pasted.toString());
                }
                return false;
            }
            if (pasted != null) {
                switch (key.getKeyType()) {
                    case Character -> pasted.append(key.getCharacter());
                    case Enter -> pasted.append('\n');
                    case Tab -> pasted.append('\t');
                    default -> {} // nothing else belongs in pasted text
                }
                if (pasted.length() > 4 * maxMessage + 4096) {
                    // A runaway paste (or a lost end marker): refuse it rather than grow without bound.
                    pasted = null;
                    status.feedback(
                            "Paste refused: longer than " + String.format("%,d", 4 * maxMessage) + " characters.",
                            Role.BAD);
                }
                return false;
            }
            if (key.getKeyType() == KeyType.Character && !drawable(key.getCharacter())) {
                // An emoji arrives as two surrogate halves, and Lanterna throws while drawing a control
                // character: the field gets one U+FFFD instead, which the compose check then reports.
                if (!Character.isHighSurrogate(key.getCharacter()) && getFocusedInteractable() instanceof TextBox box) {
                    insert(box, String.valueOf(ScreenText.REPLACEMENT));
                }
                return false;
            }
            if (pendingEnter) {
                // An Enter followed by more input in the same burst: a paste without brackets.
                boolean text = key.getKeyType() == KeyType.Character && !key.isCtrlDown() && !key.isAltDown();
                if (key.getKeyType() == KeyType.Enter) {
                    return false; // a blank line inside the burst: still waiting for text
                }
                if (text) {
                    pendingEnter = false;
                    Interactable f = getFocusedInteractable();
                    if (f instanceof TextBox box
                            && !box.getText().isEmpty()
                            && !box.getText().endsWith(" ")) {
                        insert(box, " ");
                    }
                    joinedBreaks++;
                    return true;
                }
                pendingEnter = false;
                enter();
            }
            Interactable focused = getFocusedInteractable();
            boolean inField = focused instanceof TextBox;
            KeyType type = key.getKeyType();
            if (type == KeyType.Character && key.isCtrlDown() && !key.isAltDown()) {
                switch (Character.toLowerCase(key.getCharacter())) {
                    case 'c' -> quit = true;
                    case 'd' -> {
                        if (!inField || ((TextBox) focused).getText().isEmpty()) {
                            quit = true;
                        }
                    }
                    case 'l' -> redraw();
                    case 'r' -> {
                        mailroom.pollNow();
                        status.feedback("Checking for new messages...", Role.DIM);
                    }
                    default -> {} // other Ctrl keys would type their letter into a field (Lanterna #580)
                }
                return false;
            }
            if (key.isAltDown()) {
                return false;
            }
            switch (type) {
                case F1 -> {
                    showHelp();
                    return false;
                }
                case Escape -> {
                    clearFocused();
                    return false;
                }
                case Enter -> {
                    if (inField) {
                        if (terminalBracketsPastes && joinedBreaks == 0) {
                            enter();
                        } else {
                            // Wait for the end of the burst; after a joined paste in this burst it never sends.
                            pendingEnter = true;
                        }
                        return false;
                    }
                    return true;
                }
                case PageUp, PageDown -> {
                    if (focused != inbox) {
                        inbox.handleInput(key);
                        return false;
                    }
                    return true;
                }
                case ArrowUp, ArrowDown -> {
                    if (focused == message) {
                        recall(type == KeyType.ArrowUp);
                        return false;
                    }
                    return true;
                }
                case Character -> {
                    if (focused == inbox) {
                        char c = key.getCharacter();
                        if (c == 'q') {
                            quit = true;
                        } else if (c == '?') {
                            showHelp();
                        }
                        return false; // the inbox has no use for letters
                    }
                    return true;
                }
                default -> {
                    return true;
                }
            }
        }
    }

    private static boolean drawable(char c) {
        return ScreenText.sanitize(String.valueOf(c)).charAt(0) != ScreenText.REPLACEMENT;
    }

    private static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
