package dev.pigeonhole.server;

import java.io.Closeable;
import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.net.UnknownHostException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * One listening socket of the server, bound and non-blocking: TCP, where anyone who reaches the port may
 * LOGIN under any name, or a Unix domain socket, where the OS names the user on the other end of every
 * connection and the server holds the LOGIN to that name.
 *
 * <p>A Unix socket's file is made 0666 after bind: who may connect is decided by the directory, and what a
 * connection may do by its peer's identity, never by the file's mode. {@link #close} removes the file.
 */
final class Listener implements Closeable {
    /**
     * Connections the kernel may hold accepted but not yet taken: a burst of short sessions must not be refused
     * while a loop is busy. The kernel caps it at {@code net.core.somaxconn} (4096 on current kernels).
     */
    static final int BACKLOG = 4096;

    private final ServerSocketChannel channel;
    private final String address;
    private final Path socketFile;
    private final int port;
    /** One of several sockets bound to the same TCP port with SO_REUSEPORT: its loop keeps what it accepts. */
    private final boolean share;

    private Listener(ServerSocketChannel channel, String address, Path socketFile, int port, boolean share) {
        this.channel = channel;
        this.address = address;
        this.socketFile = socketFile;
        this.port = port;
        this.share = share;
    }

    /**
     * Binds TCP {@code host:port} (port 0: an ephemeral one).
     *
     * @throws BindException naming the address if it is in use or cannot be bound
     */
    static Listener tcp(String host, int port) throws IOException {
        return tcp(host, port, false);
    }

    /**
     * {@code count} sockets on TCP {@code host:port} with SO_REUSEPORT, among which the kernel spreads new
     * connections, so that each event loop accepts its own; the first decides the port when it is 0. More
     * shares may join later ({@link #tcpShare}). Where the kernel has no SO_REUSEPORT, or {@code shared} is
     * false, one socket whose loop spreads its connections.
     *
     * @throws BindException naming the address if it is in use or cannot be bound
     */
    static java.util.List<Listener> tcpShares(String host, int port, int count, boolean shared) throws IOException {
        java.util.List<Listener> shares = new java.util.ArrayList<>();
        if (!shared || !reusePortSupported()) {
            shares.add(tcp(host, port, false));
            return shares;
        }
        // A socket that shares a port lets any later socket of the same user share it too, so a second server
        // started on this port by mistake would take part of the clients silently. Bind once without sharing
        // first: that fails, as it should, if anything listens there (and picks the port when it is 0).
        int bound;
        try (Listener probe = tcp(host, port, false)) {
            bound = probe.port;
        }
        try {
            for (int i = 0; i < count; i++) {
                shares.add(tcp(host, bound, true));
            }
            return shares;
        } catch (IOException | RuntimeException e) {
            for (Listener l : shares) {
                l.close();
            }
            throw e;
        }
    }

    /**
     * One more share of TCP {@code host:port}, which shares made by {@link #tcpShares} hold: the kernel spreads
     * new connections over it too from now on.
     *
     * @throws BindException naming the address if it cannot be bound
     */
    static Listener tcpShare(String host, int port) throws IOException {
        return tcp(host, port, true);
    }

    private static boolean reusePortSupported() throws IOException {
        try (ServerSocketChannel probe = ServerSocketChannel.open()) {
            return probe.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT);
        }
    }

    private static Listener tcp(String host, int port, boolean share) throws IOException {
        ServerSocketChannel ch = ServerSocketChannel.open();
        try {
            ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            if (share) {
                // Only sockets of the same user may share a port this way (the kernel checks the uid).
                ch.setOption(StandardSocketOptions.SO_REUSEPORT, true);
            }
            InetSocketAddress address = new InetSocketAddress(host, port);
            if (address.isUnresolved()) {
                // bind would throw an unchecked UnresolvedAddressException; a bad name is an I/O failure here.
                throw new UnknownHostException(host);
            }
            try {
                ch.bind(address, BACKLOG);
            } catch (BindException e) {
                BindException named = new BindException(host + ":" + port + ": " + e.getMessage());
                named.initCause(e);
                throw named;
            }
            ch.configureBlocking(false);
            int bound = ((InetSocketAddress) ch.getLocalAddress()).getPort();
            return new Listener(ch, host + ":" + bound, null, bound, share);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /**
     * Binds a Unix domain socket at {@code path}. A socket file left by a server that is gone is replaced; one
     * that a running server answers on is not touched.
     *
     * @throws BindException naming the path if a server listens there or the path is not a socket
     */
    static Listener unix(Path path) throws IOException {
        UnixDomainSocketAddress address = UnixDomainSocketAddress.of(path);
        String name = "unix:" + path;
        if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!a.isOther()) {
                throw new BindException(name + ": exists and is not a socket (not removed)");
            }
            if (answers(address)) {
                throw new BindException(name + ": already in use (a server is listening on it)");
            }
            Files.delete(path); // stale: nothing listens; the socket file of a server that is gone
        }
        ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            try {
                ch.bind(address, BACKLOG);
            } catch (BindException e) {
                BindException named = new BindException(name + ": " + e.getMessage());
                named.initCause(e);
                throw named;
            }
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-rw-rw-"));
            ch.configureBlocking(false);
            return new Listener(ch, name, path, -1, false);
        } catch (IOException | RuntimeException e) {
            ch.close();
            Files.deleteIfExists(path);
            throw e;
        }
    }

    /** True if a server accepts connections at {@code address}; false only if the connection is refused. */
    private static boolean answers(UnixDomainSocketAddress address) throws IOException {
        try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            probe.connect(address);
            return true;
        } catch (ConnectException refused) {
            return false;
        }
    }

    ServerSocketChannel channel() {
        return channel;
    }

    /** {@code 127.0.0.1:4554} or {@code unix:/run/pigeonhole/pigeonhole.sock}, as printed and logged. */
    String address() {
        return address;
    }

    /** True for a Unix socket: every peer's user name comes from the OS. */
    boolean verifiesNames() {
        return socketFile != null;
    }

    /**
     * True if the loop that accepts a connection here keeps it (a share of a SO_REUSEPORT port: the kernel has
     * spread the connections already); false if it spreads them over all loops in turn.
     */
    boolean keepsConnections() {
        return share;
    }

    /** The TCP port bound, or -1 for a Unix socket. */
    int port() {
        return port;
    }

    /** The socket file, or null for TCP. */
    Path socketFile() {
        return socketFile;
    }

    /** The address and what it means for identity, for the start-up line. */
    String describe() {
        return address
                + (verifiesNames()
                        ? " (names verified by the OS)"
                        : " (names NOT verified: anyone who can reach this port can act as any user)");
    }

    /** Stops listening and removes the socket file, if any. Idempotent. */
    @Override
    public void close() throws IOException {
        try {
            channel.close();
        } finally {
            if (socketFile != null) {
                Files.deleteIfExists(socketFile);
            }
        }
    }

    @Override
    public String toString() {
        return address;
    }
}
