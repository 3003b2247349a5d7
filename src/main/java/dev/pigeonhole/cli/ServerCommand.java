package dev.pigeonhole.cli;

import dev.pigeonhole.protocol.Limits;
import dev.pigeonhole.server.Fatal;
import dev.pigeonhole.server.ForegroundServer;
import dev.pigeonhole.server.MessageStore;
import dev.pigeonhole.server.ServerConfig;
import dev.pigeonhole.server.ServerLog;
import dev.pigeonhole.server.journal.FsyncPolicy;
import dev.pigeonhole.server.journal.JournalConfig;
import dev.pigeonhole.server.journal.JournalStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code pigeonhole server}: runs the server in the foreground until Ctrl-C or SIGTERM.
 *
 * <p>Prints one line per listener on standard output once it accepts connections:
 * {@code pigeonhole listening on unix:<path>} for {@code --socket}, {@code pigeonhole listening on <host>:<port>}
 * for TCP (with {@code --port 0} the port is the real one, so scripts can read it). TCP is on when there is no
 * {@code --socket}, or when {@code --host} or {@code --port} is given (on the command line or in the
 * environment). Events go to standard error, one line each. Exit codes: 0 after a signal-initiated graceful
 * stop, 1 if the server cannot start (unknown address, address in use, data directory unusable, locked by
 * another server or corrupt) or cannot write its "listening" lines, 2 for invalid options, 3 after running
 * out of memory and 70 after any other unexpected death of a server thread (see {@link Fatal}).
 * {@link #config()} and {@link #journal} turn the options into the server's and the journal's configuration;
 * {@link ForegroundServer} runs the server's life cycle.
 */
@Command(
        name = "server",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        defaultValueProvider = EnvironmentDefaults.class,
        description = {
            "Run a Pigeonhole server in the foreground until Ctrl-C or SIGTERM.",
            "Prints 'pigeonhole listening on <host>:<port>' (and 'pigeonhole listening on unix:<path>' with --socket)"
                    + " on stdout once it accepts connections; logs go to stderr."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:stopped by a signal (Ctrl-C, SIGTERM), after a graceful stop",
            "1:cannot start: unknown address, port in use, data directory unusable or in use, standard output not"
                    + " writable",
            "2:invalid options; nothing was started",
            "3:out of memory (after one line on standard error)",
            "70:a server thread died of an unexpected error (after one line on standard error)"
        })
public final class ServerCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--host",
            paramLabel = "ADDRESS",
            defaultValue = ServerConfig.DEFAULT_HOST,
            description = "TCP address to listen on; 0.0.0.0 for every interface. Anyone who can reach it can log in"
                    + " as any user (default: 127.0.0.1).")
    String host;

    @Option(
            names = "--port",
            paramLabel = "PORT",
            defaultValue = "" + ServerConfig.DEFAULT_PORT,
            description = "TCP port; 0 picks a free one, printed on stdout (default: 4554).")
    int port;

    @Option(
            names = "--socket",
            paramLabel = "PATH",
            description = {
                "Listen on this Unix domain socket, where the OS says who connects: a user may log in only under"
                        + " their own login name. With --socket, TCP is off unless --host or --port is given too"
                        + " (default: no socket)."
            })
    Path socket;

    @Option(
            names = "--trust-socket-user",
            paramLabel = "OS-USER",
            split = ",",
            description = "An OS user whose socket connections may log in under any name (a gateway or an"
                    + " announcement account); repeatable or comma-separated (default: none).")
    List<String> trustedSocketUsers;

    @Option(
            names = "--pool-size",
            paramLabel = "THREADS",
            description = "Event loops, each a thread of the server's pool accepting and serving its own share of the"
                    + " connections, all of them from the start. Without it, one loop serves at first and up to one"
                    + " per processor (here ${sys:pigeonhole.default.pool.size}) start serving while the serving"
                    + " ones are saturated and the host has idle CPU, and rest again when the host's cores fill up."
                    + " No loop waits for the disk, so more loops than cores gain nothing.")
    Integer poolSize;

    @Option(
            names = "--max-queue",
            paramLabel = "MESSAGES",
            defaultValue = "" + ServerConfig.DEFAULT_MAX_QUEUE,
            description =
                    "Unread messages held per user before COMPOSE is answered MESSAGE FAILED; 0 = unlimited, else at least "
                            + Limits.MIN_QUEUE + " (default: " + ServerConfig.DEFAULT_MAX_QUEUE + ").")
    int maxQueue;

    @Option(
            names = "--max-message",
            paramLabel = "BYTES",
            defaultValue = "" + Limits.DEFAULT_MAX_MESSAGE,
            description = "Longest message line; a longer one is skipped and answered MESSAGE FAILED (default: "
                    + Limits.DEFAULT_MAX_MESSAGE + ").")
    int maxMessage;

    @Option(
            names = "--idle-timeout",
            paramLabel = "DURATION",
            defaultValue = "15m",
            converter = DurationConverter.class,
            description = "Close a connection that sends nothing for this long, such as 90s, 15m or 1h (default: 15m).")
    Duration idleTimeout;

    @Option(
            names = "--max-connections",
            paramLabel = "N",
            defaultValue = "" + ServerConfig.DEFAULT_MAX_CONNECTIONS,
            description = "Connections beyond this many are closed at once, and logged (default: "
                    + ServerConfig.DEFAULT_MAX_CONNECTIONS + ").")
    int maxConnections;

    @Option(
            names = "--max-connections-per-address",
            paramLabel = "N",
            defaultValue = "" + ServerConfig.DEFAULT_MAX_CONNECTIONS_PER_ADDRESS,
            description = "Connections from one TCP address, or one OS user on --socket, beyond this many are closed"
                    + " at once; 0 = no limit. Every local user reaching TCP through 127.0.0.1 shares one address (default: "
                    + ServerConfig.DEFAULT_MAX_CONNECTIONS_PER_ADDRESS + ").")
    int maxConnectionsPerAddress;

    @Option(
            names = "--line-timeout",
            paramLabel = "DURATION",
            defaultValue = "30s",
            converter = DurationConverter.class,
            description = "Drop a connection whose line has begun but not ended for this long, so that trickled bytes"
                    + " cannot hold a connection (default: 30s).")
    Duration lineTimeout;

    @Option(
            names = "--max-memory",
            paramLabel = "SIZE",
            converter = SizeConverter.class,
            description = {
                // picocli formats descriptions: a percent sign is written %%.
                "Heap the stored messages may take (text, names and bookkeeping, estimated per message) before"
                        + " COMPOSE is answered MESSAGE FAILED: 64m, 1g, or a share of the heap such as 40%%"
                        + " (default: " + ServerConfig.DEFAULT_MEMORY_PERCENT + "%% of the maximum heap, -Xmx, printed"
                        + " at start-up; the rest is for connections, garbage and restarting from the journal)."
            })
    Long maxMemory;

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            description = {
                "Directory of the message journal; created if missing; one server at a time",
                // One short line each: picocli wraps inside a path, never before it.
                "(default: ${sys:pigeonhole.default.data.dir},",
                "that is $XDG_STATE_HOME/pigeonhole if set,",
                "else ~/.local/state/pigeonhole, ~ being $HOME)."
            })
    Path dataDir;

    @Option(
            names = "--in-memory",
            fallbackValue = "true",
            description = "Keep messages in memory only: a restart loses them. Excludes --data-dir and --fsync.")
    boolean inMemory;

    @Option(
            names = "--fsync",
            paramLabel = "WHEN",
            defaultValue = "always",
            description = {
                "When journal writes are forced to disk: always (before MESSAGE SENT; concurrent writers share one"
                        + " force), interval (about once a second), never (the OS decides). A killed server loses nothing with"
                        + " any of them; a power failure can lose up to a second (interval) or more (never)"
                        + " (default: always)."
            })
    String fsync;

    static {
        System.setProperty(
                "pigeonhole.default.data.dir", JournalConfig.defaultDirectory().toString());
        // Lets --help show the real default of --pool-size.
        System.setProperty("pigeonhole.default.pool.size", Integer.toString(ServerConfig.defaultPoolSize()));
    }

    /** The configuration the options describe; throws {@link CommandLine.ParameterException} if one is invalid. */
    ServerConfig config() {
        if (maxQueue > 0 && maxQueue < Limits.MIN_QUEUE) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(),
                    "--max-queue must be 0 (unlimited) or at least " + Limits.MIN_QUEUE
                            + ": the protocol's rule P7 promises room for " + Limits.MIN_QUEUE + " messages; got "
                            + maxQueue);
        }
        if (maxMemory != null && maxMemory < 1) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "--max-memory must be positive, not " + maxMemory);
        }
        ServerConfig.Builder b = ServerConfig.builder()
                .host(host)
                .port(port)
                .socket(socket == null ? null : socket.toAbsolutePath().normalize())
                .tcp(socket == null || given("--host") || given("--port"))
                .trustedSocketUsers(trustedSocketUsers == null ? Set.of() : new LinkedHashSet<>(trustedSocketUsers))
                .maxQueue(maxQueue)
                .maxMessage(maxMessage)
                .idleTimeout(idleTimeout)
                .maxConnections(maxConnections)
                .maxConnectionsPerAddress(maxConnectionsPerAddress)
                .lineTimeout(lineTimeout)
                .maxMemory(maxMemory == null ? 0 : maxMemory);
        if (poolSize != null) {
            b.poolSize(poolSize);
        }
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /** True if {@code option} was set on the command line or in the environment (not left at its default). */
    private boolean given(String option) {
        if (spec.commandLine().getParseResult().hasMatchedOption(option)) {
            return true;
        }
        try {
            return spec.defaultValueProvider() != null
                    && spec.defaultValueProvider().defaultValue(spec.findOption(option)) != null;
        } catch (Exception e) {
            return false;
        }
    }

    /** The journal's configuration, or null for {@code --in-memory}; throws {@link CommandLine.ParameterException}. */
    JournalConfig journal(ServerLog log) {
        FsyncPolicy policy;
        try {
            policy = FsyncPolicy.parse(fsync);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--fsync: " + e.getMessage());
        }
        CommandLine.ParseResult given = spec.commandLine().getParseResult();
        // The command line wins over the environment: --data-dir given there beats PIGEONHOLE_IN_MEMORY.
        boolean memory = inMemory && (given.hasMatchedOption("--in-memory") || !given.hasMatchedOption("--data-dir"));
        if (memory) {
            String source = given.hasMatchedOption("--in-memory") ? "--in-memory" : "PIGEONHOLE_IN_MEMORY";
            if (given.hasMatchedOption("--data-dir")) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(), "--in-memory and --data-dir exclude each other; choose one");
            }
            if (given.hasMatchedOption("--fsync")) {
                // Accepting it would promise durability that nothing provides.
                throw new CommandLine.ParameterException(
                        spec.commandLine(),
                        "--fsync " + fsync + " has no effect with " + source
                                + ": nothing is written to disk; drop one of them");
            }
            return null; // a directory or an fsync policy from the environment yields to --in-memory
        }
        Path dir = dataDir != null
                ? dataDir
                : JournalConfig.defaultDirectory(EnvironmentDefaults.of(spec).directories());
        return JournalConfig.in(dir.toAbsolutePath().normalize())
                .withFsync(policy)
                .withLog(log);
    }

    @Override
    public Integer call() throws InterruptedException {
        ServerConfig config = config();
        ServerLog log = ServerLog.stderr();
        JournalConfig journal = journal(log);
        return ForegroundServer.run(
                config,
                journal == null ? () -> MessageStore.IN_MEMORY : () -> JournalStore.open(journal),
                log,
                System.out,
                System.err,
                Main.ownsProcess);
    }
}
