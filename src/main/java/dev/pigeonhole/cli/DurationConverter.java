package dev.pigeonhole.cli;

import dev.pigeonhole.protocol.Ascii;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads a duration as people write it: {@code 500ms}, {@code 10s}, {@code 2m}, {@code 1h}; a bare number
 * is seconds. Zero is refused: a timeout of zero would mean "wait forever" to a socket.
 */
final class DurationConverter implements ITypeConverter<Duration> {
    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h)?");

    @Override
    public Duration convert(String value) {
        Matcher m = DURATION.matcher(value.strip());
        if (!m.matches()) {
            throw new TypeConversionException(
                    "'" + Ascii.escape(value, 40) + "' is not a duration; write for example 500ms, 10s or 2m");
        }
        long n = Long.parseLong(m.group(1));
        if (n == 0) {
            throw new TypeConversionException("a timeout must be longer than zero");
        }
        String unit = m.group(2) == null ? "s" : m.group(2);
        return switch (unit) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> throw new IllegalStateException("unreachable: the pattern admits no other unit");
        };
    }

    /** The shortest exact spelling of {@code d} in the units {@link #convert} reads, for messages. */
    static String format(Duration d) {
        long ms = d.toMillis();
        if (ms % 3_600_000 == 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0) {
            return ms / 60_000 + "m";
        }
        if (ms % 1_000 == 0) {
            return ms / 1_000 + "s";
        }
        return ms + "ms";
    }
}
