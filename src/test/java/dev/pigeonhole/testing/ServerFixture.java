package dev.pigeonhole.testing;

import dev.pigeonhole.client.ClientSession;
import dev.pigeonhole.protocol.Limits;
import dev.pigeonhole.server.MessageStore;
import dev.pigeonhole.server.PigeonholeServer;
import dev.pigeonhole.server.ServerConfig;
import dev.pigeonhole.server.ServerLog;
import dev.pigeonhole.server.journal.FsyncPolicy;
import dev.pigeonhole.server.journal.JournalStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real server, in-process, on an ephemeral loopback port, for tests.
 *
 * <pre>{@code
 * try (ServerFixture server = ServerFixture.start(cfg -> cfg.maxQueue(5))) {
 *     ClientSession s = server.connect();
 * }
 * // or, closed after each test:  @RegisterExtension final ServerFixture server = ServerFixture.start();
 * }</pre>
 *
 * The server's log lines are kept (not printed) so a test can check why a connection was dropped.
 *
 * <p>With {@link Transport#UNIX_SOCKET} the server also listens on a Unix socket in a fresh directory that
 * every user can reach, and {@link #raw()} connects through it. The OS user running the tests is trusted to
 * log in under any name there (so that protocol tests can use many names); tests of the identity rule
 * itself start a server without that trust.
 */
public final class ServerFixture implements AutoCloseable, AfterEachCallback, AfterAllCallback {
    /** How {@link #raw()} reaches the server. */
    public enum Transport {
        TCP,
        UNIX_SOCKET
    }

    /** Where the server keeps messages: in memory, or a journal in a temporary directory with fsync always. */
    public enum Store {
        IN_MEMORY,
        JOURNAL
    }

    private final PigeonholeServer server;
    private final List<String> log;
    private final Transport transport;
    private final Path socketDir;
    private final Path dataDir;

    private ServerFixture(
            PigeonholeServer server, List<String> log, Transport transport, Path socketDir, Path dataDir) {
        this.server = server;
        this.log = log;
        this.transport = transport;
        this.socketDir = socketDir;
        this.dataDir = dataDir;
    }

    /** A server with the default configuration, port 0, two event loops and a 1 s shutdown grace. */
    public static ServerFixture start() {
        return start(UnaryOperator.identity());
    }

    /** As {@link #start()}, with {@code customize} applied to the configuration last. */
    public static ServerFixture start(UnaryOperator<ServerConfig.Builder> customize) {
        return start(Transport.TCP, customize);
    }

    /** As {@link #start(UnaryOperator)}; with {@link Transport#UNIX_SOCKET} {@link #raw()} uses a Unix socket. */
    public static ServerFixture start(Transport transport, UnaryOperator<ServerConfig.Builder> customize) {
        return start(transport, Store.IN_MEMORY, customize);
    }

    /** As {@link #start(Transport, UnaryOperator)}, keeping messages as {@code store} says. */
    public static ServerFixture start(Store store, UnaryOperator<ServerConfig.Builder> customize) {
        return start(Transport.TCP, store, customize);
    }

    /**
     * As {@link #start(Transport, UnaryOperator)}; with {@link Store#JOURNAL} the server writes a journal (fsync
     * always) in a temporary directory that {@link #close} deletes.
     */
    public static ServerFixture start(Transport transport, Store store, UnaryOperator<ServerConfig.Builder> customize) {
        Path data = null;
        MessageStore messages = MessageStore.IN_MEMORY;
        try {
            if (store == Store.JOURNAL) {
                data = Files.createTempDirectory("pigeonhole-data-");
                messages = JournalStore.open(data, FsyncPolicy.ALWAYS);
            }
        } catch (IOException e) {
            throw new IllegalStateException("test journal did not open: " + e, e);
        }
        return start(transport, messages, null, data, customize);
    }

    /** As {@link #start(UnaryOperator)}, over TCP, with a store of the test's own (which the server closes). */
    public static ServerFixture start(MessageStore store, UnaryOperator<ServerConfig.Builder> customize) {
        return start(Transport.TCP, store, null, null, customize);
    }

    /**
     * As {@link #start(MessageStore, UnaryOperator)}, the server reporting to {@code log} instead of the list
     * that {@link #log()} returns (which then stays empty).
     */
    public static ServerFixture start(
            MessageStore store, ServerLog log, UnaryOperator<ServerConfig.Builder> customize) {
        return start(Transport.TCP, store, log, null, customize);
    }

    private static ServerFixture start(
            Transport transport,
            MessageStore store,
            ServerLog customLog,
            Path data,
            UnaryOperator<ServerConfig.Builder> customize) {
        List<String> log = new CopyOnWriteArrayList<>();
        ServerConfig.Builder base = ServerConfig.builder().port(0).poolSize(2).shutdownGrace(Duration.ofSeconds(1));
        Path dir = null;
        if (transport == Transport.UNIX_SOCKET) {
            dir = socketDirectory();
            base.socket(dir.resolve("pigeonhole.sock")).trustedSocketUsers(Set.of(System.getProperty("user.name")));
        }
        try {
            ServerConfig config = customize.apply(base).build();
            PigeonholeServer server = PigeonholeServer.start(config, store, customLog != null ? customLog : log::add);
            return new ServerFixture(server, log, transport, dir, data);
        } catch (IOException e) {
            throw new IllegalStateException("test server did not start: " + e, e);
        }
    }

    /** A fresh directory for a socket that every local user can reach (0755; the temporary directory is 1777). */
    public static Path socketDirectory() {
        try {
            Path dir = Files.createTempDirectory("pigeonhole-socket-");
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The server's Unix socket, or null. */
    public Path socket() {
        return server.socket();
    }

    public Transport transport() {
        return transport;
    }

    public int port() {
        return server.port();
    }

    public String host() {
        return server.config().host();
    }

    public PigeonholeServer server() {
        return server;
    }

    /** A new client session to this server (5 s timeouts, the server's message limit). */
    public ClientSession connect() throws IOException {
        return ClientSession.connect(
                host(),
                port(),
                Duration.ofSeconds(5),
                Duration.ofSeconds(5),
                server.config().maxMessage());
    }

    /** A new client session, already logged in as {@code user}. */
    public ClientSession login(String user) throws IOException {
        ClientSession s = connect();
        s.login(user);
        return s;
    }

    /** A raw line client for protocol tests (5 s read timeout). */
    public RawClient raw() throws IOException {
        return transport == Transport.UNIX_SOCKET ? RawClient.connect(socket()) : RawClient.connect(host(), port());
    }

    /** The log lines so far. */
    public List<String> log() {
        return new ArrayList<>(log);
    }

    /** Waits (at most {@code timeout}) for a log line containing {@code text}; returns it or fails. */
    public String awaitLog(String text, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (String line : log) {
                if (line.contains(text)) {
                    return line;
                }
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("no log line containing '" + text + "' within " + timeout + "; log: " + log);
            }
            Thread.sleep(5);
        }
    }

    /** The longest valid command line, for tests of P11. */
    public static int maxCommandLine() {
        return Limits.MAX_COMMAND_LINE;
    }

    @Override
    public void close() {
        server.close();
        if (socketDir != null) {
            try {
                Files.deleteIfExists(socketDir.resolve("pigeonhole.sock"));
                Files.deleteIfExists(socketDir);
            } catch (IOException e) {
                // a leftover empty directory in the temporary directory; not worth failing a test for
            }
        }
        if (dataDir != null) {
            try (Stream<Path> files = Files.walk(dataDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // leftovers in the temporary directory; not worth failing a test for
            }
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        close();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }
}
