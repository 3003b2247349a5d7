package dev.pigeonhole.cli;

import dev.pigeonhole.client.PackagedService;
import dev.pigeonhole.tui.TerminalApp;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The {@code pigeonhole} command line as picocli reads it: every subcommand, or only the one named, with this
 * project's handlers, converters, environment defaults and usage-error format. {@link Main} takes this path
 * for everything {@link QuickLine} declines. Kept out of {@link Main}, whose class is loaded on the quick
 * path too: verifying these methods would load picocli's classes.
 */
final class PicocliLine {
    private PicocliLine() {}

    /** What picocli's {@code help} command says about a command it does not know. */
    private static final Pattern UNKNOWN_HELP_TOPIC = Pattern.compile("Unknown subcommand '(.*)'\\.");

    /** Runs {@code args} on the process's standard streams and environment. */
    static int runOnProcessStreams(String... args) {
        return run(withStandardOutput(commandLineFor(System.in, System.getenv(), args)), args);
    }

    /**
     * Executes {@code args} and checks that standard output took everything: help, a version or a count
     * that could not be written ({@code > /dev/full}, a closed pipe) is a failure, never a silent success.
     */
    static int run(CommandLine cl, String... args) {
        return ExitCode.checkingOutput(cl.execute(args), cl.getOut(), cl.getErr());
    }

    /** The configured picocli command line with every subcommand, for tests and tools. */
    public static CommandLine commandLine() {
        return withStandardOutput(commandLine(System.in, System.getenv()));
    }

    private static CommandLine withStandardOutput(CommandLine cl) {
        // System.out swallows write errors; a writer on the descriptor itself reports them (checkError), so
        // `pigeonhole read | head -1` stops reading when head exits instead of emptying the queue unseen.
        cl.setOut(new PrintWriter(
                new OutputStreamWriter(new FileOutputStream(FileDescriptor.out), Main.outputCharset()), true));
        return cl;
    }

    /**
     * The command line reading {@code stdin} (for {@code send -}) and taking option defaults from
     * {@code env}: tests pass their own, and capture output with {@code setOut}/{@code setErr}.
     */
    static CommandLine commandLine(InputStream stdin, Map<String, String> env) {
        return commandLine(stdin, new FileOutputStream(FileDescriptor.out), env);
    }

    /** As {@link #commandLine(InputStream, Map)}, with the byte stream {@code bridge} writes to. */
    static CommandLine commandLine(InputStream stdin, OutputStream stdout, Map<String, String> env) {
        return commandLine(stdin, stdout, env, PackagedService.HOST);
    }

    /**
     * As {@link #commandLine(InputStream, OutputStream, Map)}, with the packaged service's socket somewhere
     * else: tests name one that does not exist, so that an installed package cannot change where they go.
     */
    static CommandLine commandLine(
            InputStream stdin, OutputStream stdout, Map<String, String> env, Path packagedSocket) {
        return commandLine(stdin, stdout, env, PackagedService.notInstalled(packagedSocket));
    }

    /** As {@link #commandLine(InputStream, OutputStream, Map, Path)}, with the whole packaged service given. */
    static CommandLine commandLine(
            InputStream stdin, OutputStream stdout, Map<String, String> env, PackagedService packaged) {
        return configure(new CommandLine(new Main(), new Factory(stdin, stdout, env, packaged)), env);
    }

    /** {@link #commandLineFor(InputStream, OutputStream, Map, Path, String...)} for the process's own streams. */
    static CommandLine commandLineFor(InputStream stdin, Map<String, String> env, String... args) {
        return commandLineFor(stdin, new FileOutputStream(FileDescriptor.out), env, PackagedService.HOST, args);
    }

    /**
     * The command line for {@code args}: when they start with a subcommand's name, a root holding that
     * subcommand alone, else the full one. picocli builds the model of every registered command by
     * reflection before parsing anything, which made {@code pigeonhole count} pay for the server's, the
     * terminal client's options and load their classes. {@code help} needs its
     * siblings, so it takes the full path.
     */
    static CommandLine commandLineFor(
            InputStream stdin, OutputStream stdout, Map<String, String> env, Path packagedSocket, String... args) {
        return commandLineFor(stdin, stdout, env, PackagedService.notInstalled(packagedSocket), args);
    }

    /** As {@link #commandLineFor(InputStream, OutputStream, Map, Path, String...)}, with the whole packaged service. */
    static CommandLine commandLineFor(
            InputStream stdin, OutputStream stdout, Map<String, String> env, PackagedService packaged, String... args) {
        Class<?> only = args.length == 0 ? null : Main.subcommandNamed(args[0]);
        if (only == null) {
            return commandLine(stdin, stdout, env, packaged);
        }
        Factory factory = new Factory(stdin, stdout, env, packaged);
        // The root is never parsed here (args[0] names the subcommand): it only gives the qualified name.
        CommandSpec root = CommandSpec.wrapWithoutInspection(new Main(), factory)
                .name(Main.NAME); // not from the annotation: reading it would load every command class
        CommandLine cl = new CommandLine(root, factory);
        try {
            cl.addSubcommand(new CommandLine(factory.create(only), factory));
        } catch (Exception e) {
            throw new CommandLine.InitializationException("cannot create " + only.getName() + ": " + e, e);
        }
        return configure(cl, env);
    }

