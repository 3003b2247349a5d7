package dev.pigeonhole.text;

import java.util.ArrayList;
import java.util.List;

/**
 * Terminal columns, as a terminal that follows {@code wcwidth} counts them, one code point at a time:
 * East Asian Wide and Fullwidth characters and emoji take 2 columns; combining marks, variation
 * selectors, ZWJ and other format characters, controls and conjoining Hangul vowels and trailing
 * consonants take 0; everything else 1. (Terminals that draw a ZWJ emoji sequence as one glyph show it
 * narrower than counted: the layout then has spare room, never overflows.)
 *
 * <p>Meant for text that went through {@link SafeText}: measuring raw text is allowed, but a control
 * character's 0 says nothing about what a terminal would do with it.
 */
public final class Columns {
    /**
     * Wide and Fullwidth ranges (inclusive pairs) of Unicode 14's EastAsianWidth.txt, unassigned gaps
     * inside a block merged and planes 2-3 whole (their default is Wide), so characters that a newer
     * Unicode adds there are wide too.
     */
    private static final int[] WIDE = {
        0x1100, 0x115F, 0x231A, 0x231B, 0x2329, 0x232A, 0x23E9, 0x23EC, 0x23F0, 0x23F0, 0x23F3, 0x23F3,
        0x25FD, 0x25FE, 0x2614, 0x2615, 0x2648, 0x2653, 0x267F, 0x267F, 0x2693, 0x2693, 0x26A1, 0x26A1,
        0x26AA, 0x26AB, 0x26BD, 0x26BE, 0x26C4, 0x26C5, 0x26CE, 0x26CE, 0x26D4, 0x26D4, 0x26EA, 0x26EA,
        0x26F2, 0x26F3, 0x26F5, 0x26F5, 0x26FA, 0x26FA, 0x26FD, 0x26FD, 0x2705, 0x2705, 0x270A, 0x270B,
        0x2728, 0x2728, 0x274C, 0x274C, 0x274E, 0x274E, 0x2753, 0x2755, 0x2757, 0x2757, 0x2795, 0x2797,
        0x27B0, 0x27B0, 0x27BF, 0x27BF, 0x2B1B, 0x2B1C, 0x2B50, 0x2B50, 0x2B55, 0x2B55, 0x2E80, 0x303E,
        0x3041, 0x3247, 0x3250, 0x4DBF, 0x4E00, 0xA4C6, 0xA960, 0xA97C, 0xAC00, 0xD7A3, 0xF900, 0xFAD9,
        0xFE10, 0xFE19, 0xFE30, 0xFE6B, 0xFF01, 0xFF60, 0xFFE0, 0xFFE6, 0x16FE0, 0x1B2FB, 0x1F004, 0x1F004,
        0x1F0CF, 0x1F0CF, 0x1F18E, 0x1F18E, 0x1F191, 0x1F19A, 0x1F200, 0x1F320, 0x1F32D, 0x1F335, 0x1F337, 0x1F37C,
        0x1F37E, 0x1F393, 0x1F3A0, 0x1F3CA, 0x1F3CF, 0x1F3D3, 0x1F3E0, 0x1F3F0, 0x1F3F4, 0x1F3F4, 0x1F3F8, 0x1F43E,
        0x1F440, 0x1F440, 0x1F442, 0x1F4FC, 0x1F4FF, 0x1F53D, 0x1F54B, 0x1F54E, 0x1F550, 0x1F567, 0x1F57A, 0x1F57A,
        0x1F595, 0x1F596, 0x1F5A4, 0x1F5A4, 0x1F5FB, 0x1F64F, 0x1F680, 0x1F6C5, 0x1F6CC, 0x1F6CC, 0x1F6D0, 0x1F6D2,
        0x1F6D5, 0x1F6DF, 0x1F6EB, 0x1F6EC, 0x1F6F4, 0x1F6FC, 0x1F7E0, 0x1F7F0, 0x1F90C, 0x1F93A, 0x1F93C, 0x1F945,
        0x1F947, 0x1F9FF, 0x1FA70, 0x1FAFF, 0x20000, 0x3FFFD,
    };

    private Columns() {}

