package dev.pigeonhole.server;

import dev.pigeonhole.system.IoReason;
import java.io.IOException;
import java.io.PrintStream;
import java.net.BindException;
import java.net.UnknownHostException;
import java.time.Duration;

/**
 * A server as the process's whole job ({@code pigeonhole server}): the life cycle around a
 * {@link PigeonholeServer}. {@link #run} opens the store, starts the server, prints where it listens, and
 * returns or ends the process in exactly one of these ways:
 *
 * <ul>
 *   <li>SIGTERM or Ctrl-C: the JVM's shutdown hook stops the server gracefully and halts with {@link #STOPPED}
 *       (a requested stop is a success, not 128+signal);
 *   <li>the store cannot be opened, an address cannot be bound, or standard output cannot be written (scripts
 *       read the port there): one line on standard error, {@link #CANNOT_START};
 *   <li>an event loop failed and the server closed itself: one line, {@link #CANNOT_START};
 *   <li>a thread died of an unexpected error, out of memory above all (when the process is the server's own):
 *       {@link Fatal} writes one line and halts with {@link Fatal#OUT_OF_MEMORY} or {@link Fatal#THREAD_DIED}.
 * </ul>
 */
public final class ForegroundServer {
    /** Exit code after a stop asked for by a signal. */
    public static final int STOPPED = 0;
    /** Exit code when the server cannot start, or stopped after an internal failure. */
    public static final int CANNOT_START = 1;

    /** How long a stopping process waits for its log to be written (the log has a thread of its own). */
    private static final Duration LOG_FLUSH = Duration.ofSeconds(2);

    /** Opens the store the server is to run with; called once, by {@link #run}. */
    @FunctionalInterface
    public interface StoreOpener {
        /**
         * Opens the store.
         *
         * @throws IOException if the store cannot be opened (its directory is unusable or locked, say); the
         *                     message names what failed
         */
        MessageStore open() throws IOException;
    }

    private ForegroundServer() {}

    /**
     * Runs a server until a signal stops it (the process then halts inside the shutdown hook with
     * {@link #STOPPED}) or it fails. Prints {@code pigeonhole listening on ADDRESS} on {@code out} for each listener
     * once it accepts connections, and failures on {@code err}, one line each.
     *
     * @param ownsProcess true when the JVM runs nothing but this server: any thread that dies of an unexpected
     *                    error then ends the process with {@link Fatal} (a test that embeds the command keeps
     *                    its own handler)
     * @return {@link #CANNOT_START}, or {@link #STOPPED} while the shutdown hook halts the process
     */
    public static int run(
            ServerConfig config,
            StoreOpener opener,
            ServerLog log,
            PrintStream out,
            PrintStream err,
            boolean ownsProcess)
            throws InterruptedException {
        if (ownsProcess) {
            // A server that lost a thread might hang holding its data directory's lock, answering nobody.
            Thread.setDefaultUncaughtExceptionHandler(Fatal.handler());
        }
        PigeonholeServer server;
        try {
            // start closes the store if it fails; the "started" line names the store, the failure line the cause.
            server = PigeonholeServer.start(config, opener.open(), log);
        } catch (IOException e) {
            log.flush(LOG_FLUSH);
            err.println("pigeonhole: " + cannotStart(config, e));
            return CANNOT_START;
        }
        Thread hook = new Thread(
                () -> {
                    server.close();
                    out.flush();
                    err.flush();
                    Runtime.getRuntime().halt(STOPPED);
                },
                "pigeonhole-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        for (String address : server.addresses()) {
            out.println("pigeonhole listening on " + address);
        }
        out.flush();
        if (out.checkError()) {
            // Scripts read the port from this line; a server nobody can find is a failed start.
            Runtime.getRuntime().removeShutdownHook(hook);
            server.close();
            err.println("pigeonhole: cannot write to standard output; the server stopped");
            return CANNOT_START;
        }
        server.awaitClosed();
        if (!server.failed()) {
            // Stopped by a signal: the hook is halting the JVM with STOPPED; System.exit would only wait for it.
            return STOPPED;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            return STOPPED; // a signal arrived meanwhile; the hook ends the JVM
        }
        err.println("pigeonhole: the server stopped after an internal error (see the log above)");
        return CANNOT_START;
    }

    /** The one line for a start that failed with {@code e}. */
    static String cannotStart(ServerConfig config, IOException e) {
        if (e instanceof UnknownHostException) {
            return "cannot listen on " + config.host() + ":" + config.port()
                    + ": unknown host; give a name or address of this machine, such as 127.0.0.1 or 0.0.0.0";
        }
        if (e instanceof BindException) {
            return "cannot listen on " + IoReason.of(e); // the message names the address
        }
        return "cannot start the server: " + IoReason.of(e);
    }
}
