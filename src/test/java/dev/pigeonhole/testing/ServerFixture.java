package dev.pigeonhole.testing;

import dev.pigeonhole.client.ClientSession;
import dev.pigeonhole.protocol.Limits;
import dev.pigeonhole.server.PigeonholeServer;
import dev.pigeonhole.server.ServerConfig;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real server, in-process, on an ephemeral loopback port, for tests.
 *
 * <pre>{@code
 * try (ServerFixture server = ServerFixture.start(cfg -> cfg.withMaxQueue(5))) {
 *     ClientSession s = server.connect();
 * }
 * // or, closed after each test:  @RegisterExtension final ServerFixture server = ServerFixture.start();
 * }</pre>
 *
 * The server's log lines are kept (not printed) so a test can check why a connection was dropped.
 */
public final class ServerFixture implements AutoCloseable, AfterEachCallback, AfterAllCallback {
    private final PigeonholeServer server;
    private final List<String> log;

    private ServerFixture(PigeonholeServer server, List<String> log) {
        this.server = server;
        this.log = log;
    }

    /** A server with the default configuration, port 0, two workers and a 1 s shutdown grace. */
    public static ServerFixture start() {
        return start(UnaryOperator.identity());
    }

    /** As {@link #start()}, with {@code customize} applied to the configuration last. */
    public static ServerFixture start(UnaryOperator<ServerConfig> customize) {
        List<String> log = new CopyOnWriteArrayList<>();
        ServerConfig config = customize.apply(ServerConfig.defaults()
                .withPort(0)
                .withPoolSize(2)
                .withShutdownGrace(Duration.ofSeconds(1))
                .withLog(log::add));
        try {
            return new ServerFixture(PigeonholeServer.start(config), log);
        } catch (IOException e) {
            throw new IllegalStateException("test server did not start: " + e, e);
        }
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
        return RawClient.connect(host(), port());
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
