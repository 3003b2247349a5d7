package dev.pigeonhole.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A duration the way people write it: {@code 250ms}, {@code 30s}, {@code 15m}, {@code 2h}, {@code 1d}, or
 * ISO-8601 such as {@code PT15M}; a bare {@code 0} is zero. Other bare numbers are refused with the units to
 * choose from, since {@code --timeout 10} could mean seconds or milliseconds. Free of picocli: both
 * {@link DurationConverter} and {@link QuickLine} read durations here.
 */
final class DurationText {
    private static final Pattern SIMPLE = Pattern.compile("(\\d{1,12})(ms|s|m|h|d)");

    private DurationText() {}

    /**
     * Parses {@code value} as described in the class comment.
     *
     * @throws IllegalArgumentException with the problem in words, when it is not a duration
     */
    static Duration parse(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (v.matches("0+")) {
            return Duration.ZERO; // zero needs no unit; whether zero is allowed is the option's business
        }
        if (v.matches("\\d{1,12}")) {
            throw new IllegalArgumentException(
                    "'" + value + "' has no unit: write " + v + "s, " + v + "m or " + v + "ms (or 2h, 1d, PT15M)");
        }
        Matcher m = SIMPLE.matcher(v);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
        try {
            return Duration.parse(value.trim().toUpperCase(Locale.ROOT));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(
                    "'" + value + "' is not a duration (examples: 500ms, 30s, 15m, 2h, PT15M)", e);
        }
    }
}
