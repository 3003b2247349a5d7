package dev.pigeonhole.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Repeated events are written a bounded number of times per kind and window, with exact counts. */
class LogThrottleTest {
    private static final long WINDOW = TimeUnit.SECONDS.toNanos(10);

    @Test
    void the_first_event_of_a_key_is_written_and_the_rest_counted_in_one_line() {
        LogThrottle t = new LogThrottle(WINDOW);
        assertTrue(t.admit("message limit exceeded", "by #17 127.0.0.1:51234", 0));
        for (int i = 0; i < 52_113; i++) {
            assertFalse(t.admit("message limit exceeded", "by #17 127.0.0.1:51234", i));
        }
        assertEquals(List.of(), t.due(WINDOW - 1), "nothing before the window ends");
        assertEquals(
                List.of("message limit exceeded 52,114 times by #17 127.0.0.1:51234 in the last 10 s"), t.due(WINDOW));
        assertFalse(t.pending());
        assertTrue(t.admit("message limit exceeded", "by #17 127.0.0.1:51234", WINDOW + 1), "a new window");
    }

    @Test
    void a_flood_of_keys_writes_at_most_17_lines_per_kind_and_window() {
        LogThrottle t = new LogThrottle(WINDOW);
        int written = 0;
        for (int key = 0; key < 100_000; key++) {
            for (int repeat = 0; repeat < 3; repeat++) {
                if (t.admit("dropped for a protocol violation", "by #" + key, key)) {
                    written++;
                }
            }
        }
        List<String> summaries = t.due(WINDOW);
        assertEquals(LogThrottle.KEYS_PER_KIND, written);
        assertEquals(LogThrottle.KEYS_PER_KIND + 1, summaries.size(), summaries.toString());
        assertEquals(
                "dropped for a protocol violation 299,976 times more, by others than the 8 above, in the last 10 s"
                        + " (not written one by one)",
                summaries.get(summaries.size() - 1));
    }

    @Test
    void kinds_are_limited_separately_and_an_empty_key_reads_well() {
        LogThrottle t = new LogThrottle(WINDOW);
        assertTrue(t.admit("connection limit reached", "", 0));
        assertFalse(t.admit("connection limit reached", "", 1));
        assertTrue(t.admit("queue full", "for bob", 2));
        assertEquals(List.of("connection limit reached 2 times in the last 10 s"), t.due(WINDOW));
        assertEquals(List.of(), t.due(WINDOW + 2), "queue full: one event, written in full already");
    }

    @Test
    void counts_of_windows_still_open_are_written_when_the_server_stops() {
        LogThrottle t = new LogThrottle(WINDOW);
        t.admit("queue full", "for bob", 0);
        t.admit("queue full", "for bob", 1);
        assertEquals(List.of(), t.due(2));
        assertEquals(List.of("queue full 2 times for bob in the last 10 s"), t.dueAll(2));
        assertFalse(t.pending());
    }
}
