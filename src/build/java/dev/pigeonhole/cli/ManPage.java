package dev.pigeonhole.cli;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * A man page in roff (man(7) macros) for one command, written from the same picocli model the command
 * parses with, so that it cannot drift from the options. Written directly rather than through picocli's
 * AsciiDoc generator, which would need Asciidoctor (and JRuby) in the build to become roff.
 */
record ManPage(CommandSpec command, String version, String date) {
    /** The width the synopsis is wrapped to: a page indents it 7 columns, and man renders 80 by default. */
    private static final int SYNOPSIS_WIDTH = 72;

    /** {@code pigeonhole-send} for {@code pigeonhole send}: the page's name, as git names its commands'. */
    String name() {
        return command.qualifiedName("-");
    }

    String fileName() {
        return name() + ".1";
    }

    String render() {
        StringBuilder roff = new StringBuilder();
        roff.append(".\\\" Generated from the command's options at build time; edit the Java source instead.\n");
        roff.append(".TH ")
                .append(escape(name().toUpperCase(Locale.ROOT)))
                .append(" 1 \"")
                .append(escape(date))
                .append("\" \"")
                .append(escape(version))
                .append("\" \"Pigeonhole Manual\"\n");
        section(roff, "NAME");
        roff.append(escape(name()))
                .append(" \\- ")
                .append(escape(firstSentence()))
                .append('\n');
        synopsis(roff);
        description(roff);
        commands(roff);
        options(roff);
        exitStatus(roff);
        environment(roff);
        files(roff);
        keys(roff);
        notes(roff);
        examples(roff);
        seeAlso(roff);
        return roff.toString();
    }

    private String firstSentence() {
        String[] description = command.usageMessage().description();
        String first = description.length == 0 ? "" : description[0];
        return first.endsWith(".") ? first.substring(0, first.length() - 1) : first;
    }

    private void synopsis(StringBuilder roff) {
        section(roff, "SYNOPSIS");
        // The help the command line renders (-t USER, not -t=USER), narrower: the page indents it.
        int width = command.usageMessage().width();
        command.usageMessage().width(SYNOPSIS_WIDTH);
        Help help = command.commandLine().getHelpFactory().create(command, Help.defaultColorScheme(Help.Ansi.OFF));
        String synopsis = help.synopsis(0);
        command.usageMessage().width(width);
        roff.append(".nf\n");
        for (String line : synopsis.replaceFirst("^Usage: ", "").strip().split("\n")) {
            roff.append(escapeLine(line.stripTrailing())).append('\n');
        }
        roff.append(".fi\n");
    }

    private void description(StringBuilder roff) {
        String[] description = command.usageMessage().description();
        section(roff, "DESCRIPTION");
        for (String paragraph : description) {
            roff.append(".PP\n").append(escapeLine(paragraph)).append('\n');
        }
    }

    private void commands(StringBuilder roff) {
        List<CommandSpec> subcommands = new ArrayList<>();
        for (CommandLine sub : command.subcommands().values()) {
            if (!sub.getCommandSpec().usageMessage().hidden()
                    && !subcommands.contains(sub.getCommandSpec())
                    && !(sub.getCommand() instanceof CommandLine.HelpCommand)) {
                subcommands.add(sub.getCommandSpec());
            }
        }
        if (subcommands.isEmpty()) {
            return;
        }
        section(roff, "COMMANDS");
        for (CommandSpec sub : subcommands) {
            ManPage page = new ManPage(sub, version, date);
            roff.append(".TP\n")
                    .append("\\fB")
                    .append(escape(sub.name()))
                    .append("\\fR (see \\fB")
                    .append(escape(page.name()))
                    .append("\\fR(1))\n")
                    .append(escapeLine(sub.usageMessage().description()[0]))
                    .append('\n');
        }
    }

    private void options(StringBuilder roff) {
        // In the order --help lists them: by name, dashes aside, case aside (picocli's sort).
        List<OptionSpec> options = command.options().stream()
                .filter(o -> !o.hidden())
                .sorted(Comparator.comparing(
                        (OptionSpec o) -> o.shortestName().replaceFirst("^-+", ""), String.CASE_INSENSITIVE_ORDER))
                .toList();
        List<PositionalParamSpec> positionals =
                command.positionalParameters().stream().filter(p -> !p.hidden()).toList();
        if (options.isEmpty() && positionals.isEmpty()) {
            return;
        }
        section(roff, "OPTIONS");
        for (PositionalParamSpec p : positionals) {
            roff.append(".TP\n\\fI").append(escape(p.paramLabel())).append("\\fR\n");
            roff.append(escapeLine(String.join(" ", p.description()))).append('\n');
        }
        for (OptionSpec o : options) {
            roff.append(".TP\n");
            List<String> names = new ArrayList<>();
            for (String n : o.names()) {
                String label = o.typeInfo().isBoolean() || o.arity().max() == 0
                        ? ""
                        : " \\fI" + escape(o.paramLabel()) + "\\fR";
                names.add("\\fB" + escape(n) + "\\fR" + label);
            }
            roff.append(String.join(", ", names)).append('\n');
            roff.append(escapeLine(String.join(" ", o.description()))).append('\n');
        }
    }

