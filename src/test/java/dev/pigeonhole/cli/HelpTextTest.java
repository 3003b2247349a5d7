package dev.pigeonhole.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What {@code --help} and {@code --version} of each client command tell a person. */
class HelpTextTest {

    @ParameterizedTest(name = "{0} -V prints the version")
    @ValueSource(strings = {"send", "read", "count", "inbox"})
    void every_command_answers_version_with_the_version(String command) {
        Cli.Result r = Cli.run(command, "-V");
        assertEquals(0, r.code());
        assertTrue(r.out().startsWith("pigeonhole "), "stdout: [" + r.out() + "]");
    }

    @ParameterizedTest(name = "{0} --help names the environment variables of its options")
    @ValueSource(strings = {"send", "read", "count", "inbox"})
    void every_command_help_names_the_environment_variables_it_reads(String command) {
        Cli.Result r = Cli.run(command, "--help");
        assertEquals(0, r.code());
        for (String variable : new String[] {"PIGEONHOLE_HOST", "PIGEONHOLE_PORT", "PIGEONHOLE_USER"}) {
            assertTrue(r.out().contains(variable), variable + " in: " + r.out());
        }
        assertTrue(!r.out().contains("PIGEONHOLE_HELP") && !r.out().contains("PIGEONHOLE_VERSION"), r.out());
    }

    @ParameterizedTest(name = "a variable named in {0} --help is read")
    @ValueSource(strings = {"send", "read", "count"})
    void a_variable_the_help_names_really_sets_its_option(String command) {
        assertTrue(Cli.run(command, "--help").out().contains("PIGEONHOLE_TIMEOUT"));
        String[] args = command.equals("send") ? new String[] {command, "--to", "bob", "hi"} : new String[] {command};
        Cli.Result r = Cli.runWith("", Map.of("PIGEONHOLE_TIMEOUT", "nonsense"), args);
        assertTrue(
                r.oneErrorLine(ExitCode.USAGE).startsWith("pigeonhole " + command + ": PIGEONHOLE_TIMEOUT=nonsense: "),
                r.err());
    }

    @Test
    void an_unexpected_failure_exits_1_never_2_which_promises_nothing_was_sent() {
        picocli.CommandLine cl = Main.commandLine(new java.io.ByteArrayInputStream(new byte[0]), Map.of());
        for (picocli.CommandLine sub : cl.getSubcommands().values()) {
            assertEquals(
                    ExitCode.FAILURE,
                    sub.getExitCodeExceptionMapper().getExitCode(new IllegalStateException("a bug")),
                    sub.getCommandName());
        }
    }

    @Test
    void server_help_keeps_paths_and_examples_on_one_line() {
        Cli.Result r = Cli.run("server", "--help");
        assertEquals(0, r.code());
        assertTrue(r.out().contains("~/.local/state/pigeonhole"), r.out());
        assertTrue(r.out().contains("such as 90s, 15m or 1h"), r.out());
        assertTrue(r.out().contains("yes/no variable takes 1/0"), r.out());
    }

    @ParameterizedTest(name = "{0} --help prints no picocli warning")
    @ValueSource(strings = {"server", "send", "read", "count", "inbox", "tui"})
    void help_is_formatted_without_warnings(String command) {
        PrintStream saved = System.err;
        ByteArrayOutputStream traced = new ByteArrayOutputStream();
        System.setErr(new PrintStream(traced, true, StandardCharsets.UTF_8));
        try {
            Cli.Result r = Cli.run(command, "--help");
            assertEquals(0, r.code());
            assertEquals("", r.err());
        } finally {
            System.setErr(saved);
        }
        assertEquals("", traced.toString(StandardCharsets.UTF_8), "picocli's tracer (System.err)");
    }
}
