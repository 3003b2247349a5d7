package dev.pigeonhole.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class SafeTextTest {
    @ParameterizedTest
    @ValueSource(
            strings = {"plain", "café naïve", "你好", "🙂👍🏽", "e\u0301", "C:\\temp", "\\x1b as typed", "👩‍💻", ""})
    void safe_text_is_kept_exactly(String s) {
        assertSame(s, SafeText.escape(s));
        assertTrue(SafeText.isSafe(s));
    }

    @Test
    void every_C0_C1_and_DEL_is_a_visible_escape() {
        for (int c = 0; c < 0xA0; c++) {
            if (c >= 0x20 && c < 0x7F) {
                continue;
            }
            String escaped = SafeText.escape("a" + (char) c + "b");
            assertEquals(String.format("a\\x%02xb", c), escaped);
        }
    }

    @Test
    void escape_sequences_cannot_reach_the_terminal() {
        assertEquals("\\x1b]2;owned\\x07\\x1b[2J\\x9b31m", SafeText.escape("\u001b]2;owned\u0007\u001b[2J\u009b31m"));
    }

    @Test
    void bidi_controls_and_invisible_characters_are_shown_not_applied() {
        assertEquals("if \\u202eadmin\\u2066x\\u2069", SafeText.escape("if \u202eadmin\u2066x\u2069"));
        for (int cp : new int[] {
            0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069, 0x200E, 0x200F, 0x061C, 0x200B,
            0x200C, 0x200D, 0x2060, 0xFEFF, 0x2028, 0x2029, 0x3164, 0xFFFE, 0xFDD0
        }) {
            String s = new String(Character.toChars(cp));
            assertEquals(String.format(cp < 0x100 ? "\\x%02x" : "\\u%04x", cp), SafeText.escape(s));
        }
        assertEquals("\\U000e0041\\U0010ffff", SafeText.escape("\udb40\udc41\udbff\udfff"));
    }

    @Test
    void a_lone_surrogate_is_escaped() {
        assertEquals("a\\ud800b\\udc00", SafeText.escape("a\ud800b\udc00"));
    }

    @Test
    void zwj_is_kept_inside_an_emoji_sequence_only() {
        assertEquals("👩‍💻", SafeText.escape("👩‍💻"));
        assertEquals("👍🏽‍👍", SafeText.escape("👍🏽‍👍"));
        assertEquals("a\\u200db", SafeText.escape("a\u200db"));
        assertEquals("👩\\u200d", SafeText.escape("👩\u200d"));
    }

    @Test
    void lines_splits_at_every_line_break_expands_tabs_and_escapes() {
        assertEquals(List.of("a", "b", "c", "", "d"), SafeText.lines("a\nb\r\nc\r\rd"));
        assertEquals(List.of("x       y", "        z"), SafeText.lines("x\ty\n\tz"));
        assertEquals(List.of("你好    x"), SafeText.lines("你好\tx"));
        assertEquals(List.of("\\x1b[31mred"), SafeText.lines("\u001b[31mred"));
        assertEquals(List.of(""), SafeText.lines(""));
        assertEquals(List.of("", ""), SafeText.lines("\n"));
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("dev.pigeonhole.text.RandomText#seeds")
    void no_escaped_text_holds_a_control_bidi_or_format_character(long seed) {
        String s = RandomText.text(new Random(seed), 40);
        String escaped = SafeText.escape(s);
        for (int i = 0; i < escaped.length(); ) {
            int cp = escaped.codePointAt(i);
            int type = Character.getType(cp);
            assertFalse(
                    type == Character.CONTROL
                            || type == Character.SURROGATE
                            || (type == Character.FORMAT && cp != 0x200D),
                    () -> String.format("seed %d: U+%04X in %s", seed, cp, escaped));
            i += Character.charCount(cp);
        }
        for (String line : SafeText.lines(s)) {
            assertTrue(
                    line.chars().noneMatch(c -> c < 0x20 || c == 0x7F || (c >= 0x80 && c < 0xA0)),
                    () -> "seed " + seed);
        }
    }
}
