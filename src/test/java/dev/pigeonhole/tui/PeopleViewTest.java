package dev.pigeonhole.tui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The correspondents pane sorts when it needs the order, not on every message. */
class PeopleViewTest {
    @Test
    void a_batch_of_5000_messages_from_5000_people_costs_one_sort_not_one_per_message() {
        PeopleView people = new PeopleView(new Look(false, true));
        Instant t = Instant.parse("2026-11-25T00:00:00Z");
        for (int i = 0; i < 5_000; i++) {
            people.seen("user" + i, t.plusSeconds(i));
        }
        assertEquals("user4999", people.people().get(0), "most recent first");
        assertEquals(1, people.sorts());
        people.seen("user0", t.minusSeconds(1)); // older than what is known: the order stands
        assertEquals(List.of("user4999", "user4998"), people.people().subList(0, 2));
        assertEquals(1, people.sorts());
    }
}
