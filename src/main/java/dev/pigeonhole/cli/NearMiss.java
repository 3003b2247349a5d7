package dev.pigeonhole.cli;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The names a mistyped word was probably meant to be, for "did you mean" hints: those within a small
 * Damerau-Levenshtein distance (an insertion, a deletion, a substitution or two swapped neighbours each
 * count one), so {@code --prot} finds {@code --port} and {@code --lst} finds {@code --last}, and those the
 * word begins ({@code --max} finds {@code --max-queue}). picocli's own hints miss transpositions.
 */
final class NearMiss {
    /** At most this many names are offered; more is a list, not a hint. */
    private static final int MAX_HINTS = 3;

    private NearMiss() {}

    /** The {@code candidates} {@code typed} is close to, closest first; empty when none is close. */
    static List<String> among(String typed, Iterable<String> candidates) {
        String word = bare(typed);
        if (word.length() < 2) {
            return List.of(); // every one-letter option is one edit from "-x": no hint is better than a list
        }
        // One edit in a short word, two in a longer one: "--to" must not suggest "--ssh".
        int allowed = word.length() <= 4 ? 1 : 2;
        List<Hint> hints = new ArrayList<>();
        for (String candidate : candidates) {
            if (candidate.equals(typed) || bare(candidate).length() < 2) {
                continue;
            }
            int distance = distance(word, bare(candidate));
            if (distance <= allowed || (word.length() >= 3 && bare(candidate).startsWith(word))) {
                hints.add(new Hint(candidate, distance));
            }
        }
        hints.sort(Comparator.comparingInt(Hint::distance));
        List<String> names = new ArrayList<>();
        for (Hint h : hints) {
            if (names.size() < MAX_HINTS && !names.contains(h.name())) {
                names.add(h.name());
            }
        }
        return names;
    }

    private record Hint(String name, int distance) {}

    /** The word without its option dashes, in lower case: {@code --Port} and {@code port} compare alike. */
    private static String bare(String name) {
        return name.replaceFirst("^-+", "").toLowerCase(Locale.ROOT);
    }

    /** Optimal string alignment distance: Levenshtein plus the swap of two adjacent characters. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
