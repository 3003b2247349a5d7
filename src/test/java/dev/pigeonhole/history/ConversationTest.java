package dev.pigeonhole.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pigeonhole.client.ConversationMessage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The conversation model without a terminal: pages, stale answers, jumps and the "new" marker. */
class ConversationTest {
    private final List<String> asked = new ArrayList<>();
    private final Conversation c = new Conversation();

    ConversationTest() {
        c.pager(new Conversation.Pager() {
            @Override
            public void older(String peer, Timeline.Cursor from) {
                asked.add("older " + from.archive());
            }

            @Override
            public void newer(String peer, Timeline.Cursor from) {
                asked.add("newer " + from.archive());
            }

            @Override
            public void latest(String peer) {
                asked.add("latest");
            }

            @Override
            public void oldest(String peer) {
                asked.add("oldest");
            }

            @Override
            public void around(String peer, Timeline.Item item) {
                asked.add("around " + item.start());
            }
        });
    }

    /** Received messages {@code from..to-1}, each 10 bytes of the archive at offset 10*i. */
    private static List<Timeline.Item> items(int from, int to) {
        List<Timeline.Item> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            ConversationMessage m = new ConversationMessage(
                    Instant.parse("2026-11-01T00:00:00Z").plusSeconds(i),
                    ConversationMessage.Direction.IN,
                    "bob",
                    "m" + i);
            out.add(new Timeline.Item(m, 10L * i, 10L * i + 10));
        }
        return out;
    }

    private static Timeline.Cursor at(int i) {
        return new Timeline.Cursor(10L * i, 0);
    }

    private static Timeline.Page page(Timeline.Page.Kind kind, int from, int to, int total) {
        return new Timeline.Page(null, kind, items(from, to), at(from), at(to), from == 0, to == total);
    }

    private List<String> texts() {
        return c.items().stream().map(i -> i.message().text()).toList();
    }

    @Test
    void an_older_page_arriving_after_a_jump_to_the_bottom_never_drops_the_newest() {
        int total = 10_000;
        c.switchTo(null);
        c.show(page(Timeline.Page.Kind.LATEST, total - 500, total, total));
        c.reachedEdge(true, false); // scrolled to the top: an older page is asked for
        assertEquals(List.of("older " + 10L * (total - 500)), asked);
        c.follow(false);
        c.show(page(Timeline.Page.Kind.OLDER, total - 1000, total - 500, total));
        c.reachedEdge(true, false);
        // Paging up until the newest were let go of, then Ctrl-End while one more older page is on its way.
        for (int k = 3; k <= 5; k++) {
            c.show(page(Timeline.Page.Kind.OLDER, total - 500 * k, total - 500 * (k - 1), total));
            c.reachedEdge(true, false);
        }
        assertFalse(c.atEnd(), "the newest were let go of");
        assertFalse(c.toNewest(), "not held: asked for");
        c.show(page(Timeline.Page.Kind.LATEST, total - 500, total, total));
        // The older page asked for before the jump arrives now.
        c.show(page(Timeline.Page.Kind.OLDER, total - 3000, total - 2500, total));
        assertEquals("m" + (total - 1), texts().get(texts().size() - 1), "the newest is still there");
        assertEquals(500, c.size(), "the stale page did not join what is held");
        assertTrue(c.following());
    }

    @Test
    void ctrl_home_asks_for_the_oldest_page_in_one_step_and_the_view_starts_there() {
        c.switchTo(null);
        c.show(page(Timeline.Page.Kind.LATEST, 19_500, 20_000, 20_000));
        assertFalse(c.toOldest());
        assertEquals(List.of("oldest"), asked, "one request, however long the history");
        c.show(page(Timeline.Page.Kind.OLDEST, 0, 500, 20_000));
        assertEquals("m0", texts().get(0));
        assertTrue(c.atStart());
        assertFalse(c.following());
        assertTrue(c.toOldest(), "already held: nothing more to ask");
    }

    @Test
    void the_new_marker_sits_above_the_first_new_message_even_after_the_batch_overflowed_the_view() {
        c.switchTo(null);
        c.show(page(Timeline.Page.Kind.LATEST, 0, 100, 100));
        assertEquals(-1, c.newMarker(), "nothing new yet");
        c.arrived(items(100, 110), at(110));
        assertEquals(100, c.newMarker(), "above the first message that arrived");
        Conversation big = new Conversation();
        big.switchTo(null);
        big.show(page(Timeline.Page.Kind.LATEST, 0, 100, 100));
        big.arrived(items(100, 3100), at(3100)); // more than the view holds: the first new ones are let go of
        assertEquals(Conversation.CAPACITY, big.size());
        assertEquals(-1, big.newMarker(), "not at the top of what is held: the first new message is not held");
    }

    @Test
    void a_match_not_held_is_asked_for_around_it_and_found_once_its_page_comes() {
        c.switchTo(null);
        c.show(page(Timeline.Page.Kind.LATEST, 9_500, 10_000, 10_000));
        Timeline.Item old = items(42, 43).get(0);
        assertEquals(-1, c.reveal(new Conversation.Match(old, "m42")));
        assertEquals(List.of("around 420"), asked);
        c.show(page(Timeline.Page.Kind.AROUND, 0, 300, 10_000));
        assertEquals(42, c.matchIndex());
        assertFalse(c.following());
    }
}
