package dev.pigeonhole.client;

import dev.pigeonhole.protocol.InvalidInputException;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Where a server is and how to reach it: the one thing a {@link ClientSession} needs besides its timeouts.
 * Every transport carries the same protocol, and the session checks every line the same way over each.
 */
public sealed interface Endpoint {
    /** The socket of the packaged service; a client uses it when nothing else is asked for and it exists. */
    Path PACKAGED_SOCKET = Path.of("/run/pigeonhole/pigeonhole.sock");

    /** TCP to {@code host:port}. Anyone who can reach the port can log in as anyone. */
    record Tcp(String host, int port) implements Endpoint {
        public Tcp {
            Objects.requireNonNull(host, "host");
            if (port < 1 || port > 65_535) {
                throw new IllegalArgumentException("port " + port);
            }
        }

        @Override
        public String describe() {
            return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
        }

        /**
         * The address the host name resolves to, then the port: {@code localhost} and {@code 127.0.0.1} are
         * one server, so they share one archive.
         */
        @Override
        public String archiveKey(Duration timeout) throws IOException {
            InetAddress address = Resolver.resolve(host, timeout);
            return address.getHostAddress() + "-" + port;
        }
    }

    /**
     * A Unix domain socket on this host. The server asks the kernel who connected, so the login name is
     * the identity.
     */
    record UnixSocket(Path path) implements Endpoint {
        public UnixSocket {
            Objects.requireNonNull(path, "path");
        }

        @Override
        public String describe() {
            return "unix:" + path;
        }

        /**
         * This host's name and the socket's absolute path: a home directory shared between hosts must not
         * mix the inboxes of two machines' servers that listen at the same path.
         */
        @Override
        public String archiveKey(Duration timeout) {
            return "unix-" + localHostName() + path.toAbsolutePath().normalize();
        }
    }

    /**
     * {@code command target pigeonhole bridge [--socket remoteSocket]}: the protocol through ssh, whose
     * login is the identity on the remote host.
     *
     * @param target       {@code [USER@]HOST} as given to ssh
     * @param remoteSocket the socket on the remote host, or {@code null} for the bridge's default
     * @param command      the ssh program and its options, without the target (e.g. {@code ssh -p 2222})
     */
    record Ssh(String target, String remoteSocket, List<String> command) implements Endpoint {
        public Ssh {
            Objects.requireNonNull(target, "target");
            command = List.copyOf(command);
            if (command.isEmpty()) {
                throw new IllegalArgumentException("empty ssh command");
            }
        }

        /** The remote login ssh is asked for, or {@code null} when the target names none (ssh then decides). */
        public String login() {
            int at = target.lastIndexOf('@');
            return at > 0 ? target.substring(0, at) : null;
        }

        @Override
        public String describe() {
            return "ssh:" + target + (remoteSocket == null ? "" : ":" + remoteSocket);
        }

        /** The target as given (with its user), and the remote socket when one was named. */
        @Override
        public String archiveKey(Duration timeout) {
            return "ssh-" + target + (remoteSocket == null ? "" : "-" + remoteSocket);
        }
    }

    /**
     * The endpoint a client's options ask for. {@code ssh} wins (with it, {@code socket} names the remote
     * socket); then {@code socket}; then {@code host}/{@code port} (TCP). With none of them, the packaged
     * service's socket when it exists, else TCP to 127.0.0.1:4554.
     *
     * @param host           {@code --host}, or {@code null}
     * @param port           {@code --port}, or {@code null}
     * @param socket         {@code --socket}, or {@code null}
     * @param ssh            {@code --ssh [USER@]HOST}, or {@code null}
     * @param sshCommand     the ssh program and its options (see {@link SshCommand})
     * @param packagedSocket where the packaged service listens ({@link #PACKAGED_SOCKET})
     * @throws InvalidInputException for options that contradict each other or a value that cannot work
     */
    public static Endpoint choose(
            String host, Integer port, Path socket, String ssh, List<String> sshCommand, Path packagedSocket) {
        if (port != null && (port < 1 || port > 65_535)) {
            throw new InvalidInputException("a port is a number from 1 to 65535; got " + port);
        }
        if (host != null && host.isBlank()) {
            throw new InvalidInputException("a host cannot be empty");
        }
        boolean tcp = host != null || port != null;
        if (ssh != null) {
            if (tcp) {
                throw new InvalidInputException("--ssh and --host/--port cannot be used together");
            }
            // A target starting with '-' would be read by ssh as an option.
            if (ssh.isEmpty() || ssh.startsWith("-") || ssh.endsWith("@") || !ssh.matches("[!-~]+")) {
                throw new InvalidInputException("--ssh takes [USER@]HOST; got '" + ssh + "'");
            }
            return new Ssh(ssh, socket == null ? null : socket.toString(), sshCommand);
        }
        if (socket != null) {
            if (tcp) {
                throw new InvalidInputException("--socket and --host/--port cannot be used together");
            }
            return new UnixSocket(socket);
        }
        if (!tcp && Files.exists(packagedSocket)) {
            return new UnixSocket(packagedSocket);
        }
        return new Tcp(host != null ? host : "127.0.0.1", port != null ? port : 4554);
    }

    /** The endpoint for messages: {@code 127.0.0.1:4554}, {@code unix:/run/...}, {@code ssh:alice@host}. */
    String describe();

    /**
     * What identifies the server, as the name of its local archive directory (escaped by {@link Archive}).
     *
     * @param timeout how long a host name lookup may take (TCP only)
     * @throws IOException if a TCP host name cannot be resolved
     */
    String archiveKey(Duration timeout) throws IOException;

    /**
     * This machine's name, from the kernel where it says so without a lookup, else from the resolver; a
     * fixed word when neither answers, so that an archive can still be found.
     */
    static String localHostName() {
        try {
            Path kernel = Path.of("/proc/sys/kernel/hostname");
            if (Files.isReadable(kernel)) {
                String name =
                        Files.readString(kernel, StandardCharsets.US_ASCII).strip();
                if (!name.isEmpty()) {
                    return name;
                }
            }
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException | RuntimeException e) {
            return "localhost";
        }
    }
}
