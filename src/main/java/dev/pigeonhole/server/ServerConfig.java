package dev.pigeonhole.server;

import dev.pigeonhole.protocol.Limits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * How a {@link PigeonholeServer} runs: the values only. The live resources it runs with (the
 * {@link MessageStore} and the {@link ServerLog}) are given to {@link PigeonholeServer#start} instead.
 *
 * <p>Made by a {@link Builder} ({@link #builder()}, or {@link #toBuilder()} to change a copy), which checks
 * every value once, in {@link Builder#build()}, whatever order they were set in; so a server never starts with
 * a configuration that breaks the protocol (for example a queue smaller than P7 allows). The canonical
 * constructor checks the same, and throws {@link IllegalArgumentException} naming the option.
 *
 * @param host           the address to listen on; loopback by default, so a fresh install exposes nothing
 * @param port           the TCP port, 0 for an ephemeral one
 * @param tcp            whether to listen on {@code host:port} at all; TCP cannot verify who connects
 * @param socket         a Unix domain socket to listen on too, or null; the OS names each peer there, and a
 *                       peer may LOGIN only under its own login name
 * @param trustedSocketUsers OS users whose socket connections may LOGIN under any name (a gateway or an
 *                       announcement account); empty by default
 * @param poolSize       event loops, each a thread of the server's pool; a connection stays on the loop that
 *                       accepted it, unless it moves, between requests, to a loop started on demand
 * @param loopsOnDemand  false: all {@code poolSize} loops serve from the start ({@code --pool-size} given);
 *                       true: one loop serves at first and the others start serving while every serving loop
 *                       is saturated and the host has idle CPU, and rest again when it has none (see
 *                       {@link LoopDemand})
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
 */
public record ServerConfig(
        String host,
        int port,
        boolean tcp,
        Path socket,
        Set<String> trustedSocketUsers,
        int poolSize,
        boolean loopsOnDemand,
        int maxQueue,
        int maxMessage,
        Duration idleTimeout,
        int maxConnections,
        int maxConnectionsPerAddress,
        Duration lineTimeout,
        long maxMemory,
        Duration shutdownGrace) {

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

    /** The defaults: {@code builder().build()}. */
    public static ServerConfig defaults() {
        return builder().build();
    }

    /**
     * A builder holding the defaults: TCP 127.0.0.1:4554 and no Unix socket, up to {@link #defaultPoolSize()}
     * event loops started on demand, 100,000 messages per user, 4096-byte messages, 15 minutes idle timeout,
     * 10,000 connections (1,000 per address), 30 s to finish a line, 40% of the heap for mailboxes, 5 s
     * shutdown grace.
     */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this configuration's values, to change some of them. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * The most event loops a server runs when {@code --pool-size} is not given: one per processor it may run
     * on. Only one of them serves at first; the others start serving on demand ({@link #loopsOnDemand}).
     * Measured on 2 cores (src/docs/performance.md): while the clients share the host, a second loop competes
     * with them and with the kernel's share of every request (on loopback, the client's side too) and costs
     * more in lost batching than it adds, so a fixed count cannot be right for both a host whose clients are
     * local and one whose cores are free; the load decides instead.
     */
    public static int defaultPoolSize() {
        return Math.max(1, Runtime.getRuntime().availableProcessors());
    }

    /** Event loops that serve from the start: one when the others start on demand, else all of them. */
    public int loopsAtStart() {
        return loopsOnDemand ? 1 : poolSize;
    }

    /** {@link #maxMemory()}, or the default share of the heap when it is 0. */
    public long effectiveMaxMemory() {
        return maxMemory > 0 ? maxMemory : Runtime.getRuntime().maxMemory() / 100 * DEFAULT_MEMORY_PERCENT;
    }

    /**
     * Collects the values of a {@link ServerConfig} in any order; {@link #build()} checks them all at once. Not
     * thread-safe.
     */
    public static final class Builder {
        private String host = DEFAULT_HOST;
        private int port = DEFAULT_PORT;
        private boolean tcp = true;
        private Path socket;
        private Set<String> trustedSocketUsers = Set.of();
        private int poolSize = defaultPoolSize();
        private boolean loopsOnDemand = true;
        private int maxQueue = DEFAULT_MAX_QUEUE;
        private int maxMessage = Limits.DEFAULT_MAX_MESSAGE;
        private Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;
        private int maxConnections = DEFAULT_MAX_CONNECTIONS;
        private int maxConnectionsPerAddress = DEFAULT_MAX_CONNECTIONS_PER_ADDRESS;
        private Duration lineTimeout = DEFAULT_LINE_TIMEOUT;
        private long maxMemory;
        private Duration shutdownGrace = DEFAULT_SHUTDOWN_GRACE;

        private Builder() {}

        private Builder(ServerConfig c) {
            host = c.host;
            port = c.port;
            tcp = c.tcp;
            socket = c.socket;
            trustedSocketUsers = c.trustedSocketUsers;
            poolSize = c.poolSize;
            loopsOnDemand = c.loopsOnDemand;
            maxQueue = c.maxQueue;
            maxMessage = c.maxMessage;
            idleTimeout = c.idleTimeout;
            maxConnections = c.maxConnections;
            maxConnectionsPerAddress = c.maxConnectionsPerAddress;
            lineTimeout = c.lineTimeout;
            maxMemory = c.maxMemory;
            shutdownGrace = c.shutdownGrace;
        }

        public Builder host(String host) {
            this.host = host;
            return this;
        }

        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Listen on TCP ({@code host:port}) or not; at least one of TCP and {@link #socket} must be on. */
        public Builder tcp(boolean tcp) {
            this.tcp = tcp;
            return this;
        }

        public Builder socket(Path socket) {
            this.socket = socket;
            return this;
        }

        public Builder trustedSocketUsers(Set<String> trustedSocketUsers) {
            this.trustedSocketUsers = trustedSocketUsers;
            return this;
        }

        /** Exactly {@code poolSize} event loops, all serving from the start ({@code --pool-size}). */
        public Builder poolSize(int poolSize) {
            this.poolSize = poolSize;
            this.loopsOnDemand = false;
            return this;
        }

        /**
         * Up to {@code mostLoops} event loops, one serving at first and the others started as the load needs
         * them (the default, with one loop per processor).
         */
        public Builder loopsOnDemand(int mostLoops) {
            this.poolSize = mostLoops;
            this.loopsOnDemand = true;
            return this;
        }

        public Builder maxQueue(int maxQueue) {
            this.maxQueue = maxQueue;
            return this;
        }

        public Builder maxMessage(int maxMessage) {
            this.maxMessage = maxMessage;
            return this;
        }

        public Builder idleTimeout(Duration idleTimeout) {
            this.idleTimeout = idleTimeout;
            return this;
        }

        public Builder maxConnections(int maxConnections) {
            this.maxConnections = maxConnections;
            return this;
        }

        public Builder maxConnectionsPerAddress(int maxConnectionsPerAddress) {
            this.maxConnectionsPerAddress = maxConnectionsPerAddress;
            return this;
        }

        public Builder lineTimeout(Duration lineTimeout) {
            this.lineTimeout = lineTimeout;
            return this;
        }

        /** Bytes, or 0 for {@link #DEFAULT_MEMORY_PERCENT}% of the maximum heap. */
        public Builder maxMemory(long maxMemory) {
            this.maxMemory = maxMemory;
            return this;
        }

        public Builder shutdownGrace(Duration shutdownGrace) {
            this.shutdownGrace = shutdownGrace;
            return this;
        }

        /**
         * The configuration, every value checked now (and only now).
         *
         * @throws IllegalArgumentException naming the first option whose value is invalid
         * @throws NullPointerException     if a required value was set to null
         */
        public ServerConfig build() {
            return new ServerConfig(
                    host,
                    port,
                    tcp,
                    socket,
                    trustedSocketUsers,
                    poolSize,
                    loopsOnDemand,
                    maxQueue,
                    maxMessage,
                    idleTimeout,
                    maxConnections,
                    maxConnectionsPerAddress,
                    lineTimeout,
                    maxMemory,
                    shutdownGrace);
        }
    }
}
