package dev.pigeonhole.cli;

import dev.pigeonhole.client.Endpoint;
import dev.pigeonhole.system.IoReason;
import dev.pigeonhole.tui.TerminalApp;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The {@code pigeonhole} command: a root that dispatches to its subcommands. Without one it opens the
 * full-screen client ({@code tui}) when stdin and stdout are a terminal, and prints the usage otherwise.
 */
@Command(
        name = Main.NAME,
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        defaultValueProvider = EnvironmentDefaults.class,
        description = "A terminal messenger for people who share a server.",
        footer = {
            "",
            "Every option can also be set in the environment: --pool-size as PIGEONHOLE_POOL_SIZE.",
            EnvironmentDefaults.YES_NO
        },
        subcommands = {
            CommandLine.HelpCommand.class,
            ServerCommand.class,
            SendCommand.class,
            ReadCommand.class,
            CountCommand.class,
            InboxCommand.class,
            TuiCommand.class,
            BridgeCommand.class,
            BenchCommand.class,
        })
public final class Main implements Callable<Integer> {
    static final String NAME = "pigeonhole";

    /**
     * True when this JVM runs {@code pigeonhole} as its program ({@link #main}), so that the server may
     * end the process on a fatal error; false when a test runs the command inside its own JVM. Here, not in
     * ServerCommand: setting it there would load and initialise the server's classes for every command.
     */
    static volatile boolean ownsProcess;

    /** What picocli's {@code help} command says about a command it does not know. */
    private static final Pattern UNKNOWN_HELP_TOPIC = Pattern.compile("Unknown subcommand '(.*)'\\.");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        ownsProcess = true;
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit code, without exiting: tests call this. */
    public static int run(String... args) {
        int code = run(withStandardOutput(commandLineFor(System.in, System.getenv(), args)), args);
        // bench and the server's "listening" line write to System.out, which never throws: ask it too.
        if (code == ExitCode.OK && System.out.checkError()) {
            System.err.println("pigeonhole: cannot write to standard output");
            return ExitCode.FAILURE;
        }
        return code;
    }

    /**
     * Executes {@code args} and checks that standard output took everything: help, a version or a count
     * that could not be written ({@code > /dev/full}, a closed pipe) is a failure, never a silent success.
     */
    static int run(CommandLine cl, String... args) {
        int code = cl.execute(args);
        cl.getOut().flush();
        if (code == ExitCode.OK && cl.getOut().checkError()) {
            cl.getErr().println("pigeonhole: cannot write to standard output");
            cl.getErr().flush();
            return ExitCode.FAILURE;
        }
        return code;
    }

    /** The configured picocli command line with every subcommand, for tests and tools. */
    public static CommandLine commandLine() {
        return withStandardOutput(commandLine(System.in, System.getenv()));
    }

    private static CommandLine withStandardOutput(CommandLine cl) {
        // System.out swallows write errors; a writer on the descriptor itself reports them (checkError), so
        // `pigeonhole read | head -1` stops reading when head exits instead of emptying the queue unseen.
        cl.setOut(new PrintWriter(
                new OutputStreamWriter(new FileOutputStream(FileDescriptor.out), outputCharset()), true));
        return cl;
    }

    /** The encoding of standard output: the terminal's (JDK 19+ property) or the locale's, else UTF-8. */
    static Charset outputCharset() {
        try {
            return Charset.forName(
                    System.getProperty("stdout.encoding", System.getProperty("native.encoding", "UTF-8")));
        } catch (IllegalArgumentException e) {
            return StandardCharsets.UTF_8;
        }
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
        return commandLine(stdin, stdout, env, Endpoint.PACKAGED_SOCKET);
    }

    /**
     * As {@link #commandLine(InputStream, OutputStream, Map)}, with the packaged service's socket somewhere
     * else: tests name one that does not exist, so that an installed package cannot change where they go.
     */
    static CommandLine commandLine(
            InputStream stdin, OutputStream stdout, Map<String, String> env, Path packagedSocket) {
        return configure(new CommandLine(new Main(), new Factory(stdin, stdout, env, packagedSocket)), env);
    }

    /** {@link #commandLineFor(InputStream, OutputStream, Map, Path, String...)} for the process's own streams. */
    static CommandLine commandLineFor(InputStream stdin, Map<String, String> env, String... args) {
        return commandLineFor(stdin, new FileOutputStream(FileDescriptor.out), env, Endpoint.PACKAGED_SOCKET, args);
    }

