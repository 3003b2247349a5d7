package dev.pigeonhole.tui;

import dev.pigeonhole.client.ConversationMessage;
import dev.pigeonhole.history.Arrivals;
import dev.pigeonhole.history.Timeline;
import dev.pigeonhole.tui.Look.Role;
import java.time.Clock;
import java.time.ZoneId;
import java.util.List;

/**
 * What the window makes of new records in the files: unread counts in the correspondents pane (cleared once
 * the conversation shows them), the unread total in the terminal's title, and one announcement in the status
 * pane per burst, with at most one bell. GUI thread only.
 */
final class NewMail {
    private final PeopleView people;
    private final ConversationView conversation;
    private final StatusView status;
    private final MessengerWindow.Hooks hooks;
    private final Arrivals arrivals;
    private String shownTitle;

    NewMail(
            PeopleView people,
            ConversationView conversation,
            StatusView status,
            MessengerWindow.Hooks hooks,
            Clock clock,
            ZoneId zone) {
        this.people = people;
        this.conversation = conversation;
        this.status = status;
        this.hooks = hooks;
        this.arrivals = new Arrivals(clock, zone);
    }

    /** Counts and announces {@code items}, which the conversation has already taken in. */
    void arrived(List<Timeline.Item> items) {
        for (Timeline.Item i : items) {
            ConversationMessage m = i.message();
            people.seen(m.peer(), m.at());
            if (m.incoming() && !(conversation.shows(m.peer()) && conversation.following())) {
                people.unread(m.peer(), 1);
            }
        }
        Arrivals.Announcement news =
                arrivals.add(items.stream().map(Timeline.Item::message).toList());
        if (news != null) {
            status.news(ScreenText.display(news.text()), Role.GOOD);
            if (news.ring() && hooks.bellOnNew()) {
                hooks.bell().run(); // once per burst, however many looks at the files it took
            }
        }
    }

    /** Once per turn: what the conversation shows at its end is read; the title follows the unread total. */
    void tick() {
        if (conversation.following() && conversation.loaded()) {
            String p = conversation.peer();
            if (p == null ? people.unreadTotal() > 0 : people.unread(p) > 0) {
                people.read(p); // on screen now
            }
        }
        String t = people.unreadTotal() > 0 ? "Pigeonhole (" + people.unreadTotal() + ")" : "Pigeonhole";
        if (!t.equals(shownTitle)) {
            shownTitle = t;
            hooks.title().accept(t);
        }
    }
}
