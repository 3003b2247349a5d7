package dev.pigeonhole.cli;

import dev.pigeonhole.client.Endpoint;
import dev.pigeonhole.client.SshCommand;
import dev.pigeonhole.protocol.InvalidInputException;
import dev.pigeonhole.protocol.Validation;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

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
            description = "Server host name or address, over TCP (default: 127.0.0.1, "
                    + "unless the packaged service's socket exists).")
    String host;

    @Option(names = "--port", paramLabel = "PORT", description = "Server port, over TCP (default: 4554).")
    Integer port;

    @Option(
            names = "--socket",
            paramLabel = "PATH",
            description = "The server's Unix socket, where the OS vouches for who you are "
                    + "(default: /run/pigeonhole/pigeonhole.sock when it exists). With --ssh: the socket on "
                    + "the remote host.")
    Path socket;

    @Option(
            names = "--ssh",
            paramLabel = "[USER@]HOST",
            description = "Reach the server through ssh: runs 'ssh -T [USER@]HOST pigeonhole bridge'. "
                    + "The ssh login is who you are. The ssh command comes from $PIGEONHOLE_SSH_COMMAND.")
    String ssh;

    @Option(
            names = {"-u", "--user"},
            paramLabel = "USER",
            description = "Your user name (default: your login name; over --ssh, the USER@ of the target). "
                    + "Over a socket or ssh it must be the login the OS or ssh vouches for.")
    String userOption;

    private final Map<String, String> env;

    /** Set by {@link #validate}: where the server is. */
    Endpoint endpoint;
    /** Set by {@link #validate}: the name to log in as. */
    String user;

    Account(Map<String, String> env) {
        this.env = env;
    }

    /**
     * Checks the values a person gave, before anything touches the network or the disk, and sets
     * {@link #endpoint} and {@link #user}. A name the server would refuse for this transport is refused
     * here, with exit code 2, rather than sent to be dropped.
     */
    void validate() {
        endpoint = Endpoint.choose(
                host, port, socket, ssh, SshCommand.split(env.get("PIGEONHOLE_SSH_COMMAND")), Endpoint.PACKAGED_SOCKET);
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

    /** Where the server is, for messages: {@code host:port}, {@code unix:PATH} or {@code ssh:[USER@]HOST}. */
    String address() {
        return endpoint == null ? "the server" : endpoint.describe();
    }
}
