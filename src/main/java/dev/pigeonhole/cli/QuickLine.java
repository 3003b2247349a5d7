package dev.pigeonhole.cli;

import dev.pigeonhole.client.PackagedService;
import java.io.BufferedWriter;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The start-up path of the client commands people run from prompts, status bars, cron and pipes:
 * {@code count}, {@code read}, {@code send} and {@code inbox}, read without picocli. Building picocli's model
 * of even one command costs a cold JVM more than the rest of {@code count} together (src/docs/performance.md),
 * so a well-formed, common command line is read here, into the same command object (the same fields) picocli
 * would fill, and run with the same streams, messages and exit codes.
 *
 * <p>It accepts only what it is sure of: the command's own options and {@link Account}'s, long ({@code --port
 * 7777}, {@code --port=7777}) or short ({@code -q}, {@code -n 5}) and each alone, the last of a repeated one
 * winning, values that convert, and the environment's defaults as {@link EnvironmentDefaults} gives them to
 * picocli. Anything else it declines, before doing anything (nothing read, nothing connected), and
 * {@link Main} runs the line through picocli unchanged: help and version, {@code --}, unknown or abbreviated
 * options, clustered short options and {@code -n5}, a value that starts with '-', a value that does not
 * convert (typed or from the environment), a missing {@code --to}, an argument where the command takes none.
 * So every message picocli writes about a command line is still picocli's, and a usage error a command finds
 * itself is written by {@link UsageError} from the same option names either way. QuickLineParityTest checks
 * the option tables against picocli's models and the commands it builds against the ones picocli builds.
 */
final class QuickLine {
    /** What {@link #run} returns when it declines the command line: never an exit code. */
    static final int DECLINED = -1;

    private static final String[] HOST = {"--host"};
    private static final String[] PORT = {"--port"};
    private static final String[] SOCKET = {"--socket"};
    private static final String[] SSH = {"--ssh"};
    private static final String[] USER = {"-u", "--user"};
    private static final String[] VERBOSE = {"-v", "--verbose"};
    private static final String[] TIMEOUT = {"--timeout"};
    private static final String[] QUIET = {"-q", "--quiet"};
    private static final String[] ALL = {"--all"};
    private static final String[] LIMIT = {"-n", "--limit"};
    private static final String[] JSON = {"--json"};
    private static final String[] ARCHIVE = {"--archive"};
    private static final String[] TO = {"-t", "--to"};
    private static final String[] MAX_MESSAGE = {"--max-message"};
    private static final String[] LAST = {"-n", "--last"};

    /** The flags: options that take no value on the command line (yes/no in the environment). */
    private static final List<String[]> FLAGS = List.of(VERBOSE, QUIET, ALL, JSON);

    private QuickLine() {}

    /** A command line accepted: the command, filled in, and which of its options the command line gave. */
    record Accepted(ClientCommand command, List<String[]> options, Set<String> typed) {
        /** Whether the command line gave {@code option} (by any of its names). */
        boolean typed(String option) {
            String[] named = named(options, option);
            return named != null && typed.contains(OptionVariable.longest(named));
        }
    }

    /**
     * Runs {@code args} on the process's standard streams if they are a command line this path reads, and
     * returns the exit code; else returns {@link #DECLINED} having done nothing.
     */
    static int run(InputStream stdin, Map<String, String> env, PackagedService packaged, String... args) {
        Accepted accepted = accept(stdin, env, packaged, args);
        if (accepted == null) {
            return DECLINED;
        }
        // The writers picocli's path uses: Main's on the descriptor (System.out swallows write errors), and
        // picocli's own for standard error.
        PrintWriter out = new PrintWriter(
                new OutputStreamWriter(new FileOutputStream(FileDescriptor.out), Main.outputCharset()), true);
        PrintWriter err =
                new PrintWriter(new BufferedWriter(new OutputStreamWriter(System.err, stderrCharset())), true);
        return run(accepted, env, out, err, args);
    }

    /** As {@link #run(InputStream, Map, PackagedService, String...)}, writing to {@code out} and {@code err}: for tests. */
    static int run(
            InputStream stdin,
            Map<String, String> env,
            PackagedService packaged,
            PrintWriter out,
            PrintWriter err,
            String... args) {
        Accepted accepted = accept(stdin, env, packaged, args);
        return accepted == null ? DECLINED : run(accepted, env, out, err, args);
    }

