package dev.pigeonhole.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * One style for every command's help, as if one hand wrote it: summaries that are whole sentences, every
 * option described, options in one order (by name), defaults written one way ("(default: X)"), values
 * after a space ({@code -t USER}), and every variable the command reads listed.
 */
class HelpStyleTest {
    private static final List<String> COMMANDS = List.of("server", "send", "read", "count", "inbox", "tui", "bridge");

    private static CommandLine model() {
        return Main.commandLine(new ByteArrayInputStream(new byte[0]), Map.of());
    }

    @Test
    void a_typed_flag_turns_its_option_on_whatever_the_environment_says() {
        CommandLine root = model();
        for (String name : COMMANDS) {
            for (CommandLine.Model.OptionSpec o :
                    root.getSubcommands().get(name).getCommandSpec().options()) {
                boolean flag = (o.type() == boolean.class || o.type() == Boolean.class)
                        && o.arity().max() == 0;
                if (flag && !o.usageHelp() && !o.versionHelp()) {
                    // picocli sets a typed flag to the opposite of its default, which the environment may set.
                    assertEquals(
                            "true", o.fallbackValue(), name + " " + o.longestName() + ": fallbackValue = \"true\"");
                }
            }
        }
    }

    @Test
    void every_summary_in_the_command_list_is_a_whole_sentence() {
        String help = Cli.run("--help").out();
        String list = help.substring(help.indexOf("Commands:\n") + "Commands:\n".length(), help.indexOf("\n\n"));
        // An entry is its first line plus the indented lines that continue it.
        Matcher entry = Pattern.compile("(?m)^  (\\w+) +(.*(?:\\n {4,}.*)*)").matcher(list);
        List<String> seen = new ArrayList<>();
        while (entry.find()) {
            String summary = entry.group(2).replaceAll("\\s+", " ");
            seen.add(entry.group(1));
            assertTrue(summary.endsWith("."), entry.group(1) + " summary is cut: " + summary);
        }
        assertTrue(seen.containsAll(COMMANDS), seen.toString());
        assertFalse(seen.contains("bench"), "bench is a developer's tool, not in user help");
    }

    @ParameterizedTest(name = "{0}: options by name, every one described, defaults one way")
    @ValueSource(strings = {"server", "send", "read", "count", "inbox", "tui", "bridge"})
    void options_are_described_sorted_and_show_defaults_one_way(String command) {
        CommandSpec spec = model().getSubcommands().get(command).getCommandSpec();
        assertFalse(spec.usageMessage().showDefaultValues(), "defaults are written in the text, never picocli's line");
        for (OptionSpec o : spec.options()) {
            String text = String.join(" ", o.description()).strip();
            assertFalse(text.isEmpty(), command + " " + o.longestName() + " is undocumented");
            assertTrue(text.endsWith(".") || text.endsWith(".)"), command + " " + o.longestName() + ": " + text);
            assertFalse(text.contains("Default:"), command + " " + o.longestName() + ": " + text);
        }
        String help = Cli.run(command, "--help").out();
        List<String> listed = new ArrayList<>();
        Matcher option = Pattern.compile("(?m)^  (?:(-\\w), )?\\s*(--[\\w-]+)").matcher(help);
        while (option.find()) {
            String name = option.group(1) != null ? option.group(1) : option.group(2);
            listed.add(name.replaceFirst("^-+", "").toLowerCase(java.util.Locale.ROOT));
        }
        List<String> sorted = new ArrayList<>(listed);
        sorted.sort(null);
        assertEquals(sorted, listed, command + " --help lists its options by name");
        assertFalse(help.contains("=USER") || help.contains("=PORT") || help.contains("=N "), help);
        assertFalse(Pattern.compile("(?m)^\\s+Default:").matcher(help).find(), help);
    }

    @ParameterizedTest(name = "{0} --help lists every variable it reads")
    @ValueSource(strings = {"server", "send", "read", "count", "inbox", "tui", "bridge"})
    void every_variable_is_listed(String command) {
        CommandSpec spec = model().getSubcommands().get(command).getCommandSpec();
        String help = Cli.run(command, "--help").out().replaceAll("\\s+", " ");
        for (String variable : EnvironmentDefaults.variablesOf(spec)) {
            assertTrue(help.contains(variable), command + " --help lacks " + variable);
        }
        for (String variable : EnvironmentDefaults.otherVariables(spec).keySet()) {
            assertTrue(help.contains(variable), command + " --help lacks " + variable);
        }
        assertTrue(help.contains("PIGEONHOLE_JAVA_OPTS"), help);
        assertEquals(
                spec.findOption("--ssh") != null,
                help.contains("PIGEONHOLE_SSH_COMMAND"),
                "the ssh command where --ssh is");
    }

    @Test
    void server_help_says_the_socket_is_listened_on_alone_and_send_writes_t_user() {
        String server = Cli.run("server", "--help").out().replaceAll("\\s+", " ");
        assertFalse(server.contains("Also listen"), server);
        assertTrue(server.contains("Listen on this Unix domain socket"), server);
        assertTrue(server.contains("TCP is off unless --host or --port is given too"), server);
        String send = Cli.run("send", "--help").out();
        assertTrue(send.contains(" -t USER ") && send.contains("-t, --to USER"), send);
    }
}
