package dev.pigeonhole.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** When event loops start serving (saturated loops beside idle CPU) and when one rests again (a full host). */
class LoopDemandTest {
    private static final double[] ONE_SATURATED = {0.97};

    @Test
    void a_saturated_loop_and_an_idle_core_for_two_samples_start_one_more_loop() {
        LoopDemand d = new LoopDemand(2);
        assertEquals(0, d.sample(ONE_SATURATED, 1.0), "one sample is a burst");
        assertEquals(1, d.sample(ONE_SATURATED, 1.0));
    }

    @Test
    void no_loop_starts_while_the_host_has_no_idle_core() {
        LoopDemand d = new LoopDemand(4);
        for (int i = 0; i < 10; i++) {
            assertEquals(0, d.sample(ONE_SATURATED, 0.4), "sample " + i);
        }
    }

    @Test
    void no_loop_starts_while_one_serving_loop_has_time_to_spare() {
        LoopDemand d = new LoopDemand(4);
        for (int i = 0; i < 10; i++) {
            assertEquals(0, d.sample(new double[] {0.99, 0.6}, 3.0), "sample " + i);
        }
    }

    @Test
    void an_unknown_host_never_grows_the_pool() {
        LoopDemand d = new LoopDemand(4);
        for (int i = 0; i < 10; i++) {
            assertEquals(0, d.sample(ONE_SATURATED, Double.NaN), "sample " + i);
        }
    }

    @Test
    void a_quiet_sample_between_two_busy_ones_starts_nothing() {
        LoopDemand d = new LoopDemand(4);
        assertEquals(0, d.sample(ONE_SATURATED, 2.0));
        assertEquals(0, d.sample(new double[] {0.3}, 2.0));
        assertEquals(0, d.sample(ONE_SATURATED, 2.0));
        assertEquals(1, d.sample(ONE_SATURATED, 2.0));
        assertEquals(0, d.sample(new double[] {0.95, 0.95}, 2.0), "the count starts again after a start");
    }

    @Test
    void one_loop_per_two_idle_cores_within_the_most_loops() {
        assertEquals(3, twoSamples(new LoopDemand(8), 6.5));
        assertEquals(1, twoSamples(new LoopDemand(8), 1.9));
        assertEquals(1, twoSamples(new LoopDemand(2), 6.5), "one loop is left to start");
    }

    @Test
    @DisplayName("when every loop serves already, none is started (the pool's size is the most)")
    void every_loop_serving_starts_nothing() {
        LoopDemand d = new LoopDemand(1);
        assertEquals(0, d.sample(ONE_SATURATED, 8));
        assertEquals(0, d.sample(ONE_SATURATED, 8));
        assertThrows(IllegalArgumentException.class, () -> new LoopDemand(0));
    }

    @Test
    void the_newest_loop_rests_after_five_samples_of_a_full_host_while_a_loop_has_time_to_spare() {
        LoopDemand d = new LoopDemand(4);
        double[] spare = {0.95, 0.6};
        for (int i = 0; i < 4; i++) {
            assertEquals(0, d.sample(spare, 0.1), "sample " + i);
        }
        assertEquals(-1, d.sample(spare, 0.1));
        assertEquals(0, d.sample(spare, 0.1), "the count starts again after a rest");
    }

    @Test
    void saturated_loops_on_a_full_host_keep_serving() {
        LoopDemand d = new LoopDemand(4);
        for (int i = 0; i < 20; i++) {
            assertEquals(0, d.sample(new double[] {0.95, 0.97}, 0.0), "sample " + i);
            assertEquals(0, d.sample(new double[] {0.5, 0.4}, 0.6), "idle CPU left, sample " + i);
        }
        for (int i = 0; i < 20; i++) {
            assertEquals(0, d.sample(new double[] {0.2}, 0.0), "the last loop never rests, sample " + i);
        }
    }

    @Test
    void each_rest_doubles_the_samples_a_later_start_needs() {
        LoopDemand d = new LoopDemand(2);
        rest(d);
        assertEquals(0, d.sample(ONE_SATURATED, 1.0));
        assertEquals(0, d.sample(ONE_SATURATED, 1.0));
        assertEquals(0, d.sample(ONE_SATURATED, 1.0));
        assertEquals(1, d.sample(ONE_SATURATED, 1.0), "four samples after one rest");
        rest(d);
        for (int i = 0; i < 7; i++) {
            assertEquals(0, d.sample(ONE_SATURATED, 1.0), "sample " + i);
        }
        assertEquals(1, d.sample(ONE_SATURATED, 1.0), "eight after two");
    }

    private static void rest(LoopDemand d) {
        for (int i = 0; i < LoopDemand.REST_SAMPLES - 1; i++) {
            assertEquals(0, d.sample(new double[] {0.5, 0.5}, 0.0));
        }
        assertEquals(-1, d.sample(new double[] {0.5, 0.5}, 0.0));
    }

    private static int twoSamples(LoopDemand d, double idle) {
        d.sample(ONE_SATURATED, idle);
        return d.sample(ONE_SATURATED, idle);
    }
}