    private void exitStatus(StringBuilder roff) {
        Map<String, String> codes = command.usageMessage().exitCodeList();
        if (codes.isEmpty()) {
            return;
        }
        section(roff, "EXIT STATUS");
        for (Map.Entry<String, String> code : codes.entrySet()) {
            roff.append(".TP\n\\fB")
                    .append(escape(code.getKey().strip()))
                    .append("\\fR\n")
                    .append(escapeLine(code.getValue()))
                    .append('\n');
        }
    }

    private void environment(StringBuilder roff) {
        List<String> variables = EnvironmentDefaults.variablesOf(command);
        section(roff, "ENVIRONMENT");
        if (!variables.isEmpty()) {
            roff.append(".PP\nEvery long option can be set in the environment; the command line wins over it, and"
                    + " an empty variable counts as unset. ")
                    .append(escape(EnvironmentDefaults.YES_NO))
                    .append('\n');
        } else if (command.parent() == null) {
            roff.append(".PP\nEvery option of a command can be set in the environment: \\fB\\-\\-pool\\-size\\fR as"
                    + " \\fBPIGEONHOLE_POOL_SIZE\\fR; each command's page lists its variables.\n");
        }
        for (OptionSpec o : command.options()) {
            String variable = EnvironmentDefaults.variableFor(o.longestName());
            if (variables.contains(variable)) {
                roff.append(".TP\n\\fB")
                        .append(escape(variable))
                        .append("\\fR\nsets \\fB")
                        .append(escape(o.longestName()))
                        .append("\\fR\n");
            }
        }
        for (Map.Entry<String, String> other : EnvironmentDefaults.otherVariables(command).entrySet()) {
            roff.append(".TP\n\\fB")
                    .append(escape(other.getKey()))
                    .append("\\fR\n")
                    .append(escapeLine(other.getValue()))
                    .append(".\n");
        }
    }

    /**
     * The usage footer, less what has a section of its own here (the environment, the exit codes). The help
     * wraps a paragraph over several lines of the footer; a blank line ends one, so they are joined again.
     */
    private void notes(StringBuilder roff) {
        List<String> lines = new ArrayList<>();
        StringBuilder paragraph = new StringBuilder();
        List<String> footer = new ArrayList<>(List.of(command.usageMessage().footer()));
        footer.add("");
        for (String line : footer) {
            String text = String.format(line).strip();
            if (!text.isEmpty()) {
                paragraph.append(paragraph.length() == 0 ? "" : " ").append(text);
                continue;
            }
            String done = paragraph.toString();
            paragraph.setLength(0);
            if (!done.isEmpty() && !done.startsWith("Environment: ") && !done.startsWith("Every option ")) {
                lines.add(done);
            }
        }
        if (lines.isEmpty()) {
            return;
        }
        section(roff, "NOTES");
        for (String line : lines) {
            roff.append(".PP\n").append(escapeLine(line)).append('\n');
        }
    }

    private void seeAlso(StringBuilder roff) {
        CommandSpec root = command;
        while (root.parent() != null) {
            root = root.parent();
        }
        List<String> pages = new ArrayList<>();
        if (root != command) {
            pages.add(root.name());
        }
        for (CommandLine sub : root.subcommands().values()) {
            String page = new ManPage(sub.getCommandSpec(), version, date).name();
            if (!(sub.getCommand() instanceof CommandLine.HelpCommand)
                    && !sub.getCommandSpec().usageMessage().hidden()
                    && sub.getCommandSpec() != command
                    && !pages.contains(page)) {
                pages.add(page);
            }
        }
        section(roff, "SEE ALSO");
        List<String> refs =
                pages.stream().map(p -> "\\fB" + escape(p) + "\\fR(1)").toList();
        roff.append(String.join(",\n", refs)).append('\n');
    }

