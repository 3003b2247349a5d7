package dev.pigeonhole.tui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

/** What an editor hands the terminal for the text it keeps: never half of a surrogate pair. */
class StandInGraphicsTest {
    private static final String STAND_IN = String.valueOf(ScreenText.WIDE_STAND_IN);
    private static final String REPLACEMENT = String.valueOf(ScreenText.REPLACEMENT);

    @Test
    void a_pair_becomes_one_wide_stand_in_in_its_two_columns() {
        assertEquals("a" + STAND_IN + "b", ScreenText.pairsAsStandIns("a\uD83D\uDE00b"));
        assertEquals(STAND_IN + STAND_IN, ScreenText.pairsAsStandIns("\uD83D\uDE00\uD83C\uDF89"));
    }

    @Test
    void half_a_pair_cut_off_at_the_fields_edge_becomes_the_replacement() {
        assertEquals("a" + REPLACEMENT, ScreenText.pairsAsStandIns("a\uD83D"));
        assertEquals(REPLACEMENT + "b", ScreenText.pairsAsStandIns("\uDE00b"));
        assertEquals(REPLACEMENT + REPLACEMENT, ScreenText.pairsAsStandIns("\uDE00\uD83D"), "reversed halves");
    }

    @Test
    void text_without_surrogates_is_passed_on_as_it_is() {
        String s = "café, it’s 你好";
        assertSame(s, ScreenText.pairsAsStandIns(s));
    }
}
