package dev.pigeonhole.cli;

import dev.pigeonhole.protocol.Limits;
import dev.pigeonhole.server.MessageStore;
import dev.pigeonhole.server.PigeonholeServer;
import dev.pigeonhole.server.ServerConfig;
import dev.pigeonhole.server.ServerLog;
import dev.pigeonhole.server.journal.FsyncPolicy;
import dev.pigeonhole.server.journal.JournalConfig;
import dev.pigeonhole.server.journal.JournalStore;
import java.io.IOException;
import java.io.PrintStream;
import java.net.BindException;
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
 * environment). Events
 * go to standard error, one line each, starting with the data directory in use. Exit codes: 0 after a
 * signal-initiated graceful stop, 1 if the server cannot start (address in use, data directory locked by
 * another server or corrupt), 2 for invalid options.
 *
 * <p>Other issues extend this command (storage options): {@link #config()} turns the options into a
 * {@link ServerConfig}; add options as fields and apply them there.
 */
@Command(
        name = "server",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        defaultValueProvider = EnvironmentDefaults.class,
        showDefaultValues = true,
        description = {
            "Runs a Pigeonhole server in the foreground until Ctrl-C or SIGTERM.",
            "Prints 'pigeonhole listening on <host>:<port>' (and 'pigeonhole listening on unix:<path>' with --socket)"
                    + " on stdout once it accepts connections; logs go to stderr."
        },
        footer = {
            "",
            "Every option can also be set in the environment: --pool-size as PIGEONHOLE_POOL_SIZE.",
            "Exit codes: 0 stopped by a signal, 1 cannot start (e.g. port in use, data directory in use), 2 invalid options."
        })
public final class ServerCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--host",
            paramLabel = "<address>",
            defaultValue = ServerConfig.DEFAULT_HOST,
            description = "TCP address to listen on; 0.0.0.0 for every interface. Anyone who can reach it can log in"
                    + " as any user.")
    String host;

    @Option(
            names = "--port",
            paramLabel = "<port>",
            defaultValue = "" + ServerConfig.DEFAULT_PORT,
            description = "TCP port; 0 picks a free one (printed on stdout).")
    int port;

    @Option(
            names = "--socket",
            paramLabel = "<path>",
            description = {
                "Also listen on this Unix domain socket, where the OS says who connects: a user may log in only"
                        + " under their own login name. With --socket, TCP is off unless --host or --port is given."
            })
    Path socket;

    @Option(
            names = "--trust-socket-user",
            paramLabel = "<os-user>",
            split = ",",
            description = "An OS user whose socket connections may log in under any name (a gateway or an"
                    + " announcement account); repeatable or comma-separated. Default: none.")
    List<String> trustedSocketUsers;

    @Option(
            names = "--pool-size",
            paramLabel = "<threads>",
            description = "Worker threads running commands that use a store on disk (default: the number of processors,"
                    + " here ${sys:pigeonhole.processors}; at least " + ALWAYS_MIN_POOL
                    + " with --fsync always, where workers"
                    + " wait for the disk and the more wait together, the more records share one force)."
                    + " With --in-memory, commands run on the network thread and the pool is idle.")
    Integer poolSize;

    @Option(
            names = "--max-queue",
            paramLabel = "<messages>",
            defaultValue = "" + ServerConfig.DEFAULT_MAX_QUEUE,
            description =
                    "Unread messages held per user before COMPOSE is answered MESSAGE FAILED; 0 = unlimited, else at least "
                            + Limits.MIN_QUEUE + ".")
    int maxQueue;

    @Option(
            names = "--max-message",
            paramLabel = "<bytes>",
            defaultValue = "" + Limits.DEFAULT_MAX_MESSAGE,
            description = "Longest message line; a longer one is skipped and answered MESSAGE FAILED.")
    int maxMessage;

    @Option(
            names = "--idle-timeout",
            paramLabel = "<duration>",
            defaultValue = "15m",
            converter = DurationConverter.class,
            description = "Close a connection that sends nothing for this long (e.g. 90s, 15m, 1h).")
    Duration idleTimeout;

    @Option(
            names = "--max-connections",
            paramLabel = "<count>",
            defaultValue = "" + ServerConfig.DEFAULT_MAX_CONNECTIONS,
            description = "Connections beyond this many are closed at once (and logged).")
    int maxConnections;

    /** See --pool-size: group commit can only batch as many records as there are workers waiting. */
    static final int ALWAYS_MIN_POOL = 32;

    @Option(
            names = "--data-dir",
            paramLabel = "<dir>",
            description = {
                "Directory of the message journal; created if missing; one server at a time.",
                "Default: ${sys:pigeonhole.default.data.dir}",
                "($XDG_STATE_HOME/pigeonhole, else ~/.local/state/pigeonhole)."
            })
    Path dataDir;

    @Option(
            names = "--in-memory",
            description = "Keep messages in memory only: a restart loses them. Excludes --data-dir.")
    boolean inMemory;

    @Option(
            names = "--fsync",
            paramLabel = "<when>",
            defaultValue = "always",
            description = {
                "When journal writes are forced to disk: always (before MESSAGE SENT; concurrent writers share one"
                        + " force), interval (about once a second), never (the OS decides). A killed server loses nothing with"
                        + " any of them; a power failure can lose up to a second (interval) or more (never)."
            })
    String fsync;

    static {
        System.setProperty(
                "pigeonhole.default.data.dir", JournalConfig.defaultDirectory().toString());
        // Lets --help show the real default of --pool-size.
        System.setProperty(
                "pigeonhole.processors", Integer.toString(Runtime.getRuntime().availableProcessors()));
    }

    /** The configuration the options describe; throws {@link CommandLine.ParameterException} if one is invalid. */
    ServerConfig config() {
        if (maxQueue > 0 && maxQueue < Limits.MIN_QUEUE) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(),
                    "--max-queue must be 0 (unlimited) or at least " + Limits.MIN_QUEUE
                            + ": PROTOCOL.md P7 requires every queue to hold " + Limits.MIN_QUEUE + " messages, not "
                            + maxQueue);
        }
        try {
            ServerConfig c = ServerConfig.defaults()
                    .withHost(host)
                    .withPort(port)
                    .withSocket(socket == null ? null : socket.toAbsolutePath().normalize())
                    .withTcp(socket == null || given("--host") || given("--port"))
                    .withTrustedSocketUsers(
                            trustedSocketUsers == null ? Set.of() : new LinkedHashSet<>(trustedSocketUsers))
                    .withMaxQueue(maxQueue)
                    .withMaxMessage(maxMessage)
                    .withIdleTimeout(idleTimeout)
                    .withMaxConnections(maxConnections)
                    .withLog(ServerLog.stderr());
            return poolSize == null ? c : c.withPoolSize(poolSize);
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
        if (inMemory) {
            // Both on the command line contradict each other; a directory from the environment just yields.
            if (spec.commandLine().getParseResult().hasMatchedOption("--data-dir")) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(), "--in-memory and --data-dir exclude each other");
            }
            return null;
        }
        Path dir = dataDir != null ? dataDir : JournalConfig.defaultDirectory();
        return JournalConfig.in(dir.toAbsolutePath().normalize())
                .withFsync(policy)
                .withLog(log);
    }

    @Override
    public Integer call() throws InterruptedException {
        ServerConfig config = config();
        JournalConfig journal = journal(config.log());
        PrintStream err = System.err;
        MessageStore store = MessageStore.IN_MEMORY;
        PigeonholeServer server;
        try {
            if (journal != null) { // (with --in-memory, the "started" line says "store in-memory")
                config.log().log("data directory " + journal.directory() + " (fsync " + journal.fsync() + ")");
                store = JournalStore.open(journal);
            }
            config = config.withStore(store);
            if (poolSize == null && journal != null && journal.fsync() == FsyncPolicy.ALWAYS) {
                config = config.withPoolSize(Math.max(config.poolSize(), ALWAYS_MIN_POOL));
            }
            server = PigeonholeServer.start(config);
        } catch (BindException e) {
            closeQuietly(store);
            err.println("pigeonhole: cannot listen on " + e.getMessage()); // the message names the address
            return ExitCode.FAILURE;
        } catch (IOException e) {
            closeQuietly(store);
            err.println("pigeonhole: cannot start the server: " + e.getMessage());
            return ExitCode.FAILURE;
        }
        // SIGTERM and Ctrl-C start the JVM's shutdown, whose exit status would be 128+signal. The hook stops
        // the server gracefully and then ends the JVM with 0: a requested stop is a success.
        Thread hook = new Thread(
                () -> {
                    server.close();
                    System.out.flush();
                    System.err.flush();
                    Runtime.getRuntime().halt(ExitCode.OK);
                },
                "pigeonhole-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        for (String address : server.addresses()) {
            System.out.println("pigeonhole listening on " + address);
        }
        System.out.flush();
        server.awaitClosed();
        if (!server.failed()) {
            // Stopped by a signal: the shutdown hook is ending the JVM with 0; System.exit would only wait for it.
            return ExitCode.OK;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // A signal arrived meanwhile; the hook ends the JVM.
        }
        err.println("pigeonhole: the server stopped after an internal error (see the log above)");
        return ExitCode.FAILURE;
    }

    private static void closeQuietly(MessageStore store) {
        try {
            store.close();
        } catch (IOException e) {
            // start-up already failed; that error is the one to report
        }
    }
}
