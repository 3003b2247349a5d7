package dev.pigeonhole.text;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.codec.net.BCodec;
import org.apache.commons.codec.net.QCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class WireTextTest {
    private static final Pattern ENCODED_WORD = Pattern.compile("=\\?UTF-8\\?[QB]\\?[^?\\s]*\\?=");

    @ParameterizedTest
    @ValueSource(strings = {"", "Hi Alice!", "  two  spaces  ", "C:\\temp", "a = b? c", "?= =", "x=", "~!@#$%^&*()_+"})
    void printable_ascii_goes_on_the_wire_unchanged_P4(String text) {
        assertSame(text, WireText.encode(text));
        assertEquals(text, WireText.decode(text));
    }

    @Test
    void only_the_words_that_need_it_are_encoded_in_readable_Q() {
        assertEquals("Lunch at the =?UTF-8?Q?caf=C3=A9=3F?=", WireText.encode("Lunch at the café?"));
        assertEquals("=?UTF-8?Q?it=E2=80=99s?= fine", WireText.encode("it’s fine"));
        assertEquals(
                "a =?UTF-8?Q?=C3=A9_b_=C3=A9?= and then some plain words",
                WireText.encode("a é b é and then some plain words"));
    }

    @Test
    void the_counted_size_of_a_character_is_what_commons_codec_writes() throws Exception {
        QCodec q = new QCodec(StandardCharsets.UTF_8);
        q.setEncodeBlanks(true);
        BCodec b = new BCodec(StandardCharsets.UTF_8);
        String frame = "=?UTF-8?Q??=";
        for (int cp = 0; cp < 0x110000; cp += cp < 0x3000 ? 1 : 97) {
            if (cp >= 0xD800 && cp <= 0xDFFF) {
                continue;
            }
            String s = new String(Character.toChars(cp));
            int codePoint = cp;
            assertEquals(
                    q.encode(s).length() - frame.length(),
                    WireText.size(s, 0, s.length(), true),
                    () -> "Q " + codePoint);
            assertEquals(
                    s.getBytes(StandardCharsets.UTF_8).length,
                    WireText.size(s, 0, s.length(), false),
                    () -> "B " + codePoint);
        }
        assertEquals("=?UTF-8?B?5L2g?=", b.encode("你"));
    }

    @Test
    void cjk_goes_as_B_which_is_shorter() {
        assertEquals("=?UTF-8?B?5L2g5aW9?=", WireText.encode("你好"));
    }

    @Test
    void a_latin_word_before_cjk_stays_readable_and_the_space_between_is_kept() {
        String text = "café 我们明天见面吧我们明天见面吧";
        assertEquals(
                "=?UTF-8?Q?caf=C3=A9_?= =?UTF-8?B?5oiR5Lus5piO5aSp6KeB6Z2i5ZCn5oiR5Lus5piO5aSp6KeB6Z2i5ZCn?=",
                WireText.encode(text));
        assertEquals(text, WireText.decode(WireText.encode(text)));
    }

    @Test
    void runs_of_different_encodings_stay_apart_so_the_latin_one_stays_readable() {
        assertEquals("=?UTF-8?Q?it=E2=80=99s?= fine =?UTF-8?B?5L2g5aW9IPCfmYI=?=", WireText.encode("it’s fine 你好 🙂"));
    }

    @Test
    void line_breaks_and_tabs_are_encoded_so_the_wire_stays_one_line_P1_P2() {
        assertEquals("=?UTF-8?Q?line1=0Aline2?=", WireText.encode("line1\nline2"));
        assertEquals("=?UTF-8?Q?a=09b=0D=0A?=", WireText.encode("a\tb\r\n"));
    }

    @Test
    void leading_spaces_go_inside_the_first_encoded_word() {
        String wire = WireText.encode("  x é");
        assertTrue(wire.startsWith("=?UTF-8?Q?__x"), wire);
        assertEquals("  x é", WireText.decode(wire));
    }

    @Test
    void typed_encoded_word_lookalikes_are_encoded_so_they_survive_a_round_trip() {
        String typed = "see =?utf-8?q?x?= here";
        String wire = WireText.encode(typed);
        assertNotEquals(typed, wire);
        assertEquals("see =?UTF-8?Q?=3D=3Futf-8=3Fq=3Fx=3F=3D?= here", wire);
        assertEquals(typed, WireText.decode(wire));
    }

    @Test
    void a_seed_user_typing_an_encoded_word_by_hand_is_decoded() {
        assertEquals("café", WireText.decode("=?utf-8?q?caf=c3=a9?="));
        assertEquals("café", WireText.decode("=?ISO-8859-1?Q?caf=E9?="));
        assertEquals("Grüße", WireText.decode("=?UTF-8?B?R3LDvMOfZQ==?="));
        assertEquals("Grüße", WireText.decode("=?UTF-8?B?R3LDvMOfZQ?=")); // padding missing
        assertEquals("a b", WireText.decode("=?utf-8*en?q?a_b?="));
    }

    @Test
    void whitespace_between_adjacent_encoded_words_is_dropped_but_not_next_to_plain_text() {
        assertEquals("ab", WireText.decode("=?UTF-8?Q?a?=   =?UTF-8?Q?b?="));
        assertEquals("ab", WireText.decode("=?UTF-8?Q?a?= =?ISO-8859-1?Q?b?="));
        assertEquals("a x b", WireText.decode("=?UTF-8?Q?a?= x =?UTF-8?Q?b?="));
        assertEquals(" a ", WireText.decode(" =?UTF-8?Q?a?= "));
    }

    @Test
    void a_character_split_between_two_words_by_another_encoder_is_joined() {
        assertEquals("é", WireText.decode("=?UTF-8?Q?=C3?= =?UTF-8?Q?=A9?="));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "=?UTF-8?Q?=FF?=", // not UTF-8
                "=?no-such-charset?Q?a?=",
                "=?UTF-8?B?!!!?=",
                "=?UTF-8?B?a?=",
                "=?UTF-8?Q?=G1?=",
                "=?UTF-8?Q?=4?=",
                "=?UTF-8?X?abc?=",
                "=?UTF-8?Q?a b?=",
                "=??Q?a?=",
                "=?UTF-8?Q?",
                "=?=?=?"
            })
    void what_looks_like_an_encoded_word_but_does_not_decode_is_shown_as_received(String wire) {
        assertEquals(wire, WireText.decode(wire));
        assertEquals("x " + wire + " y", WireText.decode("x " + wire + " y"));
        // Next to a good word, the space by the bad one is kept.
        assertEquals("a " + wire, WireText.decode("=?UTF-8?Q?a?= " + wire));
    }

    @Test
    void every_encoded_word_is_at_most_75_characters_and_splits_no_cluster() {
        String text = "é".repeat(100) + "👩‍💻".repeat(40) + "e\u0301".repeat(50) + "你".repeat(90);
        String wire = WireText.encode(text);
        Matcher m = ENCODED_WORD.matcher(wire);
        int words = 0;
        while (m.find()) {
            words++;
            String word = m.group();
            assertTrue(word.length() <= WireText.MAX_WORD, word.length() + ": " + word);
            String decoded = WireText.decode(word);
            assertFalse(decoded.contains("\ufffd"), word);
            // Whole clusters in each word: the word's text starts a cluster and ends one.
            assertEquals(decoded.length(), endOfClusters(decoded), word);
            assertFalse(Graphemes.isExtender(decoded.codePointAt(0)) || decoded.startsWith("\u200d"), word);
        }
        assertTrue(words > 10);
        assertEquals(text, WireText.decode(wire));
    }

    private static int endOfClusters(String s) {
        int i = 0;
        while (i < s.length()) {
            i = Graphemes.end(s, i);
        }
        return i;
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("dev.pigeonhole.text.RandomText#seeds")
    void decode_of_encode_is_the_identity_and_the_wire_is_printable_ASCII_P2_P4(long seed) {
        Random random = new Random(seed);
        String text = RandomText.text(random, random.nextInt(10) == 0 ? 400 : 30);
        String wire = WireText.encode(text);
        assertAll(
                () -> assertEquals(text, WireText.decode(wire), () -> "seed " + seed + " wire " + wire),
                () -> assertTrue(
                        wire.chars().allMatch(c -> c >= 0x20 && c <= 0x7E), () -> "seed " + seed + ": " + wire),
                () -> assertEquals(wire.length(), WireText.wireLength(text)));
        Matcher m = ENCODED_WORD.matcher(wire);
        while (m.find()) {
            assertTrue(m.group().length() <= WireText.MAX_WORD, () -> "seed " + seed);
            // RFC 2047 section 5: an encoded-word is separated from what is around it by white space.
            int start = m.start();
            int end = m.end();
            assertTrue(
                    (start == 0 || wire.charAt(start - 1) == ' ') && (end == wire.length() || wire.charAt(end) == ' '),
                    () -> "seed " + seed + ": " + wire);
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("dev.pigeonhole.text.RandomText#seeds")
    void printable_ascii_without_an_encoded_word_start_is_unchanged_P4(long seed) {
        Random random = new Random(seed);
        String text = RandomText.ascii(random, random.nextInt(200)).replace("=?", "= ?");
        assertSame(text, WireText.encode(text), () -> "seed " + seed);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("dev.pigeonhole.text.RandomText#seeds")
    void decode_never_throws_and_keeps_plain_text(long seed) {
        Random random = new Random(seed);
        StringBuilder wire = new StringBuilder();
        String[] parts = {"=?", "?=", "?Q?", "?B?", "UTF-8", "utf-16", "=C3", "=A9", "==", "_", " ", "w6k"};
        for (int n = random.nextInt(30); n > 0; n--) {
            wire.append(random.nextBoolean() ? parts[random.nextInt(parts.length)] : RandomText.ascii(random, 3));
        }
        String decoded = WireText.decode(wire.toString());
        if (!wire.toString().contains("=?")) {
            assertEquals(wire.toString(), decoded);
        }
    }

    @Test
    void fit_says_how_many_characters_fit_the_limit() {
        WireText.Fit fits = WireText.fit("café", 100);
        assertTrue(fits.fits());
        assertEquals(0, fits.excess());
        assertEquals(WireText.encode("café").length(), fits.wireLength());

        String text = "é".repeat(100);
        WireText.Fit fit = WireText.fit(text, 100);
        assertFalse(fit.fits());
        int n = fit.fittingCharacters();
        assertTrue(WireText.wireLength(text.substring(0, fit.fittingLength())) <= 100);
        assertTrue(WireText.wireLength("é".repeat(n + 1)) > 100, "the longest prefix: " + n);
        assertEquals(100 - n, fit.excess());

        assertEquals(10, WireText.fit("x".repeat(15), 10).fittingCharacters());
        assertEquals(5, WireText.fit("x".repeat(15), 10).excess());
    }

    @Test
    void fit_counts_characters_not_UTF16_units_and_never_cuts_a_cluster() {
        String text = "🙂".repeat(50);
        WireText.Fit fit = WireText.fit(text, 100);
        assertEquals(50, fit.characters());
        assertEquals(2 * fit.fittingCharacters(), fit.fittingLength());
        assertEquals(0, WireText.fit("e\u0301".repeat(10), 20).fittingLength() % 2);
    }
}