    /** Runs an accepted command as picocli's {@code execute} and {@link PicocliLine#run} would. */
    private static int run(
            Accepted accepted, Map<String, String> env, PrintWriter out, PrintWriter err, String[] args) {
        Invocation invocation = new Quick(out, err, Main.NAME + " " + args[0], accepted, List.of(args), env);
        accepted.command().invocation = invocation;
        int code;
        try {
            code = accepted.command().call();
        } catch (RuntimeException e) {
            return ExitCode.unexpected(err, invocation.name(), e); // as PicocliLine's execution exception handler
        }
        return ExitCode.checkingOutput(code, out, err);
    }

    /**
     * The command {@code args} run, filled in as picocli would fill it, or null when this path declines them.
     * Reads nothing and connects nowhere: the command has not run.
     */
    static Accepted accept(InputStream stdin, Map<String, String> env, PackagedService packaged, String... args) {
        if (args.length == 0) {
            return null;
        }
        ClientCommand command;
        List<String[]> options = new ArrayList<>(List.of(HOST, PORT, SOCKET, SSH, USER, VERBOSE));
        switch (args[0]) {
            case "count" -> {
                command = new CountCommand();
                options.addAll(List.of(TIMEOUT, QUIET));
            }
            case "read" -> {
                ReadCommand read = new ReadCommand();
                read.location = new ArchiveLocation();
                command = read;
                options.addAll(List.of(TIMEOUT, ALL, LIMIT, JSON, ARCHIVE));
            }
            case "send" -> {
                SendCommand send = new SendCommand(stdin);
                send.location = new ArchiveLocation();
                command = send;
                options.addAll(List.of(TIMEOUT, TO, MAX_MESSAGE, ARCHIVE));
            }
            case "inbox" -> {
                InboxCommand inbox = new InboxCommand();
                inbox.location = new ArchiveLocation();
                command = inbox;
                options.addAll(List.of(LAST, JSON, ARCHIVE));
            }
            default -> {
                return null;
            }
        }
        command.account = new Account(env, packaged);
        Set<String> typed = new HashSet<>(); // by longest name
        List<String> words = null;
        for (int i = 1; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("-") || arg.equals("-")) {
                if (!(command instanceof SendCommand)) {
                    return null; // picocli's "unexpected argument", or a command of a command
                }
                if (words == null) {
                    words = new ArrayList<>();
                }
                words.add(arg);
                continue;
            }
            String name = arg;
            String value = null;
            int equals = arg.indexOf('=');
            if (arg.startsWith("--") && equals > 0) {
                name = arg.substring(0, equals);
                value = arg.substring(equals + 1);
            } else if (!arg.startsWith("--") && arg.length() != 2) {
                return null; // -qv, -n5, -n=5: picocli's
            }
            String[] option = named(options, name);
            if (option == null) {
                return null; // --, --help, -V, a typo, an abbreviation: picocli's
            }
            if (FLAGS.contains(option)) {
                // Typed, a flag is on (every flag has fallbackValue "true"); picocli still converts its
                // environment default, and a value there that does not convert is picocli's to report.
                Boolean otherwise = defaultOf(option, env);
                if (value != null || otherwise == null || !set(command, option, true)) {
                    return null;
                }
            } else {
                if (value == null) {
                    if (i + 1 == args.length) {
                        return null; // picocli's "the option needs a value"
                    }
                    value = args[++i];
                }
                if (value.startsWith("-") || !set(command, option, value)) {
                    return null;
                }
            }
            typed.add(OptionVariable.longest(option));
        }
        if (words != null) {
            ((SendCommand) command).words = words;
        }
        // Then the defaults of the options the command line left out, as picocli applies them after parsing:
        // the environment's value (an empty variable is unset), else the annotation's default.
        boolean recipient = typed.contains("--to");
        for (String[] option : options) {
            if (typed.contains(OptionVariable.longest(option))) {
                continue;
            }
            String value = env.get(OptionVariable.of(OptionVariable.longest(option)));
            if (value == null || value.isEmpty()) {
                value = option == TIMEOUT
                        ? SessionCommand.DEFAULT_TIMEOUT
                        : option == MAX_MESSAGE ? SendCommand.DEFAULT_MAX_MESSAGE : null;
            }
            if (value == null) {
                continue;
            }
            // picocli takes a default that names an option for a missing value ("Expected parameter").
            if (value.startsWith("-")
                    || !set(command, option, FLAGS.contains(option) ? OptionVariable.yesNo(value) : value)) {
                return null;
            }
            recipient |= option == TO; // a default counts for a required option, as in picocli
        }
        if (command instanceof SendCommand && !recipient) {
            return null; // picocli's "missing --to USER"
        }
        return new Accepted(command, List.copyOf(options), typed);
    }

    /** A flag's default: the environment's yes or no, else false; null when the variable says neither. */
    private static Boolean defaultOf(String[] flag, Map<String, String> env) {
        String value = env.get(OptionVariable.of(OptionVariable.longest(flag)));
        return (value == null || value.isEmpty()) ? Boolean.FALSE : OptionVariable.yesNo(value);
    }

    /** The option of {@code options} with {@code name} among its names, or null. */
    private static String[] named(List<String[]> options, String name) {
        for (String[] option : options) {
            for (String n : option) {
                if (n.equals(name)) {
                    return option;
                }
            }
        }
        return null;
    }

    /**
     * Sets {@code option} of {@code command} to {@code value} (a String, or a Boolean for a flag), converted
     * as the option's picocli converter converts it; false when it does not convert (null: not yes or no).
     */
    private static boolean set(ClientCommand command, String[] option, Object value) {
        if (value == null) {
            return false;
        }
        Account account = command.account;
        if (value instanceof Boolean flag) {
            if (option == VERBOSE) {
                account.verbose = flag;
            } else if (option == QUIET) {
                ((CountCommand) command).quiet = flag;
            } else if (option == ALL) {
                ((ReadCommand) command).all = flag;
            } else if (command instanceof ReadCommand read) {
                read.json = flag;
            } else {
                ((InboxCommand) command).json = flag;
            }
            return true;
        }
        String text = (String) value;
        if (option == HOST) {
            account.host = text;
        } else if (option == PORT) {
            account.port = Account.parsePort(text);
            return account.port != null;
        } else if (option == SOCKET) {
            account.socket = path(text);
            return account.socket != null;
        } else if (option == SSH) {
            account.ssh = text;
        } else if (option == USER) {
            account.userOption = text;
        } else if (option == TIMEOUT) {
            Duration timeout = duration(text);
            ((SessionCommand) command).timeout = timeout;
            return timeout != null;
        } else if (option == TO) {
            ((SendCommand) command).recipient = text;
        } else if (option == MAX_MESSAGE) {
            Integer max = integer(text);
            if (max == null) {
                return false;
            }
            ((SendCommand) command).maxMessage = max;
        } else if (option == LIMIT) {
            Integer limit = integer(text);
            ((ReadCommand) command).limit = limit;
            return limit != null;
        } else if (option == LAST) {
            Integer last = integer(text);
            ((InboxCommand) command).last = last;
            return last != null;
        } else if (option == ARCHIVE) {
            Path path = path(text);
            locationOf(command).path = path;
            return path != null;
        } else {
            return false;
        }
        return true;
    }

    private static ArchiveLocation locationOf(ClientCommand command) {
        if (command instanceof ReadCommand read) {
            return read.location;
        }
        if (command instanceof SendCommand send) {
            return send.location;
        }
        return ((InboxCommand) command).location;
    }

    /** As picocli's built-in converter for {@code int} and {@code Integer}: {@link Integer#valueOf(String)}. */
    private static Integer integer(String text) {
        try {
            return Integer.valueOf(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** As picocli's built-in converter for {@link Path}. */
    private static Path path(String text) {
        try {
            return Path.of(text);
        } catch (InvalidPathException e) {
            return null;
        }
    }

    private static Duration duration(String text) {
        try {
            return DurationText.parse(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The charset picocli writes standard error in: {@code sun.stderr.encoding}, else the default. */
    private static Charset stderrCharset() {
        String name = System.getProperty("sun.stderr.encoding");
        if (name == null) {
            return Charset.defaultCharset();
        }
        try {
            return Charset.forName("cp65001".equalsIgnoreCase(name) ? "UTF-8" : name);
        } catch (IllegalArgumentException e) {
            return Charset.defaultCharset();
        }
    }

    /** The {@link Invocation} of an accepted command line. */
    private record Quick(
            PrintWriter out,
            PrintWriter err,
            String name,
            Accepted accepted,
            List<String> args,
            Map<String, String> env)
            implements Invocation {
        @Override
        public boolean typed(String option) {
            return accepted.typed(option);
        }

        @Override
        public int usage(String problem) {
            return UsageError.report(err, name, problem, args, accepted.options(), env);
        }
    }
}
