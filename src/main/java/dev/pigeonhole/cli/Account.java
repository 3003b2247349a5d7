package dev.pigeonhole.cli;

import dev.pigeonhole.client.Endpoint;
import dev.pigeonhole.client.SshCommand;
import dev.pigeonhole.protocol.InvalidInputException;
import dev.pigeonhole.protocol.Validation;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * The options every client command shares: which server, how to reach it, and which user on it. Mixed
 * into each command, so they read the same everywhere and are settable as {@code PIGEONHOLE_HOST},
 * {@code PIGEONHOLE_PORT}, {@code PIGEONHOLE_SOCKET}, {@code PIGEONHOLE_SSH} and {@code PIGEONHOLE_USER}.
 * {@link #validate} turns them into an {@link #endpoint} and the {@link #user} to log in as.
 */
final class Account {
    @Option(
            names = "--host",
            paramLabel = "HOST",
            description = "TCP: the server's host name or address (default: 127.0.0.1, if no socket is chosen).")
    String host;

    @Option(
            names = "--port",
            paramLabel = "PORT",
            converter = Port.class,
            description = "TCP: the server's port (default: 4554).")
    Integer port;

    @Option(
            names = "--socket",
            paramLabel = "PATH",
            description = "The server's Unix socket, where the OS says who you are; with --ssh, the socket on "
                    + "the remote host (default: the packaged service's socket, if it exists).")
    Path socket;

    @Option(
            names = "--ssh",
            paramLabel = "[USER@]HOST",
            description = "Reach the server through ssh, as your login there: runs ssh -T TARGET pigeonhole "
                    + "bridge, with ssh replaced by $PIGEONHOLE_SSH_COMMAND if set.")
    String ssh;

    @Option(
            names = {"-u", "--user"},
            paramLabel = "USER",
            description = "Your user name (default: your login name, or the USER of --ssh USER@HOST). "
                    + "Over a socket or ssh, only the name the OS or ssh vouches for.")
    String userOption;

    private final Map<String, String> env;
    private final Path packagedSocket;

    /** Set by {@link #validate}: where the server is. */
    Endpoint endpoint;
    /** Set by {@link #validate}: the name to log in as. */
    String user;

    Account() {
        // For tools that build the model with picocli's default factory (picocli.AutoComplete).
        this(System.getenv(), Endpoint.PACKAGED_SOCKET);
    }

    /**
     * @param env            the environment ({@code PIGEONHOLE_SSH_COMMAND} is read from it)
     * @param packagedSocket the packaged service's socket, used when no server is named
     */
    Account(Map<String, String> env, Path packagedSocket) {
        this.env = env;
        this.packagedSocket = packagedSocket;
    }

    /**
     * Checks the values a person gave, before anything touches the network or the disk, and sets
     * {@link #endpoint} and {@link #user}. A name the server would refuse for this transport is refused
     * here, with exit code 2, rather than sent to be dropped.
     */
    void validate() {
        endpoint = Endpoint.choose(
                host, port, socket, ssh, SshCommand.of(env.get("PIGEONHOLE_SSH_COMMAND")), packagedSocket);
        String login = System.getProperty("user.name");
        if (endpoint instanceof Endpoint.UnixSocket) {
            user = verified(login, "your login name");
        } else if (endpoint instanceof Endpoint.Ssh remote && remote.login() != null) {
            user = verified(remote.login(), "the login in --ssh " + remote.target());
        } else {
            user = userOption != null ? userOption : login;
        }
        Validation.requireUsername("user name", user);
    }

    /** {@code identity}, unless {@code --user} names someone else, which the server would drop (P10). */
    private String verified(String identity, String source) {
        if (userOption != null && !userOption.equals(identity)) {
            throw new InvalidInputException("over " + endpoint.describe() + " you are '" + identity + "' (" + source
                    + "); --user " + userOption + " is refused: leave --user and PIGEONHOLE_USER unset");
        }
        return identity;
    }

    /**
     * A server's port, checked as it is parsed, so that the error names where a bad one came from: the
     * command line or {@code PIGEONHOLE_PORT}.
     */
    static final class Port implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            int port;
            try {
                port = Integer.parseInt(value.strip());
            } catch (NumberFormatException e) {
                port = -1;
            }
            if (port < 1 || port > 65535) {
                throw new TypeConversionException("a port is a number from 1 to 65535");
            }
            return port;
        }
    }

    /** Where the server is, for messages: {@code host:port}, {@code unix:PATH} or {@code ssh:[USER@]HOST}. */
    String address() {
        return endpoint == null ? "the server" : endpoint.describe();
    }
}
