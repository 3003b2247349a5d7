package dev.pigeonhole.cli;

import dev.pigeonhole.bench.BenchCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;

/** The {@code pigeonhole} command: a root that only dispatches to its subcommands. */
@Command(name = "pigeonhole",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        defaultValueProvider = EnvironmentDefaults.class,
        description = "A terminal messenger for people who share a server.",
        footer = {"", "Every option can also be set in the environment: --pool-size as PIGEONHOLE_POOL_SIZE."},
        subcommands = {
                CommandLine.HelpCommand.class,
                ServerCommand.class,
                BenchCommand.class,
        })
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit code, without exiting: tests call this. */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    /** The configured picocli command line, shared by {@link #run} and tests. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setExitCodeExceptionMapper(e -> ExitCode.USAGE);
        cl.getCommandSpec().exitCodeOnInvalidInput(ExitCode.USAGE);
        return cl;
    }

    @Override
    public void run() {
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
