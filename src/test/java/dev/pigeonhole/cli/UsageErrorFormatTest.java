package dev.pigeonhole.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every exit-2 error is one line in one format: {@code <command>: <lower-case problem> (see '<command>
 * --help')}, with {@code VARIABLE=value: } first when the value at fault came from the environment.
 * Nothing here reaches a server: usage errors are found before any connection.
 */
class UsageErrorFormatTest {
    private static final Pattern FORMAT =
            Pattern.compile("(pigeonhole(?: \\w+)?): (?:PIGEONHOLE_\\w+=\\S*: )?[a-z'\\-].* \\(see '\\1 --help'\\)");

    static Stream<Arguments> errors() {
        return Stream.of(
                Arguments.of(Map.of(), List.of("read", "--port", "99999"), "pigeonhole read: --port 99999: a port is"),
                Arguments.of(
                        Map.of("PIGEONHOLE_PORT", "99999"),
                        List.of("read"),
                        "pigeonhole read: PIGEONHOLE_PORT=99999: "),
                Arguments.of(Map.of(), List.of("server", "--port", "99999"), "pigeonhole server: --port must be"),
                Arguments.of(
                        Map.of("PIGEONHOLE_PORT", "99999"),
                        List.of("server", "--in-memory"),
                        "pigeonhole server: PIGEONHOLE_PORT=99999: "),
                Arguments.of(Map.of(), List.of("read", "-n", "0"), "pigeonhole read: -n must be at least 1"),
                Arguments.of(Map.of("PIGEONHOLE_LIMIT", "0"), List.of("read"), "pigeonhole read: PIGEONHOLE_LIMIT=0: "),
                Arguments.of(
                        Map.of(),
                        List.of("read", "--socket", "/tmp/x.sock", "--port", "1"),
                        "pigeonhole read: --socket and"),
                Arguments.of(Map.of("PIGEONHOLE_INTERVAL", "50ms"), List.of("tui"), "pigeonhole tui: "),
                Arguments.of(Map.of(), List.of("send", "hi"), "pigeonhole send: missing --to USER (see"),
                Arguments.of(Map.of(), List.of("send"), "pigeonhole send: missing --to USER (see"),
                Arguments.of(
                        Map.of(), List.of("read", "--port"), "pigeonhole read: --port PORT: the option needs a value"),
                Arguments.of(Map.of(), List.of("read", "--timeout", "5x"), "pigeonhole read: --timeout 5x: "),
                Arguments.of(
                        Map.of("PIGEONHOLE_TIMEOUT", "5x"),
                        List.of("count"),
                        "pigeonhole count: PIGEONHOLE_TIMEOUT=5x: "),
                Arguments.of(
                        Map.of(),
                        List.of("read", "--prot", "1"),
                        "pigeonhole read: unknown option '--prot'; did you mean --port?"),
                Arguments.of(
                        Map.of(),
                        List.of("inbox", "--lst", "3"),
                        "pigeonhole inbox: unknown option '--lst'; did you mean --last?"),
                Arguments.of(Map.of(), List.of("sned"), "pigeonhole: unknown command 'sned'; did you mean send?"),
                Arguments.of(Map.of(), List.of("frob"), "pigeonhole: unknown command 'frob'; the commands are"),
                Arguments.of(
                        Map.of(), List.of("--", "send"), "pigeonhole: 'send' follows '--', which makes it an argument"),
                Arguments.of(
                        Map.of(), List.of("help", "sedn"), "pigeonhole: unknown command 'sedn'; did you mean send?"),
                Arguments.of(
                        Map.of(),
                        List.of("server", "--in-memory", "--max-queue", "5"),
                        "pigeonhole server: --max-queue"),
                Arguments.of(Map.of(), List.of("inbox", "-n", "-1"), "pigeonhole inbox: -n cannot be negative"));
    }

    @ParameterizedTest(name = "[{index}] {1} {0}")
    @MethodSource("errors")
    void every_usage_error_is_one_line_in_one_format(Map<String, String> env, List<String> args, String start) {
        Cli.Result r = Cli.runWith("", env, args.toArray(String[]::new));
        String line = r.oneErrorLine(ExitCode.USAGE);
        assertTrue(FORMAT.matcher(line).matches(), line);
        assertTrue(line.startsWith(start), line);
    }

    @Test
    void after_double_dash_a_command_name_is_never_suggested_as_itself() {
        String line = Cli.run("--", "send").oneErrorLine(ExitCode.USAGE);
        assertTrue(line.contains("leave out '--': pigeonhole send"), line);
        assertTrue(!line.contains("did you mean"), line);
    }

    @Test
    void a_value_given_on_the_command_line_is_not_blamed_on_the_environment() {
        String line = Cli.runWith("", Map.of("PIGEONHOLE_PORT", "4711"), "read", "--port", "99999")
                .oneErrorLine(ExitCode.USAGE);
        assertEquals(
                "pigeonhole read: --port 99999: a port is a number from 1 to 65535 (see 'pigeonhole read --help')",
                line);
    }
}