    /** Columns one code point takes: 0, 1 or 2. */
    public static int width(int codePoint) {
        if (codePoint < 0x7F) {
            return codePoint >= 0x20 ? 1 : 0;
        }
        if (codePoint < 0x1100) {
            return narrowOrZero(codePoint);
        }
        if (codePoint >= 0x1160 && codePoint <= 0x11FF) {
            return 0; // conjoining jamo: part of the syllable their leading consonant starts
        }
        int lo = 0;
        int hi = WIDE.length / 2 - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (codePoint < WIDE[2 * mid]) {
                hi = mid - 1;
            } else if (codePoint > WIDE[2 * mid + 1]) {
                lo = mid + 1;
            } else {
                return 2;
            }
        }
        return narrowOrZero(codePoint);
    }

    private static int narrowOrZero(int cp) {
        return switch (Character.getType(cp)) {
            case Character.NON_SPACING_MARK, Character.ENCLOSING_MARK, Character.FORMAT, Character.CONTROL -> 0;
            default -> 1;
        };
    }

    /** Columns {@code s} takes: the sum over its code points (a lone surrogate counts 1). */
    public static int width(CharSequence s) {
        int w = 0;
        for (int i = 0, n = s.length(); i < n; ) {
            int cp = Character.codePointAt(s, i);
            w += Character.getType(cp) == Character.SURROGATE ? 1 : width(cp);
            i += Character.charCount(cp);
        }
        return w;
    }

    /**
     * {@code line} cut into lines of at most {@code columns} columns (at least one line; an empty line gives
     * one empty line). Breaks after a space where one is in the line, dropping that space and the spaces
     * before it; otherwise between two grapheme clusters, so a surrogate pair, a base and its combining
     * marks, or an emoji sequence are never split. A cluster wider than {@code columns} gets a line of its
     * own, the only case where a line is wider than asked. {@code line} should hold no line break.
     *
     * @throws IllegalArgumentException if {@code columns} is less than 1
     */
    public static List<String> wrap(String line, int columns) {
        if (columns < 1) {
            throw new IllegalArgumentException("columns must be at least 1: " + columns);
        }
        List<String> lines = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int width = 0;
        int lastSpace = -1; // index in current of the last space after something that is not a space
        for (int i = 0, n = line.length(); i < n; ) {
            int end = Graphemes.end(line, i);
            String cluster = line.substring(i, end);
            int w = width(cluster);
            i = end;
            if (width + w <= columns) {
                if (cluster.equals(" ") && current.length() > 0 && !isBlank(current)) {
                    lastSpace = current.length();
                }
                current.append(cluster);
                width += w;
                continue;
            }
            if (cluster.equals(" ")) {
                // The break falls here: this space (and the ones before it) end the line.
                lines.add(stripTrailingSpaces(current));
                current.setLength(0);
                width = 0;
                lastSpace = -1;
                continue;
            }
            if (lastSpace > 0) {
                String rest = current.substring(lastSpace + 1);
                lines.add(stripTrailingSpaces(current.substring(0, lastSpace)));
                current.setLength(0);
                current.append(rest);
                width = width(rest);
                lastSpace = -1;
            }
            if (width + w > columns && current.length() > 0) {
                lines.add(current.toString());
                current.setLength(0);
                width = 0;
            }
            current.append(cluster);
            width += w;
        }
        lines.add(current.toString());
        return lines;
    }

    private static boolean isBlank(CharSequence s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) != ' ') {
                return false;
            }
        }
        return true;
    }

    private static String stripTrailingSpaces(CharSequence s) {
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == ' ') {
            end--;
        }
        return s.subSequence(0, end).toString();
    }

    /**
     * The longest run of whole clusters from the start of {@code s} that fits {@code columns}, followed by
     * {@code ellipsis} when anything was cut (then the result, ellipsis included, fits {@code columns},
     * unless the ellipsis alone is wider: then as much of the ellipsis as fits). {@code s} itself when it fits.
     */
    public static String truncate(String s, int columns, String ellipsis) {
        if (columns <= 0) {
            return "";
        }
        if (width(s) <= columns) {
            return s;
        }
        int room = columns - width(ellipsis);
        if (room < 0) {
            return truncate(ellipsis, columns, "");
        }
        StringBuilder out = new StringBuilder();
        int w = 0;
        for (int i = 0, n = s.length(); i < n; ) {
            int end = Graphemes.end(s, i);
            int cw = width(s.substring(i, end));
            if (w + cw > room) {
                break;
            }
            out.append(s, i, end);
            w += cw;
            i = end;
        }
        return out.append(ellipsis).toString();
    }
}
