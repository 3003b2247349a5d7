package dev.pigeonhole.tui;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.gui2.BasicWindow;
import com.googlecode.lanterna.gui2.BorderLayout;
import com.googlecode.lanterna.gui2.Borders;
import com.googlecode.lanterna.gui2.Component;
import com.googlecode.lanterna.gui2.Direction;
import com.googlecode.lanterna.gui2.Interactable;
import com.googlecode.lanterna.gui2.Label;
import com.googlecode.lanterna.gui2.LayoutData;
import com.googlecode.lanterna.gui2.LinearLayout;
import com.googlecode.lanterna.gui2.Panel;
import dev.pigeonhole.compose.OutboxShown;
import java.util.List;

/**
 * Where the messenger window's parts sit: correspondents on the left (from {@link #PEOPLE_FROM} columns on),
 * the heading, the conversation and the outbox strip under it, the input line (To: and Msg:, or Find:) and
 * the status pane; below {@link #MIN_SIZE} a notice instead of all of it. Only layout: what the parts show is
 * theirs and their models'. GUI thread only.
 */
final class MessengerLayout {
    /** Below this the layout cannot show a useful conversation: a notice replaces it. */
    static final TerminalSize MIN_SIZE = new TerminalSize(40, 10);
    /** From this width on, the correspondents pane is shown. */
    static final int PEOPLE_FROM = 70;

    private final BasicWindow window;
    private final Component peoplePane;
    private final OutboxView outbox;
    private final Label heading = new Label("");
    private final Panel talk = new Panel(new BorderLayout());
    private final Panel middle = new Panel(new BorderLayout());
    private final Panel inputLine = new Panel(new LinearLayout(Direction.HORIZONTAL).setSpacing(1));
    private final Panel root = new Panel(new BorderLayout());
    private final Label tooSmall = new Label("");

    private boolean small;
    private boolean peopleShown = true;
    private Interactable focusBeforeSmall;

    MessengerLayout(
            BasicWindow window,
            PeopleView people,
            ConversationView conversation,
            OutboxView outbox,
            StatusView status) {
        this.window = window;
        this.outbox = outbox;
        talk.addComponent(heading, BorderLayout.Location.TOP);
        talk.addComponent(conversation, BorderLayout.Location.CENTER);
        peoplePane = people.withBorder(Borders.singleLine("People"));
        middle.addComponent(peoplePane, BorderLayout.Location.LEFT);
        middle.addComponent(talk.withBorder(Borders.singleLine("Messages")), BorderLayout.Location.CENTER);
        Panel bottom = new Panel(new LinearLayout(Direction.VERTICAL).setSpacing(0));
        bottom.addComponent(
                inputLine.withBorder(Borders.singleLine("Compose")),
                LinearLayout.createLayoutData(LinearLayout.Alignment.Fill));
        bottom.addComponent(status, LinearLayout.createLayoutData(LinearLayout.Alignment.Fill));
        root.addComponent(middle, BorderLayout.Location.CENTER);
        root.addComponent(bottom, BorderLayout.Location.BOTTOM);
        window.setComponent(root);
    }

    /** The input line shows {@code a} and {@code b} (To: and Msg:), or just one field (Find:, {@code b} null). */
    void fields(String aLabel, LineEditor a, String bLabel, LineEditor b) {
        inputLine.removeAllComponents();
        inputLine.addComponent(new Label(aLabel));
        LayoutData grow = LinearLayout.createLayoutData(LinearLayout.Alignment.Fill, LinearLayout.GrowPolicy.CanGrow);
        if (b == null) {
            inputLine.addComponent(a, grow);
            return;
        }
        inputLine.addComponent(a);
        inputLine.addComponent(new Label(bLabel));
        inputLine.addComponent(b, grow);
    }

    /**
     * Lays the window out for {@code size}: the notice when it is too small (the focus is kept for when it
     * grows again; {@code home} if there was none), the correspondents pane only when wide enough.
     */
    void fit(TerminalSize size, Interactable home) {
        boolean fits = size.getColumns() >= MIN_SIZE.getColumns() && size.getRows() >= MIN_SIZE.getRows();
        if (!fits) {
            String notice = "Terminal too small: " + size.getColumns() + "x" + size.getRows() + ".\nPigeonhole needs "
                    + MIN_SIZE.getColumns() + "x" + MIN_SIZE.getRows() + ".\nCtrl-C quits.";
            if (!notice.equals(tooSmall.getText())) {
                tooSmall.setText(notice); // only on change: setText forces a redraw
            }
        }
        if (!fits && !small) {
            small = true;
            focusBeforeSmall = window.getFocusedInteractable();
            window.setComponent(tooSmall);
        } else if (fits && small) {
            small = false;
            window.setComponent(root);
            window.setFocusedInteractable(focusBeforeSmall != null ? focusBeforeSmall : home);
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

    /** True while the notice replaces the layout. */
    boolean small() {
        return small;
    }

    /** True while the correspondents pane is shown. */
    boolean peopleShown() {
        return peopleShown;
    }

    /** The heading over the conversation; set only on change (setText forces a redraw). */
    void heading(String text) {
        if (!text.equals(heading.getText())) {
            heading.setText(text);
        }
    }

    /** The outbox strip under the conversation, shown only while it has rows. */
    void outbox(List<OutboxShown.Row> rows) {
        boolean any = outbox.show(rows);
        if (any != talk.containsComponent(outbox)) {
            if (any) {
                talk.addComponent(outbox, BorderLayout.Location.BOTTOM);
            } else {
                talk.removeComponent(outbox);
            }
        }
    }

    /** True while the outbox strip is shown. */
    boolean outboxShown() {
        return talk.containsComponent(outbox);
    }
}
