package dev.pigeonhole.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * A duration the way people write it: {@code 250ms}, {@code 30s}, {@code 15m}, {@code 2h}, {@code 1d}, or
 * ISO-8601 such as {@code PT15M}; a bare {@code 0} is zero. Other bare numbers are refused with the units to
 * choose from, since {@code --timeout 10} could mean seconds or milliseconds. Free of picocli: both
 * {@link DurationConverter} and {@link QuickLine} read durations here.
 */
final class DurationText {
    private DurationText() {}

    /**
     * Parses {@code value} as described in the class comment.
     *
     * @throws IllegalArgumentException with the problem in words, when it is not a duration
     */
    static Duration parse(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        // By hand, not with regular expressions: the first one a JVM compiles costs a client command about
        // 20 ms, and --timeout's default is read at every start. DurationTextTest checks it against them.
        int digits = 0;
        int zeros = 0;
        while (digits < v.length() && v.charAt(digits) >= '0' && v.charAt(digits) <= '9') {
            zeros += v.charAt(digits) == '0' ? 1 : 0;
            digits++;
        }
        if (digits > 0 && digits == v.length()) {
            if (zeros == digits) {
                return Duration.ZERO; // zero needs no unit; whether zero is allowed is the option's business
            }
            if (digits <= 12) {
                throw new IllegalArgumentException(
                        "'" + value + "' has no unit: write " + v + "s, " + v + "m or " + v + "ms (or 2h, 1d, PT15M)");
            }
        } else if (digits > 0 && digits <= 12) {
            long n = Long.parseLong(v.substring(0, digits));
            Duration simple = switch (v.substring(digits)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                default -> null; // ISO-8601, or nothing
            };
            if (simple != null) {
                return simple;
            }
        }
        try {
            return Duration.parse(value.trim().toUpperCase(Locale.ROOT));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(
                    "'" + value + "' is not a duration (examples: 500ms, 30s, 15m, 2h, PT15M)", e);
        }
    }
}
