package dev.pigeonhole.cli;

import java.util.ArrayList;
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
record ManPage(CommandSpec command, String version) {

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
                .append(" 1 \"\" \"")
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
        notes(roff);
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
        Help help = new Help(command, Help.defaultColorScheme(Help.Ansi.OFF));
        roff.append(".nf\n");
        for (String line : help.synopsis(0).strip().split("\n")) {
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
            ManPage page = new ManPage(sub, version);
            roff.append(".TP\n")
                    .append("\\fB")
                    .append(escape(sub.name()))
                    .append("\\fR (see \\fB")
                    .append(escape(page.name()))
                    .append("\\fR(1))\n")
                    .append(escapeLine(String.join(" ", sub.usageMessage().description())))
                    .append('\n');
        }
    }

    private void options(StringBuilder roff) {
        List<OptionSpec> options =
                command.options().stream().filter(o -> !o.hidden()).toList();
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
                        : (n.startsWith("--") ? "=" : " ") + "\\fI" + escape(o.paramLabel()) + "\\fR";
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
        if (variables.isEmpty()) {
            return;
        }
        section(roff, "ENVIRONMENT");
        roff.append(".PP\nEvery long option can be set in the environment; the command line wins over it, and an"
                + " empty variable counts as unset.\n");
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
    }

    /** The usage footer, less the environment line that has its own section here. */
    private void notes(StringBuilder roff) {
        List<String> lines = new ArrayList<>();
        for (String line : command.usageMessage().footer()) {
            String text = String.format(line).strip();
            if (!text.isEmpty() && !text.startsWith("Environment: ") && !text.startsWith("Every option can also")) {
                lines.add(text);
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
            String page = new ManPage(sub.getCommandSpec(), version).name();
            if (!(sub.getCommand() instanceof CommandLine.HelpCommand)
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
