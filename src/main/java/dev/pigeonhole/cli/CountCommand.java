package dev.pigeonhole.cli;

import dev.pigeonhole.client.ClientSession;
import java.io.IOException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code pigeonhole count}: logs in, prints how many messages wait, and exits 0 if any wait, 1 if none,
 * like {@code mail -e}, so that it fits a shell prompt or a status bar. Reads nothing: the messages stay
 * on the server.
 */
@Command(
        name = "count",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Print how many messages wait on the server (nothing is read or removed).",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:at least one message waits",
            "1:no message waits, or a connection or protocol error (then with one line on standard error)",
            "2:invalid input or usage"
        })
final class CountCommand extends SessionCommand {
    @Option(
            names = {"-q", "--quiet"},
            fallbackValue = "true", // typed, it is on, whatever the environment says (see EnvironmentDefaults)
            description = "Print nothing; only the exit code answers.")
    boolean quiet;

    @Override
    int execute() throws IOException {
        validate();
        long waiting;
        try (ClientSession session = connect(0)) {
            waiting = session.login(account.user);
            session.exit();
        }
        if (!quiet) {
            out().println(waiting);
        }
        return waiting > 0 ? ExitCode.OK : ExitCode.FAILURE;
    }
}
