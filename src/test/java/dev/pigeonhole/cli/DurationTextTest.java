package dev.pigeonhole.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pigeonhole.testing.Seeds;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.LongStream;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link DurationText} reads durations by hand (a regular expression costs a client command's start-up about
 * 20 ms); here it is held to the regular expressions it replaced, over generated strings.
 */
@ExtendWith(Seeds.Report.class)
class DurationTextTest {
    private static final Pattern SIMPLE = Pattern.compile("(\\d{1,12})(ms|s|m|h|d)");
    private static final List<String> PIECES = List.of(
            "0",
            "1",
            "9",
            "00",
            "10",
            "123456789012",
            "1234567890123",
            "ms",
            "s",
            "m",
            "h",
            "d",
            "MS",
            "S",
            " ",
            "PT",
            "PT15M",
            "P1D",
            "x",
            "-",
            ".",
            "5",
            "μ",
            "٣");

    static LongStream seeds() {
        return Seeds.with(0, 1, 2);
    }

    /** What DurationText.parse said before: the duration, or the message of its refusal. */
    private static Object byExpressions(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (v.matches("0+")) {
            return Duration.ZERO;
        }
        if (v.matches("\\d{1,12}")) {
            return "'" + value + "' has no unit: write " + v + "s, " + v + "m or " + v + "ms (or 2h, 1d, PT15M)";
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
            return "'" + value + "' is not a duration (examples: 500ms, 30s, 15m, 2h, PT15M)";
        }
    }

    private static Object byHand(String value) {
        try {
            return DurationText.parse(value);
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void reads_every_string_as_the_regular_expressions_did(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        for (int n = 0; n < 500; n++) {
            StringBuilder value = new StringBuilder();
            for (int pieces = random.nextInt(4); pieces >= 0; pieces--) {
                value.append(PIECES.get(random.nextInt(PIECES.size())));
            }
            String v = value.toString();
            assertEquals(byExpressions(v), byHand(v), "'" + v + "'");
        }
    }
}
