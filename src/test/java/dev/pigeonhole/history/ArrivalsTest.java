package dev.pigeonhole.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pigeonhole.client.ConversationMessage;
import dev.pigeonhole.testing.SteppedClock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One announcement and one bell per burst, however many looks at the files the burst takes. */
class ArrivalsTest {
    private static List<ConversationMessage> from(String... senders) {
        List<ConversationMessage> out = new ArrayList<>();
        for (String s : senders) {
            out.add(new ConversationMessage(
                    java.time.Instant.parse("2026-11-25T16:40:00Z"), ConversationMessage.Direction.IN, s, "hi"));
        }
        return out;
    }

    @Test
    void three_thousand_messages_from_three_people_in_two_looks_are_one_summary_with_one_bell() {
        SteppedClock clock = new SteppedClock(Instant.parse("2026-12-06T12:00:00Z"));
        Arrivals a = new Arrivals(clock, ZoneOffset.UTC);
        List<ConversationMessage> first = new ArrayList<>();
        for (int i = 0; i < 2_282; i++) {
            first.addAll(from(i % 2 == 0 ? "alice" : "bob"));
        }
        Arrivals.Announcement one = a.add(first);
        assertTrue(one.ring());
        clock.advance(Duration.ofMillis(300));
        List<ConversationMessage> rest = new ArrayList<>();
        for (int i = 0; i < 718; i++) {
            rest.addAll(from("erin"));
        }
        Arrivals.Announcement two = a.add(rest);
        assertFalse(two.ring(), "the same burst: no second bell");
        assertEquals("3,000 new messages from alice, bob and erin.", two.text());
    }

    @Test
    void a_message_after_a_quiet_spell_starts_a_new_burst_and_rings() {
        SteppedClock clock = new SteppedClock(Instant.parse("2026-12-06T12:00:00Z"));
        Arrivals a = new Arrivals(clock, ZoneOffset.UTC);
        a.add(from("bob", "bob"));
        clock.advance(Arrivals.QUIET);
        Arrivals.Announcement next = a.add(from("carol"));
        assertTrue(next.ring());
        assertEquals("New message from carol at 16:40.", next.text());
        assertNull(a.add(
                List.of(new ConversationMessage(clock.instant(), ConversationMessage.Direction.OUT, "bob", "mine"))));
        assertEquals(
                "5 new messages from carol, a and 3 others.",
                a.add(from("a", "b", "c", "d")).text());
    }
}
