package dev.pigeonhole.tui;

import com.googlecode.lanterna.gui2.Interactable;
import com.googlecode.lanterna.gui2.TextGUI;
import com.googlecode.lanterna.screen.Screen;
import dev.pigeonhole.compose.Compose;
import dev.pigeonhole.compose.Outbox;
import dev.pigeonhole.courier.LinkState;
import dev.pigeonhole.courier.Mailroom;
import dev.pigeonhole.tui.Look.Role;
import java.io.IOException;
import java.util.List;
import java.util.function.Supplier;

/**
 * What each {@link KeyMap} binding does to the {@link MessengerWindow}: the actions the table names, run on the
 * GUI thread by {@link InputKeys} once the mode has picked the row. They act on the window's parts (the compose
 * model through its {@link ComposeLine}, the conversation, search, the outbox) and never decide the mode
 * themselves; a key that cannot act says why in the status pane and changes nothing.
 */
final class KeyActions implements KeyMap.Actions {
    private final MessengerWindow window;
    private final MessengerWindow.Parts parts;
    private final Look look;
    private final Mailroom mailroom;
    private final MessengerWindow.Store store;
    private final MessengerWindow.Hooks hooks;
    /** The outbox as the network side last told it, oldest first. */
    private final Supplier<List<Outbox.Entry>> outbox;

    private Interactable focusBeforeFind;
    private boolean quit;
    private HelpWindow help;

    KeyActions(
            MessengerWindow window,
            MessengerWindow.Parts parts,
            Look look,
            Mailroom mailroom,
            MessengerWindow.Store store,
            MessengerWindow.Hooks hooks,
            Supplier<List<Outbox.Entry>> outbox) {
        this.window = window;
        this.parts = parts;
        this.look = look;
        this.mailroom = mailroom;
        this.store = store;
        this.hooks = hooks;
        this.outbox = outbox;
    }

    /** True once a key asked to quit. */
    boolean quitRequested() {
        return quit;
    }

    private void show(Compose.Change c) {
        parts.line().show(c);
    }

    // ---- compose ------------------------------------------------------------------------------------

    @Override
    public void send() {
        Compose.Send s = parts.compose().send();
        if (s instanceof Compose.Send.Go go) {
            show(new Compose.Change(true, null, null));
            mailroom.send(go.recipient(), go.text());
            parts.status().feedback("Sending to " + go.recipient() + "...", Role.WARN);
        } else if (s instanceof Compose.Send.Refused r) {
            show(r.change());
        }
    }

    @Override
    public void toMessage() {
        window.setFocusedInteractable(parts.line().message);
    }

    @Override
    public void complete() {
        show(parts.compose().tab(parts.people().people()));
    }

    @Override
    public void otherField() {
        LineEditor to = parts.line().to;
        window.setFocusedInteractable(window.getFocusedInteractable() == to ? parts.line().message : to);
    }

    @Override
    public void recall(boolean older) {
        if (!parts.line().message.lineUpDown(older)) {
            show(parts.compose().recall(older));
        }
    }

    @Override
    public void replyToLatest() {
        ConversationView conversation = parts.conversation();
        String who = conversation.peer() != null ? conversation.peer() : conversation.newestPeer(true);
        if (who == null) {
            parts.status().feedback("Nobody has written in this view yet: type a name in To:.", Role.WARN);
            return;
        }
        show(parts.compose().address(who));
        window.setFocusedInteractable(parts.line().message);
        parts.status().feedback("Replying to " + who + ".", Role.DIM);
    }

    @Override
    public void resend() {
        var m = Outbox.waitingForYou(outbox.get(), parts.conversation().peer());
        if (m.isEmpty()) {
            refuse("Nothing to send again here: Ctrl-O acts on an unconfirmed or undelivered message.");
            return;
        }
        mailroom.resend(m.get().id());
        parts.status()
                .feedback("Sending again to " + ScreenText.sanitize(m.get().recipient()) + "...", Role.WARN);
    }

    @Override
    public void settle() {
        var m = Outbox.toSettle(outbox.get(), parts.conversation().peer());
        if (m.isEmpty()) {
            refuse("Nothing to settle here: Ctrl-X acts on an unconfirmed, undelivered or pending message.");
        } else if (m.get().state() == Outbox.State.UNCONFIRMED) {
            mailroom.recordSent(m.get().id());
        } else {
            mailroom.takeBack(m.get().id());
        }
    }

    // ---- the conversation ---------------------------------------------------------------------------

    @Override
    public void scroll(int pages) {
        parts.conversation().scroll(pages, true);
    }

    @Override
    public void oldest() {
        parts.conversation().scrollToStart();
    }

    @Override
    public void newest() {
        parts.conversation().scrollToEnd();
    }

    @Override
    public void conversation(int step) {
        String peer = parts.people().step(step); // null: everyone's
        parts.people().current(peer);
        parts.conversation().switchTo(peer);
        store.latest(peer);
        if (peer != null) {
            show(parts.compose().address(peer)); // To: follows the conversation
        }
        parts.find().forget();
        window.conversationChanged();
    }

    // ---- search -------------------------------------------------------------------------------------

    @Override
    public void find() {
        focusBeforeFind = window.getFocusedInteractable();
        parts.layout().fields("Find:", parts.find().field(), null, null);
        window.setFocusedInteractable(parts.find().field());
        parts.find().open();
    }

    @Override
    public void findNext(boolean older) {
        parts.find().next(older);
    }

    @Override
    public void closeFind() {
        parts.layout().fields("To:", parts.line().to, "Msg:", parts.line().message);
        window.setFocusedInteractable(focusBeforeFind instanceof LineEditor ? focusBeforeFind : parts.line().message);
        parts.find().close();
    }

    // ---- the application ----------------------------------------------------------------------------

    @Override
    public void checkNow() {
        mailroom.pollNow();
        parts.status()
                .feedback(
                        parts.status().connection().phase() == LinkState.Phase.OFFLINE
                                ? "Reconnecting now..."
                                : "Checking for new messages...",
                        Role.DIM);
    }

    @Override
    public void redraw() {
        TextGUI gui = window.getTextGUI();
        if (gui != null) {
            try {
                window.invalidate();
                gui.getScreen().refresh(Screen.RefreshType.COMPLETE);
            } catch (IOException e) {
                parts.status().feedback("Redraw failed: " + e.getMessage(), Role.BAD);
            }
        }
    }

    @Override
    public void help() {
        if (help == null || help.getTextGUI() == null) {
            help = new HelpWindow(look, window.getTextGUI().getScreen().getTerminalSize(), window::handleInput);
            window.getTextGUI().addWindow(help);
        }
    }

    @Override
    public void suspend() {
        String why = hooks.suspend().get();
        if (why != null) {
            refuse(why);
        } else {
            redraw();
        }
    }

    @Override
    public void quit(boolean onlyIfEmpty) {
        if (onlyIfEmpty && !window.field().getText().isEmpty()) {
            refuse("Ctrl-D quits only when the field is empty; Ctrl-C quits and keeps your draft.");
            return;
        }
        quit = true;
    }

    @Override
    public void refuse(String why) {
        parts.status().feedback(why, Role.WARN);
    }
}