    /**
     * The command line for {@code args}: when they start with a subcommand's name, a root holding that
     * subcommand alone, else the full one. picocli builds the model of every registered command by
     * reflection before parsing anything, which made {@code pigeonhole count} pay for the server's, the
     * terminal client's and the benchmark's options and load their classes. {@code help} needs its
     * siblings, so it takes the full path.
     */
    static CommandLine commandLineFor(
            InputStream stdin, OutputStream stdout, Map<String, String> env, Path packagedSocket, String... args) {
        Class<?> only = args.length == 0 ? null : subcommandNamed(args[0]);
        if (only == null) {
            return commandLine(stdin, stdout, env, packagedSocket);
        }
        Factory factory = new Factory(stdin, stdout, env, packagedSocket);
        // The root is never parsed here (args[0] names the subcommand): it only gives the qualified name.
        CommandSpec root = CommandSpec.wrapWithoutInspection(new Main(), factory)
                .name(NAME); // not from the annotation: reading it would load every command class
        CommandLine cl = new CommandLine(root, factory);
        try {
            cl.addSubcommand(new CommandLine(factory.create(only), factory));
        } catch (Exception e) {
            throw new CommandLine.InitializationException("cannot create " + only.getName() + ": " + e, e);
        }
        return configure(cl, env);
    }

    /**
     * The subcommand class registered under {@code name}, or null (then the full command line is built);
     * never {@code help}. A switch, not a scan of the annotation above: reading another command's
     * annotation links its class, and the verifier then loads the classes its methods use (the server's
     * for {@code server}). StartupPathTest checks that every registered command is here.
     */
    static Class<?> subcommandNamed(String name) {
        return switch (name) {
            case "server" -> ServerCommand.class;
            case "send" -> SendCommand.class;
            case "read" -> ReadCommand.class;
            case "count" -> CountCommand.class;
            case "inbox" -> InboxCommand.class;
            case "tui" -> TuiCommand.class;
            case "bridge" -> BridgeCommand.class;
            case "bench" -> BenchCommand.class;
            default -> null;
        };
    }

    /** The settings every command line gets, whichever subcommands it holds. */
    private static CommandLine configure(CommandLine cl, Map<String, String> env) {
        // Usage errors are handled (and answered 2) by the parameter exception handler below; anything else
        // that escapes a command is a bug, and 2 would falsely promise that nothing was sent.
        cl.setExitCodeExceptionMapper(e -> ExitCode.FAILURE);
        cl.getCommandSpec().exitCodeOnInvalidInput(ExitCode.USAGE);
        // The annotation sets the provider on the root only; this reaches every subcommand's options.
        cl.setDefaultValueProvider(new EnvironmentDefaults(env));
        for (CommandLine sub : cl.getSubcommands().values()) {
            // Generated from the options themselves, so the list cannot drift from what is read.
            String environment = "Environment: "
                    + String.join(", ", EnvironmentDefaults.variablesOf(sub.getCommandSpec()))
                    + " set the option of the same name; the command line wins. " + EnvironmentDefaults.YES_NO;
            if (sub.getCommand() instanceof ClientCommand) {
                sub.getCommandSpec().usageMessage().footer("", environment);
            } else if (sub.getCommand() instanceof BenchCommand) {
                String[] footer = sub.getCommandSpec().usageMessage().footer();
                String[] more = Arrays.copyOf(footer, footer.length + 3);
                more[footer.length] = "";
                more[footer.length + 1] = environment;
                more[footer.length + 2] = "With --redis, PIGEONHOLE_HOST and PIGEONHOLE_PORT are ignored: they name the"
                        + " Pigeonhole server; give --host and --port on the command line.";
                sub.getCommandSpec().usageMessage().footer(more);
            }
        }
        // "@name" is a plain word in a message, never "the contents of file name".
        cl.setExpandAtFiles(false);
        // The last of a repeated option wins, as in most tools, so an alias can carry defaults.
        cl.setOverwrittenOptionsAllowed(true);
        cl.setParameterExceptionHandler((e, args) -> usageError(e, args, env));
        cl.setExecutionExceptionHandler(Main::unexpected);
        // Environment variables say yes and no in many ways; the command line's flags take no value.
        cl.registerConverter(Boolean.class, EnvironmentDefaults::bool);
        cl.registerConverter(Boolean.TYPE, EnvironmentDefaults::bool);
        return cl;
    }