    /** The settings every command line gets, whichever subcommands it holds. */
    private static CommandLine configure(CommandLine cl, Map<String, String> env) {
        // Usage errors are handled (and answered 2) by the parameter exception handler below; anything else
        // that escapes a command is a bug, and 2 would falsely promise that nothing was sent.
        Handlers handlers = new Handlers();
        cl.setExitCodeExceptionMapper(handlers);
        cl.getCommandSpec().exitCodeOnInvalidInput(ExitCode.USAGE);
        // The annotation sets the provider on the root only; this reaches every subcommand's options.
        cl.setDefaultValueProvider(new EnvironmentDefaults(env));
        List<CommandLine> commands = new ArrayList<>(cl.getSubcommands().values());
        commands.add(cl);
        for (CommandLine sub : commands) {
            CommandSpec spec = sub.getCommandSpec();
            if (sub.getCommand() instanceof CommandLine.HelpCommand) {
                continue;
            }
            List<String> footer =
                    new ArrayList<>(Arrays.asList(spec.usageMessage().footer()));
            footer.add("");
            footer.add(EnvironmentDefaults.helpFooter(spec));
            spec.usageMessage().footer(footer.toArray(new String[0]));
        }
        cl.setHelpFactory(new SpacedHelp.Factory());
        // "@name" is a plain word in a message, never "the contents of file name".
        cl.setExpandAtFiles(false);
        // The last of a repeated option wins, as in most tools, so an alias can carry defaults.
        cl.setOverwrittenOptionsAllowed(true);
        cl.setParameterExceptionHandler(handlers);
        cl.setExecutionExceptionHandler(handlers);
        // Environment variables say yes and no in many ways; the command line's flags take no value.
        cl.registerConverter(Boolean.class, handlers);
        cl.registerConverter(Boolean.TYPE, handlers);
        return cl;
    }

    /**
     * The handlers {@link #configure} installs, as one class rather than lambdas: a lambda for one of
     * picocli's interfaces (class files older than Java 6) links that interface while the class-data archive
     * is dumped, and JDK 17 then leaves the interface and every class implementing it (picocli's 28
     * converters, ours) out of the archive. src/build/appcds fails the build if that happens again.
     */
    private static final class Handlers
            implements CommandLine.IExitCodeExceptionMapper,
                    CommandLine.IParameterExceptionHandler,
                    CommandLine.IExecutionExceptionHandler,
                    CommandLine.ITypeConverter<Boolean> {
        @Override
        public int getExitCode(Throwable exception) {
            return ExitCode.FAILURE;
        }

        @Override
        public int handleParseException(CommandLine.ParameterException e, String[] args) {
            return usageError(e, args);
        }

        @Override
        public int handleExecutionException(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
            // The parse result adds nothing to the one line.
            return ExitCode.unexpected(cl.getErr(), cl.getCommandSpec().qualifiedName(), e);
        }

        @Override
        public Boolean convert(String value) {
            return EnvironmentDefaults.bool(value);
        }
    }

    /**
     * A usage error is one line on standard error in {@link UsageError}'s format, whatever noticed it: picocli
     * (an unknown option, a value that does not convert, a missing option) or a command's own checks.
     */
    private static int usageError(CommandLine.ParameterException e, String[] args) {
        CommandLine cl = e.getCommandLine();
        String problem = describe(e, List.of(args));
        if (e.getArgSpec() instanceof CommandLine.Model.OptionSpec option && e.getValue() != null) {
            // A value that did not convert: name it, and where it came from.
            return UsageError.report(cl.getErr(), cl.getCommandSpec(), problem, List.of(args), option);
        }
        if (e instanceof CommandLine.UnmatchedArgumentException
                || e instanceof CommandLine.MissingParameterException
                || (cl.getParseResult() != null
                        && !cl.getParseResult().unmatched().isEmpty())) {
            // A word of the command line, whatever options the hint names.
            return UsageError.reportWord(cl.getErr(), cl.getCommandSpec(), problem);
        }
        return UsageError.report(cl.getErr(), cl.getCommandSpec(), problem, List.of(args), null);
    }

    /** What picocli says about a value that did not convert: "Invalid value for option '--port': ...". */
    private static final Pattern INVALID_VALUE =
            Pattern.compile("Invalid value for option '[^']*': (.*)", Pattern.DOTALL);

