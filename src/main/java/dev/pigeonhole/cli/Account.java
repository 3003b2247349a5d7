package dev.pigeonhole.cli;

import dev.pigeonhole.client.Endpoint;
import dev.pigeonhole.client.PackagedService;
import dev.pigeonhole.client.SshCommand;
import dev.pigeonhole.protocol.InvalidInputException;
import dev.pigeonhole.protocol.Validation;
import dev.pigeonhole.system.UserDirectories;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
                    + "the remote host (default: the packaged service's socket, where the package is installed).")
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

    @Option(
            names = {"-v", "--verbose"},
            fallbackValue = "true", // typed, it is on, whatever the environment says (see EnvironmentDefaults)
            description = "Say on standard error which server was chosen, and why.")
    boolean verbose;

    /** Set by {@link ClientCommand} before it runs: tells what the command line gave from what the environment did. */
    Invocation invocation;

    private final Map<String, String> env;
    private final PackagedService packaged;

    /** Set by {@link #validate}: where the server is. */
    Endpoint endpoint;
    /** Set by {@link #validate}: the name to log in as. */
    String user;
    /** Set by {@link #validate}: why {@link #endpoint}, in words, for {@code -v}. */
    String why;
    /**
     * Set by {@link #validate}: the endpoint is the packaged service's socket, taken because nothing else
     * was named; if it is missing, the service is down (and nothing falls back to TCP).
     */
    boolean viaPackage;
    /** Set by {@link #validate}: TCP that the command line did not name, so the person is told what it means. */
    boolean unnamedTcp;

    Account() {
        // For tools that build the model with picocli's default factory (picocli.AutoComplete).
        this(System.getenv(), PackagedService.HOST);
    }

    /**
     * @param env      the environment ({@code PIGEONHOLE_SSH_COMMAND} is read from it)
     * @param packaged the packaged service, used when no server is named
     */
    Account(Map<String, String> env, PackagedService packaged) {
        this.env = env;
        this.packaged = packaged;
    }

    /** An option's value and whether the command line gave it (else the environment did, or nobody). */
    private record Given<T>(String option, T value, boolean typed) {
        boolean set() {
            return value != null;
        }

        boolean fromEnvironment() {
            return value != null && !typed;
        }

        /** {@code " (from PIGEONHOLE_PORT)"} for a value from the environment, else nothing. */
        String source() {
            return fromEnvironment() ? " (from " + OptionVariable.of(option) + ")" : "";
        }

        Given<T> unset() {
            return new Given<>(option, null, false);
        }
    }

    private <T> Given<T> given(String option, T value) {
        return new Given<>(option, value, invocation != null && invocation.typed(option));
    }

    /** The user's directories as the environment names them ({@code $HOME}, {@code $XDG_...}). */
    UserDirectories directories() {
        return UserDirectories.of(env);
    }

    /**
     * Checks the values a person gave, before anything touches the network or the disk, and sets
     * {@link #endpoint}, {@link #user} and the reasons for them. A name the server would refuse for this
     * transport is refused here, with exit code 2, rather than sent to be dropped.
     *
     * <p>The command line wins over the environment for the choice of server as a whole: a server named there
     * makes the variables that name another transport yield ({@code PIGEONHOLE_SOCKET=/x read --port 4711} uses
     * the port), while a variable of the same transport still fills in ({@code PIGEONHOLE_HOST} with
     * {@code --port}). With no server named at all: the packaged service's socket if the package is installed
     * (or the socket exists), else TCP to 127.0.0.1:4554.
     */
    void validate() {
        Given<String> h = given("--host", host);
        Given<Integer> p = given("--port", port);
        Given<Path> s = given("--socket", socket);
        Given<String> x = given("--ssh", ssh);
        List<String> yielded = new ArrayList<>();
        if (h.typed() || p.typed() || s.typed() || x.typed()) {
            boolean typedTcp = h.typed() || p.typed();
            if (!typedTcp) {
                h = yieldIfFromEnvironment(h, yielded);
                p = yieldIfFromEnvironment(p, yielded);
            }
            if (!s.typed()) {
                s = yieldIfFromEnvironment(s, yielded);
            }
            if (!x.typed()) {
                x = yieldIfFromEnvironment(x, yielded);
            }
        }
        if (p.set() && (p.value() < 1 || p.value() > 65_535)) {
            throw new InvalidInputException("a port is a number from 1 to 65535; got " + p.value() + p.source());
        }
        if (h.set() && h.value().isBlank()) {
            throw new InvalidInputException("a host cannot be empty" + h.source());
        }
        List<String> ssh = SshCommand.of(env.get("PIGEONHOLE_SSH_COMMAND"));
        viaPackage = false;
        if (!h.set() && !p.set() && !s.set() && !x.set() && (packaged.installed() || Files.exists(packaged.socket()))) {
            endpoint = new Endpoint.UnixSocket(packaged.socket());
            viaPackage = true;
            why = "no server named: the packaged service's socket";
        } else {
            // A value that came from the environment is named in front of the message by UsageError.
            endpoint = Endpoint.choose(h.value(), p.value(), s.value(), x.value(), ssh, packaged.socket());
            why = reason(List.of(h, p, s, x));
        }
        unnamedTcp = endpoint instanceof Endpoint.Tcp && !h.typed() && !p.typed();
        if (!yielded.isEmpty()) {
            why += "; " + String.join(", ", yielded) + " from the environment yield" + (yielded.size() == 1 ? "s" : "")
                    + " to the command line";
        }
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

    private static <T> Given<T> yieldIfFromEnvironment(Given<T> g, List<String> yielded) {
        if (g.fromEnvironment()) {
            yielded.add(OptionVariable.of(g.option()));
            return g.unset();
        }
        return g;
    }

    /** Why the options chose what they chose: {@code --port on the command line, PIGEONHOLE_HOST}. */
    private static String reason(List<Given<?>> values) {
        List<String> named = new ArrayList<>();
        for (Given<?> g : values) {
            if (g.set()) {
                named.add(
                        g.typed()
                                ? g.option() + " on the command line"
                                : OptionVariable.of(g.option()) + " in the environment");
            }
        }
        return named.isEmpty()
                ? "no server named and no Pigeonhole package on this host: the default"
                : String.join(", ", named);
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
            Integer port = parsePort(value);
            if (port == null) {
                throw new TypeConversionException("a port is a number from 1 to 65535");
            }
            return port;
        }
    }

    /**
     * {@code value} as a port, or null when it is not a number from 1 to 65535. Here, not in {@link Port}:
     * {@link QuickLine} reads ports without loading picocli's interface.
     */
    static Integer parsePort(String value) {
        int port;
        try {
            port = Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            return null;
        }
        return port < 1 || port > 65535 ? null : port;
    }

    /** Where the server is, for messages: {@code host:port}, {@code unix:PATH} or {@code ssh:[USER@]HOST}. */
    String address() {
        return endpoint == null ? "the server" : endpoint.describe();
    }

    /** The line {@code -v} prints: which server, and why. */
    String chosen() {
        return "server " + endpoint.describe() + " (" + why + ")";
    }

    /** The line said when TCP was taken without the command line naming it. */
    String tcpNotice() {
        return endpoint.describe() + " is TCP, where the server cannot verify names: anyone on this host could be"
                + " listening there or log in as you (use the service's socket where there is one)";
    }
}
