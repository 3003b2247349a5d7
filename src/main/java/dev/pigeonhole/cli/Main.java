package dev.pigeonhole.cli;

import dev.pigeonhole.client.PackagedService;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;

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
            "Every option of a command can also be set in the environment, --pool-size as PIGEONHOLE_POOL_SIZE;"
                    + " each command's --help lists its variables."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:done",
            "1:a connection, protocol or I/O error (for count: no message waits)",
            "2:invalid input or usage; nothing was done",
            "3:the server answered MESSAGE FAILED (send)"
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
            AdminCommand.class,
        })
public final class Main implements Callable<Integer> {
    static final String NAME = "pigeonhole";

    /**
     * True when this JVM runs {@code pigeonhole} as its program ({@link #main}), so that the server may
     * end the process on a fatal error; false when a test runs the command inside its own JVM. Here, not in
     * ServerCommand: setting it there would load and initialise the server's classes for every command.
     */
    static volatile boolean ownsProcess;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    // This class is loaded on the quick path: its methods only pass picocli's types along (which loads
    // none of them); whatever throws, catches or converts them is in PicocliLine. StartupPathTest checks it.

    public static void main(String[] args) {
        ownsProcess = true;
        System.exit(run(args));
    }

    /**
     * Runs the command line and returns its exit code, without exiting: tests call this. A common client
     * command line ({@link QuickLine}) runs without picocli; anything else goes through picocli.
     */
    public static int run(String... args) {
        int code = QuickLine.run(System.in, System.getenv(), PackagedService.HOST, args);
        if (code == QuickLine.DECLINED) {
            code = PicocliLine.runOnProcessStreams(args);
        }
        // The server's "listening" line writes to System.out, which never throws: ask it too.
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
        return PicocliLine.run(cl, args);
    }

    /**
     * The configured picocli command line with every subcommand, for tests and tools. Not public: the
     * launcher looks {@code main} up by reflection, which loads the types of every public method's signature.
     */
    static CommandLine commandLine() {
        return PicocliLine.commandLine();
    }

    /** See {@link PicocliLine#commandLine(InputStream, Map)}. */
    static CommandLine commandLine(InputStream stdin, Map<String, String> env) {
        return PicocliLine.commandLine(stdin, env);
    }

    /** See {@link PicocliLine#commandLine(InputStream, OutputStream, Map)}. */
    static CommandLine commandLine(InputStream stdin, OutputStream stdout, Map<String, String> env) {
        return PicocliLine.commandLine(stdin, stdout, env);
    }

    /** See {@link PicocliLine#commandLine(InputStream, OutputStream, Map, Path)}. */
    static CommandLine commandLine(
            InputStream stdin, OutputStream stdout, Map<String, String> env, Path packagedSocket) {
        return PicocliLine.commandLine(stdin, stdout, env, packagedSocket);
    }

    /** See {@link PicocliLine#commandLineFor(InputStream, Map, String...)}. */
    static CommandLine commandLineFor(InputStream stdin, Map<String, String> env, String... args) {
        return PicocliLine.commandLineFor(stdin, env, args);
    }

    /** See {@link PicocliLine#commandLineFor(InputStream, OutputStream, Map, Path, String...)}. */
    static CommandLine commandLineFor(
            InputStream stdin, OutputStream stdout, Map<String, String> env, Path packagedSocket, String... args) {
        return PicocliLine.commandLineFor(stdin, stdout, env, packagedSocket, args);
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
            case "admin" -> AdminCommand.class;
            default -> null;
        };
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

    @Override
    public Integer call() {
        return PicocliLine.noCommand(spec);
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
