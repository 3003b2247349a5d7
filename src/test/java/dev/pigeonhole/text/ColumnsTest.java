package dev.pigeonhole.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ColumnsTest {
    @Test
    void wide_characters_and_emoji_take_two_columns_marks_none() {
        assertEquals(1, Columns.width('a'));
        assertEquals(1, Columns.width('é'));
        assertEquals(2, Columns.width('你'));
        assertEquals(2, Columns.width('가'));
        assertEquals(2, Columns.width('Ａ')); // fullwidth
        assertEquals(2, Columns.width(0x1F642)); // 🙂
        assertEquals(2, Columns.width(0x1FAE0)); // 🫠, newer than Java 17's Unicode
        assertEquals(2, Columns.width(0x20000)); // CJK extension B
        assertEquals(0, Columns.width(0x0301)); // combining acute
        assertEquals(0, Columns.width(0x200D)); // ZWJ
        assertEquals(0, Columns.width(0xFE0F)); // VS16
        assertEquals(0, Columns.width(0x1161)); // conjoining vowel
        assertEquals(1, Columns.width('\u2014'));
        assertEquals(4, Columns.width("你好"));
        assertEquals(2, Columns.width("e\u0301x"));
        assertEquals(2, Columns.width("🙂"));
    }

    @Test
    void wrap_prefers_spaces() {
        assertEquals(List.of("the quick", "brown fox", "jumps"), Columns.wrap("the quick brown fox jumps", 10));
        assertEquals(List.of("abcde", "fghij", "k"), Columns.wrap("abcdefghijk", 5));
        assertEquals(List.of(""), Columns.wrap("", 5));
        assertEquals(List.of("  indented", "line"), Columns.wrap("  indented line", 10));
    }

    @Test
    void wrap_never_splits_a_wide_character_a_surrogate_pair_or_a_base_from_its_marks() {
        assertEquals(List.of("你好", "你好", "你"), Columns.wrap("你好你好你", 5));
        assertEquals(List.of("🙂🙂", "🙂"), Columns.wrap("🙂🙂🙂", 4));
        assertEquals(List.of("e\u0301e\u0301", "e\u0301"), Columns.wrap("e\u0301e\u0301e\u0301", 2));
        assertEquals(List.of("👩‍💻"), Columns.wrap("👩‍💻", 1)); // wider than asked: alone on its line
    }

    @Test
    void truncate_cuts_whole_clusters_and_adds_the_ellipsis() {
        assertEquals("abc", Columns.truncate("abc", 3, "…"));
        assertEquals("ab…", Columns.truncate("abcd", 3, "…"));
        assertEquals("你…", Columns.truncate("你好你", 4, "…"));
        assertEquals("..", Columns.truncate("abcd", 2, "..."));
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("dev.pigeonhole.text.RandomText#seeds")
    void wrapped_lines_fit_and_keep_every_character_but_the_breaking_spaces(long seed) {
        Random random = new Random(seed);
        String line = SafeText.escape(RandomText.text(random, 60));
        int columns = 1 + random.nextInt(30);
        List<String> lines = Columns.wrap(line, columns);
        for (int k = 0; k < lines.size(); k++) {
            String l = lines.get(k);
            boolean oneCluster = !l.isEmpty() && Graphemes.end(l, 0) == l.length();
            assertTrue(Columns.width(l) <= columns || oneCluster, () -> "seed " + seed + ": " + lines);
            // Only where the text itself starts with one can a line start with a combining mark.
            assertFalse(
                    k > 0 && !l.isEmpty() && Graphemes.isExtender(l.codePointAt(0)),
                    () -> "seed " + seed + ": " + lines);
        }
        assertEquals(line.replace(" ", ""), String.join("", lines).replace(" ", ""), () -> "seed " + seed);
    }
}