    /**
     * The problem in words. An argument picocli did not recognise is named first, with its near misses
     * ("unknown option '--prot'; did you mean --port?"), even when picocli noticed a missing option first:
     * the typo is the cause, the missing option only its consequence.
     */
    private static String describe(CommandLine.ParameterException e, List<String> args) {
        CommandLine cl = e.getCommandLine();
        List<String> unmatched = e instanceof CommandLine.UnmatchedArgumentException u
                ? u.getUnmatched()
                : cl.getParseResult() == null ? List.of() : cl.getParseResult().unmatched();
        Matcher helpFor = UNKNOWN_HELP_TOPIC.matcher(String.valueOf(e.getMessage()));
        if (unmatched.isEmpty() && helpFor.matches()) { // `pigeonhole help frobnicate`
            unmatched = List.of(helpFor.group(1));
        }
        if (unmatched.isEmpty()) {
            return picocliProblem(e, args);
        }
        String first = unmatched.get(0);
        int end = args.indexOf("--");
        if (end >= 0 && args.subList(end + 1, args.size()).contains(first)) {
            // `pigeonhole -- send`: after "--" every word is an argument, even a command's name.
            return "'" + first + "' follows '--', which makes it an argument, and "
                    + cl.getCommandSpec().qualifiedName() + " takes no " + (end == 0 ? "" : "more ") + "arguments"
                    + (cl.getSubcommands().containsKey(first)
                            ? "; to run the command, leave out '--': "
                                    + cl.getCommandSpec().qualifiedName() + " " + first
                            : "");
        }
        if (first.startsWith("-") && first.length() > 1) {
            List<String> names = new ArrayList<>();
            for (CommandLine.Model.OptionSpec option : cl.getCommandSpec().options()) {
                names.addAll(List.of(option.names()));
            }
            return "unknown option '" + first + "'" + hint(NearMiss.among(first.replaceFirst("=.*", ""), names));
        }
        if (!cl.getSubcommands().isEmpty()) {
            List<String> commands = new ArrayList<>();
            for (Map.Entry<String, CommandLine> sub : cl.getSubcommands().entrySet()) {
                if (!sub.getValue().getCommandSpec().usageMessage().hidden()) {
                    commands.add(sub.getKey());
                }
            }
            List<String> hints = NearMiss.among(first, commands);
            return "unknown command '" + first + "'"
                    + (hints.isEmpty() ? "; the commands are " + String.join(", ", commands) : hint(hints));
        }
        return "unexpected argument '" + first + "'";
    }

    private static String hint(List<String> names) {
        return names.isEmpty() ? "" : "; did you mean " + String.join(" or ", names) + "?";
    }

    /** picocli's own messages, in this project's words: "missing --to USER", "--port abc: 'abc' is not an int". */
    private static String picocliProblem(CommandLine.ParameterException e, List<String> args) {
        if (e instanceof CommandLine.MissingParameterException missing
                && !missing.getMissing().isEmpty()) {
            List<String> what = new ArrayList<>();
            for (CommandLine.Model.ArgSpec arg : missing.getMissing()) {
                what.add(
                        arg instanceof CommandLine.Model.OptionSpec o
                                ? o.longestName() + (o.arity().max() == 0 ? "" : " " + o.paramLabel())
                                : arg.paramLabel());
            }
            boolean valueOfOption = String.valueOf(e.getMessage()).startsWith("Missing required parameter for option");
            return valueOfOption ? what.get(0) + ": the option needs a value" : "missing " + String.join(" and ", what);
        }
        Matcher invalid = INVALID_VALUE.matcher(String.valueOf(e.getMessage()));
        if (invalid.matches() && e.getArgSpec() instanceof CommandLine.Model.OptionSpec o) {
            // From the environment, UsageError names the variable and its value instead.
            return (UsageError.given(o, args) ? o.longestName() + " " + e.getValue() + ": " : "") + invalid.group(1);
        }
        return String.valueOf(e.getMessage());
    }

    /** Creates commands that need the process's streams with the ones this command line was given. */
    private record Factory(InputStream stdin, OutputStream stdout, Map<String, String> env, PackagedService packaged)
            implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> type) throws Exception {
            if (type == BridgeCommand.class) {
                return type.cast(new BridgeCommand(stdin, stdout));
            }
            if (type == SendCommand.class) {
                return type.cast(new SendCommand(stdin));
            }
            if (type == Account.class) {
                return type.cast(
                        new Account(env, packaged)); // PIGEONHOLE_SSH_COMMAND is no option, but the environment
            }
            return CommandLine.defaultFactory().create(type);
        }
    }

    /** What {@code pigeonhole} alone does: the terminal client on a terminal, else the usage and a usage error. */
    static int noCommand(CommandSpec spec) {
        if (TerminalApp.whyNoTerminal(System.console() != null, System.getenv("TERM")) == null) {
            return spec.commandLine().getSubcommands().get("tui").execute();
        }
        spec.commandLine().usage(spec.commandLine().getErr()); // no terminal: say what there is to run
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
    }
}
