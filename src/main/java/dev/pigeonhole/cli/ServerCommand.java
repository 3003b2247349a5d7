package dev.pigeonhole.cli;

import dev.pigeonhole.protocol.Limits;
import dev.pigeonhole.server.PigeonholeServer;
import dev.pigeonhole.server.ServerConfig;
import dev.pigeonhole.server.ServerLog;
import java.io.IOException;
import java.io.PrintStream;
import java.net.BindException;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code pigeonhole server}: runs the server in the foreground until Ctrl-C or SIGTERM.
 *
 * <p>Prints exactly one line on standard output, {@code pigeonhole listening on <host>:<port>}, once it
 * accepts connections (with {@code --port 0} the port is the real one, so scripts can read it). Events
 * go to standard error, one line each. Exit codes: 0 after a signal-initiated graceful stop, 1 if the
 * server cannot start (address in use, store unreadable), 2 for invalid options.
 *
 * <p>Other issues extend this command (storage options): {@link #config()} turns the options into a
 * {@link ServerConfig}; add options as fields and apply them there.
 */
@Command(name = "server",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        defaultValueProvider = EnvironmentDefaults.class,
        showDefaultValues = true,
        description = {"Runs a Pigeonhole server in the foreground until Ctrl-C or SIGTERM.",
                "Prints 'pigeonhole listening on <host>:<port>' on stdout once it accepts connections; logs go to stderr."},
        footer = {"", "Every option can also be set in the environment: --pool-size as PIGEONHOLE_POOL_SIZE.",
                "Exit codes: 0 stopped by a signal, 1 cannot start (e.g. port in use), 2 invalid options."})
public final class ServerCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--host", paramLabel = "<address>", defaultValue = ServerConfig.DEFAULT_HOST,
            description = "Address to listen on; 0.0.0.0 for every interface.")
    String host;

    @Option(names = "--port", paramLabel = "<port>", defaultValue = "" + ServerConfig.DEFAULT_PORT,
            description = "TCP port; 0 picks a free one (printed on stdout).")
    int port;

    @Option(names = "--pool-size", paramLabel = "<threads>",
            description = "Worker threads running commands that write to a store on disk (default: the number of processors,"
                    + " here ${sys:pigeonhole.processors}). In memory, commands run on the network thread.")
    Integer poolSize;

    @Option(names = "--max-queue", paramLabel = "<messages>", defaultValue = "" + ServerConfig.DEFAULT_MAX_QUEUE,
            description = "Unread messages held per user before COMPOSE is answered MESSAGE FAILED; 0 = unlimited, else at least "
                    + Limits.MIN_QUEUE + ".")
    int maxQueue;

    @Option(names = "--max-message", paramLabel = "<bytes>", defaultValue = "" + Limits.DEFAULT_MAX_MESSAGE,
            description = "Longest message line; a longer one is skipped and answered MESSAGE FAILED.")
    int maxMessage;

    @Option(names = "--idle-timeout", paramLabel = "<duration>", defaultValue = "15m", converter = DurationConverter.class,
            description = "Close a connection that sends nothing for this long (e.g. 90s, 15m, 1h).")
    Duration idleTimeout;

    @Option(names = "--max-connections", paramLabel = "<count>", defaultValue = "" + ServerConfig.DEFAULT_MAX_CONNECTIONS,
            description = "Connections beyond this many are closed at once (and logged).")
    int maxConnections;

    static {
        // Lets --help show the real default of --pool-size.
        System.setProperty("pigeonhole.processors", Integer.toString(Runtime.getRuntime().availableProcessors()));
    }

    /** The configuration the options describe; throws {@link CommandLine.ParameterException} if one is invalid. */
    ServerConfig config() {
        if (maxQueue > 0 && maxQueue < Limits.MIN_QUEUE) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--max-queue must be 0 (unlimited) or at least "
                    + Limits.MIN_QUEUE + ": PROTOCOL.md P7 requires every queue to hold " + Limits.MIN_QUEUE + " messages, not " + maxQueue);
        }
        try {
            ServerConfig c = ServerConfig.defaults()
                    .withHost(host)
                    .withPort(port)
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

    @Override
    public Integer call() throws InterruptedException {
        ServerConfig config = config();
        PrintStream err = System.err;
        PigeonholeServer server;
        try {
            server = PigeonholeServer.start(config);
        } catch (BindException e) {
            err.println("pigeonhole: cannot listen on " + config.host() + ":" + config.port() + ": " + e.getMessage());
            return ExitCode.FAILURE;
        } catch (IOException e) {
            err.println("pigeonhole: cannot start the server: " + e.getMessage());
            return ExitCode.FAILURE;
        }
        // SIGTERM and Ctrl-C start the JVM's shutdown, whose exit status would be 128+signal. The hook stops
        // the server gracefully and then ends the JVM with 0: a requested stop is a success.
        Thread hook = new Thread(() -> {
            server.close();
            System.out.flush();
            System.err.flush();
            Runtime.getRuntime().halt(ExitCode.OK);
        }, "pigeonhole-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        System.out.println("pigeonhole listening on " + config.host() + ":" + server.port());
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
}
