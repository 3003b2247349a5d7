package dev.pigeonhole.bench;

import dev.pigeonhole.cli.DurationConverter;
import dev.pigeonhole.cli.EnvironmentDefaults;
import dev.pigeonhole.cli.ExitCode;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code pigeonhole-bench}, the main class of {@code target/pigeonhole-bench.jar}: the command line of the
 * closed-loop load generator; see {@code --help}. A tool for measuring, built beside the product and never
 * shipped with it, so it is no subcommand of {@code pigeonhole}.
 */
@Command(
        name = BenchCommand.NAME,
        mixinStandardHelpOptions = true,
        version = "pigeonhole-bench (the load generator built with Pigeonhole)",
        description = {
            "Measures a server with a closed loop: each connection sends one request, waits for the reply,"
                    + " checks it strictly, and sends the next. Prints throughput and latency percentiles.",
            "Every reply is checked (a wrong reply is an error), and at the end every mailbox is drained to prove"
                    + " that each message sent was read exactly once, in order.",
            "With --redis the same workloads run against a Redis server (RPUSH to the recipient's list, LPOP"
                    + " from one's own), so both servers are measured by the same generator.",
            ""
        },
        footer = {
            "",
            "Workloads:",
            "  held   log in once, then COMPOSE to a random user and READ, repeatedly",
            "         (counts replies)",
            "  short  connect, LOGIN, COMPOSE, READ, EXIT per iteration (counts sessions)",
            "  idle   --idle logged-in silent connections while the active ones run held;",
            "         at the end every idle connection must answer a READ",
            "  fanin  all connections but one COMPOSE to one user, whose connection READs",
            "         (counts replies)",
            "",
            "Exit status: 0 if no error was seen, 1 on any error, 2 on invalid usage."
        })
public final class BenchCommand implements Callable<Integer> {
    static final String NAME = "pigeonhole-bench";

    @Option(
            names = "--host",
            paramLabel = "HOST",
            description = "Server address (default: ${DEFAULT-VALUE}).",
            defaultValue = "127.0.0.1")
    String host;

    @Option(
            names = "--port",
            paramLabel = "PORT",
            description = "Server port (default: ${DEFAULT-VALUE}, or 6379 with --redis).",
            defaultValue = "4554")
    int port;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--redis", description = "Speak RESP to a Redis server instead of Pigeonhole.")
    boolean redis;

    @Option(
            names = "--workload",
            paramLabel = "NAME",
            description = "held, short, idle or fanin (default: ${DEFAULT-VALUE}).",
            defaultValue = "held",
            converter = WorkloadConverter.class)
    Workload workload;

    @Option(
            names = "--connections",
            paramLabel = "N",
            description = "Active connections, one thread each (default: ${DEFAULT-VALUE}).",
            defaultValue = "16")
    int connections;

    @Option(
            names = "--idle",
            paramLabel = "N",
            description = "Idle connections for the idle workload (default: ${DEFAULT-VALUE}).",
            defaultValue = "10000")
    int idle;

    @Option(
            names = "--duration",
            paramLabel = "DURATION",
            description = "Measured time, such as 500ms, 10s or 1m (default: ${DEFAULT-VALUE}).",
            defaultValue = "10s",
            converter = DurationConverter.class)
    Duration duration;

    @Option(
            names = "--warmup",
            paramLabel = "DURATION",
            description = "Unmeasured time first, such as 2s; 0 for none (default: ${DEFAULT-VALUE}).",
            defaultValue = "2s",
            converter = DurationConverter.class)
    Duration warmup;

    @Option(
            names = "--message-bytes",
            paramLabel = "BYTES",
            description = "Length of every message (default: ${DEFAULT-VALUE}).",
            defaultValue = "100")
    int messageBytes;

    @Option(
            names = "--timeout",
            paramLabel = "DURATION",
            description = "Longest wait for a connection or a reply; longer is an error (default: ${DEFAULT-VALUE}).",
            defaultValue = "10s",
            converter = DurationConverter.class)
    Duration timeout;

    @Override
    public Integer call() throws InterruptedException {
        BenchConfig config;
        try {
            config = new BenchConfig(
                    host(),
                    port(),
                    redis,
                    workload,
                    connections,
                    workload == Workload.IDLE ? idle : 0,
                    warmup,
                    duration,
                    messageBytes,
                    timeout);
        } catch (IllegalArgumentException e) {
            System.err.println(NAME + ": " + e.getMessage());
            return ExitCode.USAGE;
        }
        BenchResult result = new LoadRun(config).run();
        result.print(System.out);
        System.out.flush();
        if (System.out.checkError()) { // System.out never throws: a result nobody could read is no success
            System.err.println(NAME + ": cannot write to standard output");
            return ExitCode.FAILURE;
        }
        if (result.ops() == 0 && result.errors() == 0) {
            System.err.println(NAME + ": no operation completed in the measured time");
        } else if (!result.ok()) {
            System.err.println(
                    NAME + ": " + result.errors() + " errors; the figures above are not a valid measurement");
        }
        return result.ok() ? ExitCode.OK : ExitCode.FAILURE;
    }

    /**
     * PIGEONHOLE_HOST and PIGEONHOLE_PORT name the Pigeonhole server, which scripts export for every
     * command; with --redis only the command line chooses, so an exported port never points the Redis
     * client at the Pigeonhole server.
     */
    String host() {
        return redis && !spec.commandLine().getParseResult().hasMatchedOption("--host") ? "127.0.0.1" : host;
    }

    int port() {
        if (redis) {
            return spec.commandLine().getParseResult().hasMatchedOption("--port") ? port : 6379;
        }
        return port;
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit code, without exiting: tests call this. */
    static int run(String... args) {
        return commandLine(System.getenv()).execute(args);
    }

    /** The command line taking option defaults from {@code env} (tests pass their own). */
    static CommandLine commandLine(Map<String, String> env) {
        CommandLine cl = new CommandLine(new BenchCommand());
        // Usage errors answer 2 (nothing was measured); anything else that escapes is a bug: 1.
        cl.setExitCodeExceptionMapper(
                e -> e instanceof CommandLine.ParameterException ? ExitCode.USAGE : ExitCode.FAILURE);
        cl.setDefaultValueProvider(new EnvironmentDefaults(env));
        List<String> variables = EnvironmentDefaults.variablesOf(cl.getCommandSpec());
        String[] footer = cl.getCommandSpec().usageMessage().footer();
        String[] more = Arrays.copyOf(footer, footer.length + 3);
        more[footer.length] = "";
        more[footer.length + 1] = "Environment: " + String.join(", ", variables)
                + " set the option of the same name; the command line wins. " + EnvironmentDefaults.YES_NO;
        more[footer.length + 2] = "With --redis, PIGEONHOLE_HOST and PIGEONHOLE_PORT are ignored: they name the"
                + " Pigeonhole server; give --host and --port on the command line.";
        cl.getCommandSpec().usageMessage().footer(more);
        return cl;
    }

    /** Workload names in lower case, as the help shows them. */
    static final class WorkloadConverter implements CommandLine.ITypeConverter<Workload> {
        @Override
        public Workload convert(String value) {
            try {
                return Workload.valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(
                        "'" + value + "' is not a workload (held, short, idle or fanin)");
            }
        }
    }
}
