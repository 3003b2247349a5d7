package dev.pigeonhole.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pigeonhole.testing.SteppedClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The adaptive poll: fast while the window is in use or mail just came, the chosen interval otherwise. */
public class PollScheduleTest {
    private final SteppedClock clock = new SteppedClock(Instant.parse("2026-12-06T12:00:00Z"));
    private final PollSchedule schedule = PollSchedule.forInterval(clock, Duration.ofSeconds(2));

    @Test
    void a_client_nobody_has_touched_polls_at_the_idle_interval() {
        assertFalse(schedule.inUse());
        assertEquals(Duration.ofSeconds(2), schedule.period());
        assertEquals(clock.instant().plusSeconds(2), schedule.next(clock.instant()));
    }

    @Test
    void a_key_makes_it_fast_for_the_warm_period_then_idle_again() {
        schedule.touch();
        assertEquals(Duration.ofMillis(250), schedule.period());
        clock.advance(PollSchedule.WARM.minusMillis(1));
        assertEquals(Duration.ofMillis(250), schedule.period(), "still warm just before the end");
        clock.advance(Duration.ofMillis(1));
        assertEquals(Duration.ofSeconds(2), schedule.period(), "idle once the warm period has passed");
    }

    @Test
    void each_touch_restarts_the_warm_period() {
        schedule.touch();
        clock.advance(Duration.ofSeconds(100));
        schedule.touch();
        clock.advance(Duration.ofSeconds(100));
        assertTrue(schedule.inUse(), "200 s after the first key, 100 s after the last");
    }

    @Test
    void touch_says_when_the_poller_must_be_woken_only_on_the_idle_to_fast_edge() {
        assertTrue(schedule.touch(), "the first key: the planned poll is an idle one");
        clock.advance(Duration.ofSeconds(1));
        assertFalse(schedule.touch(), "already fast: no wake-up per key");
        clock.advance(PollSchedule.WARM);
        assertTrue(schedule.touch(), "idle again, so the next key wakes the poller");
    }

    @Test
    void a_clock_going_backwards_never_ends_the_warm_period_early() {
        schedule.touch();
        clock.advance(Duration.ofSeconds(-30));
        schedule.touch(); // an older instant must not replace the newer one
        clock.advance(Duration.ofSeconds(30).plus(PollSchedule.WARM).minusSeconds(1));
        assertTrue(schedule.inUse());
    }

    @Test
    void an_interval_shorter_than_the_fast_period_is_used_for_both() {
        PollSchedule quick = PollSchedule.forInterval(clock, Duration.ofMillis(100));
        quick.touch();
        assertEquals(Duration.ofMillis(100), quick.period());
    }

    @Test
    void an_idle_period_shorter_than_the_fast_one_is_refused() {
        assertThrows(
                IllegalArgumentException.class,
                () -> new PollSchedule(clock, Duration.ofSeconds(1), Duration.ofMillis(500), Duration.ofMinutes(1)));
    }

    @Test
    void a_focused_window_polls_fast_however_long_it_stays_focused() {
        assertTrue(schedule.focus(true), "focus in on an idle client wakes the poller");
        clock.advance(PollSchedule.WARM.multipliedBy(10));
        assertEquals(Duration.ofMillis(250), schedule.period());
        assertFalse(schedule.focus(true), "already fast: no wake-up");
    }

    @Test
    void after_focus_out_it_stays_fast_for_the_warm_period_then_idles() {
        schedule.focus(true);
        clock.advance(Duration.ofMinutes(30));
        assertFalse(schedule.focus(false), "focus out never needs a faster poll");
        clock.advance(PollSchedule.WARM.minusMillis(1));
        assertEquals(Duration.ofMillis(250), schedule.period(), "the warm period runs from the focus out");
        clock.advance(Duration.ofMillis(1));
        assertEquals(Duration.ofSeconds(2), schedule.period());
    }

    @Test
    void a_focus_out_before_any_focus_in_is_a_sign_of_use_like_a_key() {
        schedule.focus(false);
        assertTrue(schedule.inUse());
        clock.advance(PollSchedule.WARM);
        assertFalse(schedule.inUse());
    }
}
