package dev.pigeonhole.tui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The status pane's feedback row: no problem found in the background is replaced before it can be read. */
class FeedbackRowTest {
    private static final Instant T0 = Instant.parse("2026-12-07T03:00:00Z");
    private final FeedbackRow<String> row = new FeedbackRow<>("hint", "dim");

    private String shown() {
        return row.shown().text();
    }

    @Test
    void two_problems_at_once_show_one_after_the_other_each_for_the_hold() {
        row.problem("archive made private", "bad", T0);
        row.problem("sent store made private", "bad", T0.plusMillis(5));
        assertEquals("archive made private", shown());
        assertFalse(row.tick(T0.plus(FeedbackRow.HOLD).minusMillis(1)));
        assertEquals("archive made private", shown(), "held for its time");
        assertTrue(row.tick(T0.plus(FeedbackRow.HOLD)));
        assertEquals("sent store made private", shown());
        assertEquals("bad", row.shown().role());
    }

    @Test
    void background_news_during_a_hold_waits_and_only_the_latest_is_kept() {
        row.problem("drafts unreadable", "bad", T0);
        row.news("New message from bob.", "good", T0.plusSeconds(1));
        row.answer("Your draft to bob is back.", "dim", T0.plusSeconds(2)); // no key pressed: not the user's
        assertEquals("drafts unreadable", shown());
        row.tick(T0.plus(FeedbackRow.HOLD));
        assertEquals("Your draft to bob is back.", shown());
    }

    @Test
    void problems_wait_before_news_and_news_shows_without_a_hold_of_its_own() {
        row.problem("one", "bad", T0);
        row.news("news", "good", T0);
        row.problem("two", "bad", T0);
        row.tick(T0.plus(FeedbackRow.HOLD));
        assertEquals("two", shown());
        row.tick(T0.plus(FeedbackRow.HOLD.multipliedBy(2)));
        assertEquals("news", shown());
        row.news("later news", "good", T0.plus(FeedbackRow.HOLD.multipliedBy(2)).plusMillis(1));
        assertEquals("later news", shown(), "news holds nothing");
    }

    @Test
    void a_key_pressed_lets_its_answer_through_and_the_waiting_problems_still_come() {
        row.problem("one", "bad", T0);
        row.problem("two", "bad", T0);
        row.keyPressed();
        row.answer("A recipient cannot contain spaces.", "warn", T0.plusSeconds(1));
        assertEquals("A recipient cannot contain spaces.", shown());
        row.tick(T0.plus(FeedbackRow.HOLD));
        assertEquals("two", shown(), "the waiting problem is not lost to the user's typing");
    }

    @Test
    void the_same_problem_again_is_not_queued_twice_and_a_flood_is_bounded() {
        row.problem("cannot save drafts", "bad", T0);
        row.problem("cannot save drafts", "bad", T0.plusMillis(1));
        for (int i = 0; i < 3 * FeedbackRow.MAX_WAITING; i++) {
            row.problem("problem " + i, "bad", T0.plusMillis(2));
            row.problem("problem " + i, "bad", T0.plusMillis(3));
        }
        int shownAfter = 0;
        for (int k = 1; row.tick(T0.plus(FeedbackRow.HOLD.multipliedBy(k))); k++) {
            assertFalse(shown().equals("cannot save drafts"), "not again");
            shownAfter++;
        }
        assertEquals(FeedbackRow.MAX_WAITING, shownAfter);
    }

    @Test
    void without_a_hold_everything_shows_at_once_as_before() {
        row.answer("Sending to bob...", "warn", T0);
        assertEquals("Sending to bob...", shown());
        row.news("New message from bob.", "good", T0);
        assertEquals("New message from bob.", shown());
        row.problem("late problem", "bad", T0.plusSeconds(60));
        assertEquals("late problem", shown());
    }
}
