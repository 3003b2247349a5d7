package dev.pigeonhole.cli;

import dev.pigeonhole.client.ClientSession;
import dev.pigeonhole.client.SshFailure;
import dev.pigeonhole.protocol.InvalidInputException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import picocli.CommandLine.Option;

/** A client command that talks to the server: adds {@code --timeout} and a way to log in. */
abstract class SessionCommand extends ClientCommand {
    @Option(
            names = "--timeout",
            defaultValue = "10s",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            description =
                    "How long to wait to connect, and for each reply: 500ms, 10s, 2m... (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    /** Checks the options shared by every session command; call before connecting. */
    void validate() {
        account.validate();
        if (timeout.isZero() || timeout.isNegative()) {
            throw new InvalidInputException(
                    "--timeout must be positive (such as 500ms, 10s or 2m); got " + timeout.toMillis() + "ms");
        }
    }

    /**
     * Connects with the command's timeout; a failure to connect becomes a {@link CommandFailure} that
     * names the server, so "cannot connect" and "connection lost" read differently.
     */
    ClientSession connect(int maxMessage) {
        try {
            return ClientSession.open(account.endpoint, timeout, timeout, maxMessage);
        } catch (UnknownHostException e) {
            throw new CommandFailure(ExitCode.FAILURE, "cannot connect to " + account.address() + ": unknown host");
        } catch (SocketTimeoutException e) {
            throw new CommandFailure(
                    ExitCode.FAILURE,
                    "cannot connect to " + account.address() + ": no answer within " + shown(timeout));
        } catch (SshFailure e) {
            throw new CommandFailure(ExitCode.FAILURE, e.getMessage());
        } catch (IOException e) {
            throw new CommandFailure(ExitCode.FAILURE, "cannot connect to " + account.address() + ": " + reason(e));
        }
    }

    /** The shortest exact spelling of {@code d} in the units {@code --timeout} reads, for messages. */
    static String shown(Duration d) {
        long ms = d.toMillis();
        if (ms % 3_600_000 == 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0) {
            return ms / 60_000 + "m";
        }
        if (ms % 1_000 == 0) {
            return ms / 1_000 + "s";
        }
        return ms + "ms";
    }

    @Override
    String describe(IOException e) {
        if (e instanceof SocketTimeoutException) {
            return "no reply from " + account.address() + " within " + shown(timeout) + "; connection dropped";
        }
        return super.describe(e);
    }
}