    /** The files the command reads or writes. */
    private void files(StringBuilder roff) {
        List<String[]> files = new ArrayList<>();
        String archive = "$XDG_DATA_HOME/pigeonhole/SERVER/USER.log";
        String name = command.name();
        if (command.findOption("--archive") != null || command.findOption("--ssh") != null) {
            files.add(new String[] {
                archive,
                "The archive: every message read, forced to disk before it is shown (XDG_DATA_HOME defaults to"
                        + " ~/.local/share; SERVER names the server; --archive chooses another file)."
            });
            files.add(new String[] {"$XDG_DATA_HOME/pigeonhole/SERVER/USER.sent.log", "The messages sent, beside the archive."});
        }
        if (name.equals("tui")) {
            files.add(new String[] {"$XDG_DATA_HOME/pigeonhole/SERVER/USER.drafts", "Unsent text, per recipient."});
        }
        if (name.equals("server") || command.parent() == null) {
            files.add(new String[] {
                "$XDG_STATE_HOME/pigeonhole",
                "The server's journal (journal-*.seg) and its lock, unless --data-dir or --in-memory; XDG_STATE_HOME"
                        + " defaults to ~/.local/state."
            });
            files.add(new String[] {"/var/lib/pigeonhole", "The packaged service's journal."});
        }
        if (command.findOption("--socket") != null || command.parent() == null) {
            files.add(new String[] {
                "/run/pigeonhole/pigeonhole.sock",
                name.equals("server")
                        ? "The packaged service's socket (its unit passes --socket)."
                        : "The packaged service's socket: clients use it when no server is named."
            });
        }
        files.add(new String[] {"/usr/share/pigeonhole/pigeonhole.jar", "The program, run by /usr/bin/pigeonhole."});
        section(roff, "FILES");
        for (String[] f : files) {
            roff.append(".TP\n\\fI").append(escape(f[0])).append("\\fR\n").append(escapeLine(f[1])).append('\n');
        }
    }

    /** The terminal client's keys, from the table its F1 help is drawn from. */
    private void keys(StringBuilder roff) {
        if (!command.name().equals("tui")) {
            return;
        }
        section(roff, "KEYS");
        for (String[] row : dev.pigeonhole.tui.KeyReference.rows()) {
            roff.append(".TP 16\n\\fB").append(escape(row[0])).append("\\fR\n").append(escapeLine(row[1])).append('\n');
        }
    }

    /** Command lines a reader can copy, with what each does. */
    private void examples(StringBuilder roff) {
        List<String[]> examples = switch (command.name()) {
            case "server" -> List.<String[]>of(
                    new String[] {"pigeonhole server", "Serve 127.0.0.1:4554 until Ctrl\\-C, keeping messages in the journal."},
                    new String[] {"pigeonhole server \\-\\-port 0 \\-\\-in\\-memory", "Serve on a free port, printed on stdout; a restart loses the messages."},
                    new String[] {"pigeonhole server \\-\\-socket /tmp/ph.sock", "Serve the Unix socket only, where the OS names every user."});
            case "send" -> List.<String[]>of(
                    new String[] {"pigeonhole send \\-t bob Lunch at 12?", "Send one message to bob."},
                    new String[] {"make 2>&1 | tail \\-3 | pigeonhole send \\-t bob \\-", "Send three lines as three messages, in order."});
            case "read" -> List.<String[]>of(
                    new String[] {"pigeonhole read", "Print every message waiting for you, oldest first."},
                    new String[] {"pigeonhole read \\-n 1 \\-\\-json", "Take one message, as a JSON object."});
            case "count" -> List.<String[]>of(
                    new String[] {"pigeonhole count", "Print how many messages wait."},
                    new String[] {"pigeonhole count \\-q && echo new mail", "Test for waiting messages in a script."});
            case "inbox" -> List.<String[]>of(
                    new String[] {"pigeonhole inbox \\-n 20", "Show the last 20 messages in both directions."});
            case "tui" -> List.<String[]>of(
                    new String[] {"pigeonhole tui", "Open the client for the local server or the packaged socket."},
                    new String[] {"pigeonhole tui \\-\\-ssh alice@host", "Open it for the server on host, as alice."});
            case "bridge" -> List.<String[]>of(
                    new String[] {"ssh host pigeonhole bridge", "What \\-\\-ssh host runs: a connection to host's server."});
            default -> List.<String[]>of(
                    new String[] {"pigeonhole send \\-t bob Lunch at 12?", "Leave bob a message."},
                    new String[] {"pigeonhole read", "Read yours."},
                    new String[] {"pigeonhole", "Open the full\\-screen client (in a terminal)."});
        };
        section(roff, "EXAMPLES");
        for (String[] e : examples) {
            // Already roff: each is written once, here, with its hyphens escaped by hand.
            roff.append(".TP\n\\fB").append(e[0]).append("\\fR\n").append(e[1]).append('\n');
        }
    }

    private static void section(StringBuilder roff, String title) {
        roff.append(".SH ").append(title).append('\n');
    }

    /** Text safe inside a roff line: backslashes and hyphens escaped (so options copy as ASCII '-'). */
    static String escape(String text) {
        return text.replace("\\", "\\e").replace("-", "\\-");
    }

    /**
     * Text from the model as roff lines: picocli's {@code %n} breaks the line, and a line starting with
     * '.' or '\'' is kept from being read as a request.
     */
    static String escapeLine(String text) {
        List<String> lines = new ArrayList<>();
        for (String line : text.replace("%n", "\n").replace("%%", "%").split("\n", -1)) {
            String escaped = escape(line);
            lines.add(escaped.startsWith(".") || escaped.startsWith("'") ? "\\&" + escaped : escaped);
        }
        return String.join("\n.br\n", lines);
    }
}
