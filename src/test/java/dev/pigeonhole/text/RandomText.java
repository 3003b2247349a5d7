package dev.pigeonhole.text;

import java.util.Random;
import java.util.stream.LongStream;

/**
 * Random text for the property tests: a mix of printable ASCII words, spaces, every control character,
 * Latin letters with precomposed and combining accents, curly quotes, CJK, emoji (surrogate pairs, ZWJ
 * sequences, skin tones, flags), bidi and zero-width characters, and anything else a code point can be.
 */
final class RandomText {
    /** Seeds that once found a bug, plus one fresh seed per run; the test's display name shows it. */
    static LongStream seeds() {
        return LongStream.concat(LongStream.range(0, 300), LongStream.of(System.nanoTime()));
    }

    private static final String[] PIECES = {
        " ",
        "  ",
        "\t",
        "\n",
        "\r\n",
        "\r",
        "=?",
        "?=",
        "=?utf-8?q?x?=",
        "=?UTF-8?B?w6k=?=",
        "_",
        "=",
        "?",
        "caf\u00e9",
        "e\u0301",
        "it\u2019s",
        "\u201cq\u201d",
        "\u2014",
        "\u4f60\u597d",
        "\ud83d\ude42",
        "\ud83d\udc69\u200d\ud83d\udcbb",
        "\ud83d\udc4d\ud83c\udffd",
        "\ud83c\uddeb\ud83c\uddf7",
        "\u202e",
        "\u2066",
        "\u200b",
        "\ufeff",
        "\u0000",
        "\u001b[31m",
        "\u007f",
        "\u009b",
        "\u00a0",
        "\uffff",
        "a\u0308\u0308\u0308\u0308\u0308\u0308\u0308\u0308\u0308\u0308\u0308\u0308\u0308\u0308\u0308\u0308\u0308"
                + "\u0308\u0308\u0308\u0308\u0308\u0308\u0308\u0308\u0308",
        "\u1100\u1161\u11a8",
        "\ud800\udc00",
        "\udbff\udfff",
    };

    private RandomText() {}

    /** Up to {@code maxPieces} pieces: ASCII words, the special pieces above, or random code points. */
    static String text(Random random, int maxPieces) {
        StringBuilder b = new StringBuilder();
        for (int n = random.nextInt(maxPieces + 1); n > 0; n--) {
            switch (random.nextInt(4)) {
                case 0 -> b.append(ascii(random, 1 + random.nextInt(12)));
                case 1 -> b.append(' ');
                case 2 -> b.append(PIECES[random.nextInt(PIECES.length)]);
                default -> b.appendCodePoint(codePoint(random));
            }
        }
        return b.toString();
    }

    /** Printable ASCII only. */
    static String ascii(Random random, int length) {
        StringBuilder b = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            b.append((char) (0x20 + random.nextInt(0x5F)));
        }
        return b.toString();
    }

    /** Any Unicode scalar value (no lone surrogate), biased towards the low planes. */
    static int codePoint(Random random) {
        int cp;
        do {
            cp = switch (random.nextInt(4)) {
                case 0 -> random.nextInt(0x100);
                case 1 -> random.nextInt(0x3000);
                case 2 -> random.nextInt(0x10000);
                default -> random.nextInt(0x110000);
            };
        } while (cp >= 0xD800 && cp <= 0xDFFF);
        return cp;
    }
}
