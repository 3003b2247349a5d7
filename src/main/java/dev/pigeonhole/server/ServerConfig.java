package dev.pigeonhole.server;

import dev.pigeonhole.protocol.Limits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * How a {@link PigeonholeServer} runs. Build one from {@link #defaults()} and the {@code with...}
 * methods; every value is checked when the record is made, so a server never starts with a
 * configuration that breaks the protocol (for example a queue smaller than P7 allows).
 *
 * @param host           the address to listen on; loopback by default, so a fresh install exposes nothing
 * @param port           the TCP port, 0 for an ephemeral one
 * @param tcp            whether to listen on {@code host:port} at all; TCP cannot verify who connects
 * @param socket         a Unix domain socket to listen on too, or null; the OS names each peer there, and a
 *                       peer may LOGIN only under its own login name
 * @param trustedSocketUsers OS users whose socket connections may LOGIN under any name (a gateway or an
 *                       announcement account); empty by default
 * @param poolSize       worker threads that run commands; connections are never pinned to one
 * @param maxQueue       unread messages held per user, 0 for no limit. P7 requires at least {@link Limits#MIN_QUEUE};
 *                       smaller values are accepted here only so tests can fill a queue quickly, and the
 *                       {@code server} command rejects them
 * @param maxMessage     the longest message line in bytes (P4, P11)
 * @param idleTimeout    a connection that sends nothing for this long is closed
 * @param maxConnections connections beyond this many are closed as soon as they are accepted
 * @param maxConnectionsPerAddress connections from one TCP address (or one OS user on the Unix socket)
 *                       beyond this many are closed as soon as they are accepted; 0 for no limit
 * @param lineTimeout    a line begun and not finished for this long drops its connection
 * @param maxMemory      bytes of heap the mailboxes may hold (messages, their names, their bookkeeping) before
 *                       COMPOSE is refused; 0 for {@link #DEFAULT_MEMORY_PERCENT}% of the JVM's maximum heap
 * @param shutdownGrace  how long {@link PigeonholeServer#close()} lets commands in flight finish
 * @param store          where accepted messages are recorded beyond memory
 * @param log            where events are reported
 */
public record ServerConfig(
        String host,
        int port,
        boolean tcp,
        Path socket,
        Set<String> trustedSocketUsers,
        int poolSize,
        int maxQueue,
        int maxMessage,
        Duration idleTimeout,
        int maxConnections,
        int maxConnectionsPerAddress,
        Duration lineTimeout,
        long maxMemory,
        Duration shutdownGrace,
        MessageStore store,
        ServerLog log) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 4554;
    public static final int DEFAULT_MAX_QUEUE = 100_000;
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(15);
    public static final int DEFAULT_MAX_CONNECTIONS = 10_000;
    public static final int DEFAULT_MAX_CONNECTIONS_PER_ADDRESS = 1_000;
    public static final Duration DEFAULT_LINE_TIMEOUT = Duration.ofSeconds(30);
    /**
     * The share of the maximum heap ({@code -Xmx}) the mailboxes may hold by default. The rest is for
     * connections' buffers, garbage between collections, and recovery: loading a journal takes more heap
     * than serving the same messages (see src/docs/journal.md), and the server must restart on the heap
     * that served it.
     */
    public static final int DEFAULT_MEMORY_PERCENT = 40;

    public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(5);
    /**
     * The largest {@code maxMessage} allowed: a reply line must stay readable by clients, which accept
     * lines of up to 1 MiB.
     */
    public static final int MAX_MESSAGE_CEILING = 1 << 20;

    public ServerConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(shutdownGrace, "shutdownGrace");
        Objects.requireNonNull(lineTimeout, "lineTimeout");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(log, "log");
        Objects.requireNonNull(trustedSocketUsers, "trustedSocketUsers");
        trustedSocketUsers = Set.copyOf(trustedSocketUsers);
        if (!tcp && socket == null) {
            throw new IllegalArgumentException("nothing to listen on: TCP is off and no --socket is given");
        }
        if (host.isBlank()) {
            throw new IllegalArgumentException("--host must not be empty");
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("--port must be 0..65535, not " + port);
        }
        if (poolSize < 1) {
            throw new IllegalArgumentException("--pool-size must be at least 1, not " + poolSize);
        }
        if (maxQueue < 0) {
            throw new IllegalArgumentException("--max-queue must be 0 (unlimited) or positive, not " + maxQueue);
        }
        if (maxMessage < 1 || maxMessage > MAX_MESSAGE_CEILING) {
            throw new IllegalArgumentException(
                    "--max-message must be 1.." + MAX_MESSAGE_CEILING + " bytes, not " + maxMessage);
        }
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("--idle-timeout must be positive, not " + ServerLog.format(idleTimeout));
        }
        if (maxConnections < 1) {
            throw new IllegalArgumentException("--max-connections must be at least 1, not " + maxConnections);
        }
        if (maxConnectionsPerAddress < 0) {
            throw new IllegalArgumentException(
                    "--max-connections-per-address must be 0 (no limit) or positive, not " + maxConnectionsPerAddress);
        }
        if (lineTimeout.isNegative() || lineTimeout.isZero()) {
            throw new IllegalArgumentException("--line-timeout must be positive, not " + lineTimeout);
        }
        if (maxMemory < 0) {
            throw new IllegalArgumentException("--max-memory must not be negative, not " + maxMemory);
        }
        if (shutdownGrace.isNegative()) {
            throw new IllegalArgumentException("the shutdown grace period must not be negative, not " + shutdownGrace);
        }
    }

    /**
     * TCP 127.0.0.1:4554 and no Unix socket, one event loop per processor, 100,000 messages per user, 4096-byte
     * messages, 15 minutes idle timeout, 10,000 connections (1,000 per address), 30 s to finish a line, 5 s
     * 40% of the heap for mailboxes, 5 s shutdown grace, in-memory storage, events to standard error.
     */
    public static ServerConfig defaults() {
        return new ServerConfig(
                DEFAULT_HOST,
                DEFAULT_PORT,
                true,
                null,
                Set.of(),
                Runtime.getRuntime().availableProcessors(),
                DEFAULT_MAX_QUEUE,
                Limits.DEFAULT_MAX_MESSAGE,
                DEFAULT_IDLE_TIMEOUT,
                DEFAULT_MAX_CONNECTIONS,
                DEFAULT_MAX_CONNECTIONS_PER_ADDRESS,
                DEFAULT_LINE_TIMEOUT,
                0,
                DEFAULT_SHUTDOWN_GRACE,
                MessageStore.IN_MEMORY,
                ServerLog.stderr());
    }

    public ServerConfig withHost(String host) {
        Builder b = edit();
        b.host = host;
        return b.build();
    }

    public ServerConfig withPort(int port) {
        Builder b = edit();
        b.port = port;
        return b.build();
    }

    /** Listen on TCP ({@code host:port}) or not; at least one of TCP and {@link #socket} must be on. */
    public ServerConfig withTcp(boolean tcp) {
        Builder b = edit();
        b.tcp = tcp;
        return b.build();
    }

    public ServerConfig withSocket(Path socket) {
        Builder b = edit();
        b.socket = socket;
        return b.build();
    }

    public ServerConfig withTrustedSocketUsers(Set<String> trustedSocketUsers) {
        Builder b = edit();
        b.trustedSocketUsers = trustedSocketUsers;
        return b.build();
    }

    public ServerConfig withPoolSize(int poolSize) {
        Builder b = edit();
        b.poolSize = poolSize;
        return b.build();
    }

    public ServerConfig withMaxQueue(int maxQueue) {
        Builder b = edit();
        b.maxQueue = maxQueue;
        return b.build();
    }

    public ServerConfig withMaxMessage(int maxMessage) {
        Builder b = edit();
        b.maxMessage = maxMessage;
        return b.build();
    }

    public ServerConfig withIdleTimeout(Duration idleTimeout) {
        Builder b = edit();
        b.idleTimeout = idleTimeout;
        return b.build();
    }

    public ServerConfig withMaxConnections(int maxConnections) {
        Builder b = edit();
        b.maxConnections = maxConnections;
        return b.build();
    }

    public ServerConfig withMaxConnectionsPerAddress(int maxConnectionsPerAddress) {
        Builder b = edit();
        b.maxConnectionsPerAddress = maxConnectionsPerAddress;
        return b.build();
    }

    public ServerConfig withLineTimeout(Duration lineTimeout) {
        Builder b = edit();
        b.lineTimeout = lineTimeout;
        return b.build();
    }

    public ServerConfig withMaxMemory(long maxMemory) {
        Builder b = edit();
        b.maxMemory = maxMemory;
        return b.build();
    }

    /** {@link #maxMemory()}, or the default share of the heap when it is 0. */
    public long effectiveMaxMemory() {
        return maxMemory > 0 ? maxMemory : Runtime.getRuntime().maxMemory() / 100 * DEFAULT_MEMORY_PERCENT;
    }

    public ServerConfig withShutdownGrace(Duration shutdownGrace) {
        Builder b = edit();
        b.shutdownGrace = shutdownGrace;
        return b.build();
    }

    public ServerConfig withStore(MessageStore store) {
        Builder b = edit();
        b.store = store;
        return b.build();
    }

    public ServerConfig withLog(ServerLog log) {
        Builder b = edit();
        b.log = log;
        return b.build();
    }

    private Builder edit() {
        return new Builder(this);
    }

    /** A copy to change one setting at a time: every {@code with} method is one assignment. */
    private static final class Builder {
        private String host;
        private int port;
        private boolean tcp;
        private Path socket;
        private Set<String> trustedSocketUsers;
        private int poolSize;
        private int maxQueue;
        private int maxMessage;
        private Duration idleTimeout;
        private int maxConnections;
        private int maxConnectionsPerAddress;
        private Duration lineTimeout;
        private long maxMemory;
        private Duration shutdownGrace;
        private MessageStore store;
        private ServerLog log;

        Builder(ServerConfig c) {
            host = c.host;
            port = c.port;
            tcp = c.tcp;
            socket = c.socket;
            trustedSocketUsers = c.trustedSocketUsers;
            poolSize = c.poolSize;
            maxQueue = c.maxQueue;
            maxMessage = c.maxMessage;
            idleTimeout = c.idleTimeout;
            maxConnections = c.maxConnections;
            maxConnectionsPerAddress = c.maxConnectionsPerAddress;
            lineTimeout = c.lineTimeout;
            maxMemory = c.maxMemory;
            shutdownGrace = c.shutdownGrace;
            store = c.store;
            log = c.log;
        }

        ServerConfig build() {
            return new ServerConfig(
                    host,
                    port,
                    tcp,
                    socket,
                    trustedSocketUsers,
                    poolSize,
                    maxQueue,
                    maxMessage,
                    idleTimeout,
                    maxConnections,
                    maxConnectionsPerAddress,
                    lineTimeout,
                    maxMemory,
                    shutdownGrace,
                    store,
                    log);
        }
    }
}
