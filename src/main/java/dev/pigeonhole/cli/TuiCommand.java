package dev.pigeonhole.cli;

import dev.pigeonhole.client.Archive;
import dev.pigeonhole.protocol.Ascii;
import dev.pigeonhole.protocol.Validation;
import dev.pigeonhole.tui.Courier;
import dev.pigeonhole.tui.Look;
import dev.pigeonhole.tui.TerminalApp;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pigeonhole tui}: the full-screen terminal client. */
@Command(name = "tui",
        defaultValueProvider = EnvironmentDefaults.class,
        description = {
            "The full-screen client: inbox, compose and status panes; new messages arrive by themselves.",
            "Needs a terminal (over ssh: ssh -t). From scripts use send and read."
        },
        footer = {"", "Keys: Tab focus, Enter send, F1 (or ? in the inbox) lists every key, Ctrl-C quits.",
                "NO_COLOR in the environment works like --no-color."})
public final class TuiCommand implements Callable<Integer> {
    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m)?");

    @Spec
    CommandSpec spec;

    // Same names and defaults as the other client commands' options (see notes/issue-4.md for merging).
    @Option(names = "--host", defaultValue = "127.0.0.1", paramLabel = "HOST",
            description = "Server host name or address (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "4554", paramLabel = "PORT", description = "Server port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = {"-u", "--user"}, defaultValue = "${sys:user.name}", paramLabel = "USER",
            description = "Your user name (default: $PIGEONHOLE_USER, else your login name).")
    String user;

    @Option(names = "--interval", defaultValue = "2s", paramLabel = "DURATION",
            description = "How often to check for new messages: 500ms, 2s, 1m... (default: ${DEFAULT-VALUE}).")
    String interval;

    @Option(names = "--timeout", defaultValue = "10s", paramLabel = "DURATION",
            description = "How long to wait to connect, and for each reply (default: ${DEFAULT-VALUE}).")
    String timeout;

    @Option(names = "--max-message", defaultValue = "4096", paramLabel = "N",
            description = "The server's message limit, for the character counter (default: ${DEFAULT-VALUE}).")
    int maxMessage;

    @Option(names = "--archive", paramLabel = "PATH",
            description = "The archive file (default: $XDG_DATA_HOME/pigeonhole/HOST-PORT/USER.log).")
    Path archive;

    @Option(names = "--ascii", description = "Draw borders with + - | for terminals without line-drawing characters.")
    boolean ascii;

    @Option(names = "--no-color", description = "No colours (also when NO_COLOR is set).")
    boolean noColor;

    @Option(names = "--bell", defaultValue = "new", paramLabel = "off|new",
            description = "Ring the terminal bell when new messages arrive (default: ${DEFAULT-VALUE}).")
    String bell;

    @Override
    public Integer call() {
        String why = TerminalApp.whyNoTerminal(System.console() != null, System.getenv("TERM"));
        if (why != null) {
            return fail(ExitCode.USAGE, why + "; the full-screen client needs one (over ssh: ssh -t). "
                    + "From scripts use `pigeonhole send` and `pigeonhole read`");
        }
        Courier.Settings settings;
        boolean bellOnNew;
        try {
            String problem = Validation.usernameProblem("user name", user);
            if (problem != null) {
                return fail(ExitCode.USAGE, problem);
            }
            if (port < 1 || port > 65_535) {
                return fail(ExitCode.USAGE, "a port is a number from 1 to 65535; got " + port);
            }
            if (maxMessage < 0) {
                return fail(ExitCode.USAGE, "--max-message cannot be negative");
            }
            bellOnNew = switch (bell) {
                case "new" -> true;
                case "off" -> false;
                default -> throw new IllegalArgumentException("--bell is off or new; got '" + Ascii.escape(bell, 20) + "'");
            };
            Duration wait = duration("--timeout", timeout);
            settings = new Courier.Settings(host, port, user, duration("--interval", interval), wait, wait, maxMessage);
        } catch (IllegalArgumentException e) {
            return fail(ExitCode.USAGE, e.getMessage());
        }
        Archive store = new Archive(archive != null ? archive : Archive.defaultPath(host, port, user));
        Look look = new Look(Look.colorWanted(noColor, System.getenv("NO_COLOR")), ascii);
        try {
            TerminalApp.run(settings, store, look, bellOnNew);
            return ExitCode.OK;
        } catch (Exception e) {
            return fail(ExitCode.FAILURE, "the terminal client failed: " + e);
        }
    }

    /** {@code 500ms}, {@code 2s}, {@code 1m}; a bare number is seconds; zero is refused. */
    static Duration duration(String option, String value) {
        Matcher m = DURATION.matcher(value.strip());
        if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
            throw new IllegalArgumentException(option + " takes a duration above zero such as 500ms, 2s or 1m; got '"
                    + Ascii.escape(value, 40) + "'");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2) == null ? "s" : m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofSeconds(n);
        };
    }

    private int fail(int code, String line) {
        spec.commandLine().getErr().println("pigeonhole tui: " + Ascii.escape(line));
        spec.commandLine().getErr().flush();
        return code;
    }
}