    /**
     * An exception a command did not handle is a bug, but the user still gets one line, not a stack trace
     * over their terminal. Exit code 1: something may have been sent.
     */
    private static int unexpected(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
        cl.getErr()
                .println(cl.getCommandSpec().qualifiedName() + ": unexpected error (a bug; please report it): "
                        + TerminalText.safe(IoReason.of(e)));
        cl.getErr().flush();
        return ExitCode.FAILURE;
    }

    /**
     * A usage error is one line on standard error, like every other failure, with a pointer to --help, or
     * to the environment variable the bad value came from when it was not on the command line.
     */
    private static int usageError(CommandLine.ParameterException e, String[] args, Map<String, String> env) {
        CommandLine cl = e.getCommandLine();
        String name = cl.getCommandSpec().qualifiedName();
        String source = " (see '" + name + " --help')";
        if (e.getArgSpec() instanceof CommandLine.Model.OptionSpec option && !given(option, args)) {
            String variable = EnvironmentDefaults.variableFor(option.longestName());
            if (env.containsKey(variable)) {
                source = " (from the environment: " + variable + ")";
            }
        }
        cl.getErr().println(name + ": " + TerminalText.safe(describe(e)) + source);
        cl.getErr().flush();
        return ExitCode.USAGE;
    }

    /**
     * The problem in words. An argument picocli did not recognise is named first, with its near misses
     * ("unknown option '--too'; did you mean --to?"), even when picocli noticed a missing option first:
     * the typo is the cause, the missing option only its consequence.
     */
    private static String describe(CommandLine.ParameterException e) {
        CommandLine cl = e.getCommandLine();
        List<String> unmatched = e instanceof CommandLine.UnmatchedArgumentException u
                ? u.getUnmatched()
                : cl.getParseResult() == null ? List.of() : cl.getParseResult().unmatched();
        Matcher helpFor = UNKNOWN_HELP_TOPIC.matcher(String.valueOf(e.getMessage()));
        if (unmatched.isEmpty() && helpFor.matches()) { // `pigeonhole help frobnicate`
            unmatched = List.of(helpFor.group(1));
        }
        if (unmatched.isEmpty()) {
            return String.valueOf(e.getMessage());
        }
        List<String> suggestions = e instanceof CommandLine.UnmatchedArgumentException u
                ? u.getSuggestions()
                : new CommandLine.UnmatchedArgumentException(cl, unmatched).getSuggestions();
        String first = unmatched.get(0);
        String hint = suggestions.isEmpty() ? "" : "; did you mean " + String.join(" or ", suggestions) + "?";
        if (first.startsWith("-") && first.length() > 1) {
            return "unknown option '" + first + "'" + hint;
        }
        if (!cl.getSubcommands().isEmpty()) {
            return "unknown command '" + first + "'"
                    + (hint.isEmpty()
                            ? "; the commands are "
                                    + String.join(", ", cl.getSubcommands().keySet())
                            : hint);
        }
        return "unexpected argument '" + first + "'";
    }

    /** Whether {@code option} appears among the arguments, as {@code --port 1}, {@code --port=1} or {@code -u1}. */
    private static boolean given(CommandLine.Model.OptionSpec option, String[] args) {
        for (String arg : args) {
            for (String n : option.names()) {
                if (arg.equals(n) || arg.startsWith(n + "=") || (n.length() == 2 && arg.startsWith(n))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Creates commands that need the process's streams with the ones this command line was given. */
    private record Factory(InputStream stdin, OutputStream stdout, Map<String, String> env, Path packagedSocket)
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
                        new Account(env, packagedSocket)); // PIGEONHOLE_SSH_COMMAND is no option, but the environment
            }
            return CommandLine.defaultFactory().create(type);
        }
    }

    @Override
    public Integer call() {
        if (TerminalApp.whyNoTerminal(System.console() != null, System.getenv("TERM")) == null) {
            return spec.commandLine().getSubcommands().get("tui").execute();
        }
        spec.commandLine().usage(spec.commandLine().getErr()); // no terminal: say what there is to run
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
    }

    /** Reads the version from the jar's manifest, so it is written only in pom.xml. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"pigeonhole " + (v == null ? "(development build)" : v)};
        }
    }
}
