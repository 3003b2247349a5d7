package dev.pigeonhole.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class GraphemesTest {
    @Test
    void clusters_keep_marks_emoji_sequences_flags_and_syllables_whole() {
        assertEquals(1, Graphemes.count("e\u0301\u0308"));
        assertEquals(1, Graphemes.count("👩‍💻"));
        assertEquals(1, Graphemes.count("👍🏽"));
        assertEquals(1, Graphemes.count("❤️"));
        assertEquals(2, Graphemes.count("🇫🇷🇩🇪"));
        assertEquals(1, Graphemes.count("\u1100\u1161\u11a8"));
        assertEquals(1, Graphemes.count("\r\n"));
        assertEquals(2, Graphemes.count("\n\r"));
        assertEquals(2, Graphemes.count("a\u200db")); // a ZWJ joins emoji only
        assertEquals(3, Graphemes.count("a\ud800b")); // a lone surrogate is its own cluster
        assertEquals(2, Graphemes.count("\u0007\u0301")); // a control takes no mark
    }
}
