package dev.pigeonhole.cli;

import dev.pigeonhole.client.Archive;
import dev.pigeonhole.client.Endpoint;
import dev.pigeonhole.courier.Courier;
import dev.pigeonhole.protocol.InvalidInputException;
import dev.pigeonhole.tui.Look;
import dev.pigeonhole.tui.TerminalApp;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code pigeonhole tui}: the full-screen terminal client. Shares {@code --host}, {@code --port},
 * {@code --socket}, {@code --ssh}, {@code --user}, {@code --timeout} and {@code --archive} with the other
 * client commands.
 */
@Command(
        name = "tui",
        mixinStandardHelpOptions = true,
        description = {
            "Open the full-screen client: your conversations, one input line, new messages as they arrive.",
            "Messages appear by themselves, also those another client of yours read. Needs a terminal (over ssh:"
                    + " ssh -t); from scripts, use send and read."
        },
        footer = {
            "",
            "Keys: Enter sends, Tab completes a name, Ctrl-N/Ctrl-P switch conversations, F1 or Ctrl-G lists",
            "every key, Ctrl-C quits (drafts are kept for next time).",
            "NO_COLOR in the environment works like --no-color."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:quit with a key",
            "1:the terminal client failed (the terminal is restored first)",
            "2:invalid input or usage, or no terminal",
            "143:stopped by SIGTERM (the terminal is restored first)"
        })
final class TuiCommand extends SessionCommand {
    private static final Duration MIN_INTERVAL = Duration.ofMillis(100);

    @Option(
            names = "--interval",
            defaultValue = "2s",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "How often to check for new messages: 500ms, 2s, 1m... (default: ${DEFAULT-VALUE}).")
    Duration interval;

    @Option(
            names = "--max-message",
            defaultValue = "4096",
            paramLabel = "N",
            description = "The server's message limit, for the character counter (default: ${DEFAULT-VALUE}).")
    int maxMessage;

    @Option(
            names = "--bell",
            defaultValue = "new",
            paramLabel = "off|new",
            description = "Ring the terminal bell when new messages arrive (default: ${DEFAULT-VALUE}).")
    String bell;

    @Option(
            names = "--escape-time",
            defaultValue = "25ms",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "How long a lone Esc waits for the rest of a key sequence, like tmux's escape-time;"
                    + " raise it on a slow link if arrow keys arrive as Esc and letters (default: ${DEFAULT-VALUE}).")
    Duration escapeTime;

    @Option(
            names = "--no-title",
            fallbackValue = "true",
            description = "Do not put the unread count in the terminal title.")
    boolean noTitle;

    @Option(names = "--no-color", fallbackValue = "true", description = "No colours (also when NO_COLOR is set).")
    boolean noColor;

    @Option(
            names = "--ascii",
            fallbackValue = "true",
            description = "Draw borders with + - | for terminals without line-drawing characters.")
    boolean ascii;

    @Mixin
    ArchiveLocation location;

    /**
     * ssh must never ask for a password or a host key on the terminal the client draws on: in batch mode
     * it fails instead, and says why in the status pane. An option in PIGEONHOLE_SSH_COMMAND comes first,
     * and for ssh the first value given wins.
     */
    static Endpoint screenSafe(Endpoint endpoint) {
        if (endpoint instanceof Endpoint.Ssh ssh) {
            List<String> command = new ArrayList<>(ssh.command());
            command.addAll(List.of("-o", "BatchMode=yes"));
            return new Endpoint.Ssh(ssh.target(), ssh.remoteSocket(), command);
        }
        return endpoint;
    }

    @Override
    int execute() throws IOException {
        String why = TerminalApp.whyNoTerminal(System.console() != null, System.getenv("TERM"));
        if (why != null) {
            throw new CommandFailure(
                    ExitCode.USAGE,
                    why + "; the full-screen client needs one (over ssh: ssh -t)."
                            + " From scripts use `pigeonhole send` and `pigeonhole read`");
        }
        validate();
        if (interval.compareTo(MIN_INTERVAL) < 0) {
            // Each poll is a READ round trip; faster than this only loads the server.
            throw new InvalidInputException("--interval must be at least 100ms");
        }
        if (maxMessage < 0) {
            throw new InvalidInputException("--max-message cannot be negative");
        }
        if (escapeTime.isNegative() || escapeTime.compareTo(Duration.ofSeconds(2)) > 0) {
            throw new InvalidInputException("--escape-time must be between 0ms and 2s");
        }
        boolean bellOnNew = switch (bell) {
            case "new" -> true;
            case "off" -> false;
            default -> throw new InvalidInputException("--bell is off or new; got '" + bell + "'");
        };
        Archive archive = location.archive(account, timeout);
        Courier.Settings settings = new Courier.Settings(
                screenSafe(account.endpoint), account.user, interval, timeout, timeout, maxMessage);
        Look look = new Look(Look.colorWanted(noColor, System.getenv("NO_COLOR")), ascii);
        try {
            TerminalApp.run(settings, archive, look, bellOnNew, !noTitle, escapeTime);
        } catch (RuntimeException e) {
            // The terminal is restored by now; say what broke in one line.
            throw new CommandFailure(ExitCode.FAILURE, "the terminal client failed: " + reason(e));
        }
        return ExitCode.OK;
    }
}
