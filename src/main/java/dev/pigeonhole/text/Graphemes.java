package dev.pigeonhole.text;

/**
 * Where one user-perceived character (a grapheme cluster) ends, close to Unicode's extended grapheme
 * clusters (UAX #29): a base with its combining marks, variation selectors and emoji modifiers; emoji
 * joined by ZWJ; a pair of regional indicators (a flag); a Hangul syllable from conjoining jamo; CR LF.
 * Java 17's {@link java.text.BreakIterator} knows none of the emoji rules, hence this class.
 *
 * <p>Guarantees what cutting text needs: a boundary never falls inside a surrogate pair, nor between a
 * base and a combining mark that follows it. Lone surrogates and controls are clusters of their own.
 */
public final class Graphemes {
    private static final int ZWJ = 0x200D;

    private Graphemes() {}

    /**
     * The index just past the cluster that starts at {@code start}.
     *
     * @throws IndexOutOfBoundsException if {@code start} is not an index of {@code s}
     */
    public static int end(CharSequence s, int start) {
        int n = s.length();
        if (start < 0 || start >= n) {
            throw new IndexOutOfBoundsException(start);
        }
        int base = Character.codePointAt(s, start);
        int i = start + Character.charCount(base);
        if (base == '\r') {
            return i < n && s.charAt(i) == '\n' ? i + 1 : i;
        }
        if (Character.getType(base) == Character.CONTROL || Character.getType(base) == Character.SURROGATE) {
            return i;
        }
        if (isRegionalIndicator(base)) {
            if (i < n && isRegionalIndicator(Character.codePointAt(s, i))) {
                i += 2;
            }
        } else if (isHangulLeading(base) || isHangulSyllable(base) || isHangulVowel(base)) {
            i = hangulEnd(s, i, base);
        }
        boolean pictographic = isPictographic(base);
        while (i < n) {
            int cp = Character.codePointAt(s, i);
            if (isExtender(cp)) {
                i += Character.charCount(cp);
            } else if (cp == ZWJ) {
                i += 1;
                // GB11: an emoji ZWJ sequence is one cluster (👩‍💻); a ZWJ elsewhere joins only its base.
                if (pictographic && i < n && isPictographic(Character.codePointAt(s, i))) {
                    i += Character.charCount(Character.codePointAt(s, i));
                }
            } else {
                break;
            }
        }
        return i;
    }

    /** The number of clusters in {@code s}. */
    public static int count(CharSequence s) {
        int count = 0;
        for (int i = 0; i < s.length(); i = end(s, i)) {
            count++;
        }
        return count;
    }

    /** Combining marks, variation selectors, emoji skin-tone modifiers and tag characters (emoji flags). */
    static boolean isExtender(int cp) {
        int type = Character.getType(cp);
        return type == Character.NON_SPACING_MARK
                || type == Character.ENCLOSING_MARK
                || type == Character.COMBINING_SPACING_MARK
                || (cp >= 0xFE00 && cp <= 0xFE0F)
                || (cp >= 0x1F3FB && cp <= 0x1F3FF)
                || (cp >= 0xE0020 && cp <= 0xE007F);
    }

    /**
     * Emoji and other pictographs, approximated as wide symbols and the Other-Symbol characters of the
     * emoji blocks (Java 17 has no {@code Character.isEmoji}).
     */
    static boolean isPictographic(int cp) {
        if (cp >= 0x1F000 && cp <= 0x1FAFF) {
            return true;
        }
        return cp >= 0x2000 && cp <= 0x2BFF && Character.getType(cp) == Character.OTHER_SYMBOL;
    }

    private static boolean isRegionalIndicator(int cp) {
        return cp >= 0x1F1E6 && cp <= 0x1F1FF;
    }

    private static boolean isHangulLeading(int cp) {
        return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0xA960 && cp <= 0xA97F);
    }

    private static boolean isHangulVowel(int cp) {
        return (cp >= 0x1160 && cp <= 0x11A7) || (cp >= 0xD7B0 && cp <= 0xD7C6);
    }

    private static boolean isHangulTrailing(int cp) {
        return (cp >= 0x11A8 && cp <= 0x11FF) || (cp >= 0xD7CB && cp <= 0xD7FF);
    }

    private static boolean isHangulSyllable(int cp) {
        return cp >= 0xAC00 && cp <= 0xD7A3;
    }

    /** GB6-GB8: L* (V | LV | LVT) V* T*, simplified to "leading jamo, then a syllable or vowels, then trailing". */
    private static int hangulEnd(CharSequence s, int i, int base) {
        int n = s.length();
        boolean leading = isHangulLeading(base);
        boolean trailingOnly = isHangulSyllable(base) && (base - 0xAC00) % 28 != 0; // an LVT syllable
        while (i < n) {
            char c = s.charAt(i);
            if (leading && (isHangulLeading(c) || isHangulSyllable(c) || isHangulVowel(c))) {
                leading = isHangulLeading(c);
                trailingOnly = isHangulSyllable(c) && (c - 0xAC00) % 28 != 0;
            } else if (!leading && !trailingOnly && isHangulVowel(c)) {
                // another vowel
            } else if (!leading && isHangulTrailing(c)) {
                trailingOnly = true;
            } else {
                break;
            }
            i++;
        }
        return i;
    }
}
