package dev.pigeonhole.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pigeonhole.testing.ServerFixture;
import dev.pigeonhole.testing.Slow;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import picocli.AutoComplete;
import picocli.CommandLine;

/**
 * The command line built for {@code pigeonhole SUBCOMMAND ...} holds that subcommand alone (so a short
 * command does not pay for the others' models), and says exactly what the full command line says.
 */
@Slow.ChildProcesses
class StartupPathTest {
    private static final Map<String, String> ENV = Map.of("PIGEONHOLE_USER", "me");

    private static CommandLine full() {
        return Main.commandLine(new ByteArrayInputStream(new byte[0]), ENV);
    }

    private static CommandLine forArgs(String... args) {
        return Main.commandLineFor(new ByteArrayInputStream(new byte[0]), ENV, args);
    }

    @Test
    void a_subcommand_line_holds_only_that_subcommand_with_the_same_usage_text() {
        List<String> names = full().getSubcommands().keySet().stream()
                .filter(n -> !n.equals("help"))
                .toList();
        assertTrue(names.containsAll(List.of("server", "send", "read", "count", "inbox", "tui")), names.toString());
        for (String name : names) {
            assertEquals(
                    full().getSubcommands().get(name).getCommand().getClass(),
                    Main.subcommandNamed(name),
                    "Main.subcommandNamed must know '" + name + "', or it starts on the slow path");
            CommandLine lean = forArgs(name, "--help");
            assertEquals(List.of(name), List.copyOf(lean.getSubcommands().keySet()), name);
            assertEquals(
                    full().getSubcommands().get(name).getUsageMessage(CommandLine.Help.Ansi.OFF),
                    lean.getSubcommands().get(name).getUsageMessage(CommandLine.Help.Ansi.OFF),
                    name + " --help reads the same on both paths");
        }
    }

    @Test
    void help_an_option_or_nothing_builds_every_subcommand() {
        int all = full().getSubcommands().size();
        assertEquals(all, forArgs().getSubcommands().size());
        assertEquals(all, forArgs("help", "count").getSubcommands().size());
        assertEquals(all, forArgs("--help").getSubcommands().size());
        assertEquals(all, forArgs("no-such-command").getSubcommands().size());
        assertNull(Main.subcommandNamed("help"), "help lists its siblings, so it needs them");
    }

    @Test
    void a_usage_error_on_the_lean_path_is_answered_like_on_the_full_one() {
        Cli.Result r = Cli.run("count", "--port", "x");
        assertEquals(ExitCode.USAGE, r.code());
        assertTrue(r.err().startsWith("pigeonhole count: "), r.err());
    }

    @Test
    void count_loads_no_class_of_the_terminal_client_the_server_the_benchmark_or_picocli() throws Exception {
        try (ServerFixture server = ServerFixture.start()) {
            String[] at = {"--host", server.host(), "--port", Integer.toString(server.port()), "--user", "startup"};
            assertLoadsOnlyWhatItNeeds(ExitCode.FAILURE, "CountCommand", "count", at); // no message waits: exit 1
            assertLoadsOnlyWhatItNeeds(ExitCode.OK, "SendCommand", "send", at, "--to", "startup", "hello");
            assertLoadsOnlyWhatItNeeds(ExitCode.OK, "CountCommand", "count", at, "-q");
            assertLoadsOnlyWhatItNeeds(ExitCode.OK, "ReadCommand", "read", at, "--json");
            assertLoadsOnlyWhatItNeeds(ExitCode.OK, "InboxCommand", "inbox", at, "-n", "1");
        }
    }

    /**
     * Runs {@code pigeonhole COMMAND AT... MORE...} in a JVM of its own that logs each class it loads, and
     * checks that it loads none of Lanterna, HdrHistogram, the server, the terminal client, the benchmark, and
     * none of picocli: a common client command line takes the quick path ({@link QuickLine}).
     */
    private static void assertLoadsOnlyWhatItNeeds(
            int code, String commandClass, String command, String[] at, String... more) throws Exception {
        Path home = Files.createTempDirectory("startup-home");
        List<String> cmd = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xlog:class+load=info:stdout:tags",
                "-cp",
                System.getProperty("java.class.path"),
                "dev.pigeonhole.cli.Main",
                command));
        cmd.addAll(List.of(at));
        cmd.addAll(List.of(more));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("PIGEONHOLE_"));
        pb.environment().put("HOME", home.toString());
        pb.environment().remove("XDG_DATA_HOME");
        Process p = pb.start();
        p.getOutputStream().close();
        List<String> lines = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                .lines()
                .toList();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        String what = String.join(" ", cmd.subList(5, cmd.size()));
        assertEquals(
                code,
                p.exitValue(),
                () -> what + ": "
                        + lines.stream().filter(l -> !l.startsWith("[")).toList());
        assertTrue(
                lines.stream().anyMatch(l -> l.contains(" dev.pigeonhole.cli." + commandClass + " ")),
                "the log is there");
        List<String> unneeded = lines.stream()
                .filter(l -> l.contains(" com.googlecode.lanterna.")
                        || l.contains(" org.HdrHistogram.")
                        || l.contains(" dev.pigeonhole.server.")
                        || l.contains(" dev.pigeonhole.tui.")
                        || l.contains(" dev.pigeonhole.bench.")
                        || l.contains(" picocli."))
                .toList();
        assertEquals(List.of(), unneeded, what + ": classes it has no use for");
    }

    @Test
    void a_line_the_quick_path_declines_still_runs_through_picocli() throws Exception {
        // The same JVM check, the other way round: help is picocli's, so picocli is loaded.
        Process p = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xlog:class+load=info:stdout:tags",
                        "-cp",
                        System.getProperty("java.class.path"),
                        "dev.pigeonhole.cli.Main",
                        "count",
                        "--help")
                .redirectErrorStream(true)
                .start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue());
        assertTrue(log.contains(" picocli.CommandLine "), "picocli answered --help");
        assertTrue(log.contains("Usage: pigeonhole count"), "the usage was printed");
    }

    @Test
    void tools_build_the_model_with_picocli_default_factory_for_completion_and_man_pages() {
        // picocli.AutoComplete and the man page generator instantiate every command with the default
        // factory; a command without a no-argument constructor made them fail with "Could not inject spec".
        String script = AutoComplete.bash("pigeonhole", new CommandLine(Main.class));
        for (String name : List.of("server", "send", "read", "count", "inbox", "tui")) {
            assertTrue(script.contains("function _picocli_pigeonhole_" + name + "()"), name);
        }
        assertTrue(script.contains("--to"), "send's options are completed");
    }
}
