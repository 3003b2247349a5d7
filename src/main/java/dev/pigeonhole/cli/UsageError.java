package dev.pigeonhole.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The one format of every usage error (exit code 2, nothing was done): a single line on standard error,
 * {@code <command>: <problem> (see '<command> --help')}, the problem a sentence in lower case. When the
 * value at fault came from the environment rather than the command line, the line starts with it, so the
 * user knows where to look: {@code pigeonhole read: PIGEONHOLE_PORT=99999: --port must be ...}.
 */
final class UsageError {
    /** An option name as messages write it: {@code --port}, {@code -n}; not a hyphen inside a word. */
    private static final Pattern OPTION_NAME = Pattern.compile("(?<![\\w-])(--?[A-Za-z][A-Za-z0-9-]*)");

    private UsageError() {}

    /**
     * Prints the line for {@code problem} in {@code command} and returns {@link ExitCode#USAGE}.
     *
     * @param args    the command line as given, to tell a value given there from one from the environment
     * @param culprit the option whose value is at fault, or null: then the options {@code problem} names
     */
    static int report(PrintWriter err, CommandSpec command, String problem, List<String> args, OptionSpec culprit) {
        return print(err, command.qualifiedName(), problem, fromEnvironment(command, problem, args, culprit));
    }

    /** As {@link #report}, for a problem with a word of the command line (unknown, missing): no value at fault. */
    static int reportWord(PrintWriter err, CommandSpec command, String problem) {
        return print(err, command.qualifiedName(), problem, List.of());
    }

    /**
     * As {@link #report} with no culprit, for a command line read without picocli ({@link QuickLine}).
     *
     * @param options the names of each option of the command, as picocli declares them
     * @param env     the environment the options' defaults came from
     */
    static int report(
            PrintWriter err,
            String name,
            String problem,
            List<String> args,
            List<String[]> options,
            Map<String, String> env) {
        List<String[]> suspects = new ArrayList<>();
        for (String named : namedIn(problem)) {
            for (String[] option : options) {
                if (Arrays.asList(option).contains(named) && !suspects.contains(option)) {
                    suspects.add(option);
                }
            }
        }
        return print(err, name, problem, sources(suspects, env, args));
    }

    private static int print(PrintWriter err, String name, String problem, List<String> sources) {
        String fromEnvironment = String.join(", ", sources);
        err.println(name + ": " + (fromEnvironment.isEmpty() ? "" : fromEnvironment + ": ")
                + TerminalText.safe(sentence(problem)) + " (see '" + name + " --help')");
        err.flush();
        return ExitCode.USAGE;
    }

    /** The option names {@code problem} mentions, in order. */
    private static List<String> namedIn(String problem) {
        List<String> names = new ArrayList<>();
        Matcher m = OPTION_NAME.matcher(problem);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /**
     * {@code VARIABLE=value} for each option at fault whose value came from the environment: {@code culprit},
     * or every option {@code problem} names, that the command line does not give and a variable sets.
     */
    private static List<String> fromEnvironment(
            CommandSpec command, String problem, List<String> args, OptionSpec culprit) {
        List<OptionSpec> suspects = new ArrayList<>();
        if (culprit != null) {
            suspects.add(culprit);
        } else {
            for (String name : namedIn(problem)) {
                OptionSpec named = command.findOption(name);
                if (named != null && !suspects.contains(named)) {
                    suspects.add(named);
                }
            }
        }
        EnvironmentDefaults env = EnvironmentDefaults.of(command);
        List<String[]> settable = new ArrayList<>();
        for (OptionSpec option : suspects) {
            // As EnvironmentDefaults decides; not by asking it, which would load picocli's classes with this one.
            if (option.longestName().startsWith("--") && !option.usageHelp() && !option.versionHelp()) {
                settable.add(option.names());
            }
        }
        return sources(settable, env.environment(), args);
    }

    /** {@code VARIABLE=value} for each of {@code options} that a variable sets and {@code args} do not give. */
    private static List<String> sources(List<String[]> options, Map<String, String> env, List<String> args) {
        List<String> sources = new ArrayList<>();
        for (String[] names : options) {
            String variable = OptionVariable.of(OptionVariable.longest(names));
            String value = env.get(variable);
            if (value != null && !value.isEmpty() && !given(names, args)) {
                sources.add(TerminalText.safe(variable + "=" + value));
            }
        }
        return sources;
    }

    /** Whether {@code option} appears among the arguments, as {@code --port 1}, {@code --port=1} or {@code -n1}. */
    static boolean given(OptionSpec option, List<String> args) {
        return given(option.names(), args);
    }

    private static boolean given(String[] names, List<String> args) {
        for (String arg : args) {
            if (arg.equals("--")) {
                return false; // everything after it is an argument, not an option
            }
            for (String n : names) {
                if (arg.equals(n) || arg.startsWith(n + "=") || (n.length() == 2 && arg.startsWith(n))) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * A message as this project writes them: starting in lower case (unless with a name in capitals, such as
     * {@code MESSAGE}), without a final full stop, since the pointer to --help follows.
     */
    static String sentence(String problem) {
        String s = problem.strip();
        if (s.endsWith(".")) {
            s = s.substring(0, s.length() - 1);
        }
        if (s.length() > 1 && Character.isUpperCase(s.charAt(0)) && Character.isLowerCase(s.charAt(1))) {
            s = Character.toLowerCase(s.charAt(0)) + s.substring(1);
        }
        return s;
    }
}
