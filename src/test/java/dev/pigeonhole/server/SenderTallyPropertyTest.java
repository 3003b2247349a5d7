package dev.pigeonhole.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pigeonhole.testing.Seeds;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link SenderTally}, the per-sender counts behind the queue share (P7: a server may refuse a COMPOSE, and
 * refuses one sender who has its share of a recipient's queue), agrees with a {@code HashMap} after every
 * step of a random sequence of adds and removes, including names that collide in its table, growth, and the
 * backward shifts of deletion.
 */
@ExtendWith(Seeds.Report.class)
class SenderTallyPropertyTest {
    static LongStream seeds() {
        return Seeds.with(0, 1, 2, 42);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void counts_match_a_map_after_every_add_and_remove_P7(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        // Few names for many collisions and runs, or many for growth; "Aa" and "BB" share a hash code.
        int names = 1 + random.nextInt(random.nextBoolean() ? 6 : 60);
        List<String> pool = new ArrayList<>();
        for (int i = 0; i < names; i++) {
            pool.add(i % 3 == 0 ? "Aa".repeat(1 + i / 3) : i % 3 == 1 ? "BB".repeat(1 + i / 3) : "user" + i);
        }
        SenderTally tally = new SenderTally();
        Map<String, Integer> expected = new HashMap<>();
        for (int step = 0; step < 2000; step++) {
            // A fresh String each time: the tally must compare names by content, not by identity.
            String sender = new String(pool.get(random.nextInt(names)));
            int have = expected.getOrDefault(sender, 0);
            if (have > 0 && random.nextInt(3) > 0) {
                tally.add(sender, -1);
                if (have == 1) {
                    expected.remove(sender);
                } else {
                    expected.put(sender, have - 1);
                }
            } else {
                tally.add(sender, 1);
                expected.put(sender, have + 1);
            }
            assertEquals(expected.size(), tally.size(), () -> "senders after step with " + sender);
            for (String name : pool) {
                assertEquals(expected.getOrDefault(name, 0), tally.get(name), () -> "count of " + name);
            }
        }
    }

    @Test
    @DisplayName("an entry at 0 goes, so a table a flood grew empties completely (P7)")
    void entries_at_zero_are_removed_P7() {
        SenderTally tally = new SenderTally();
        for (int i = 0; i < 100; i++) {
            tally.add("s" + i, 2);
        }
        assertEquals(100, tally.size());
        for (int i = 99; i >= 0; i--) {
            tally.add("s" + i, -2);
            assertEquals(i, tally.size());
        }
        assertEquals(0, tally.get("s5"));
    }
}
