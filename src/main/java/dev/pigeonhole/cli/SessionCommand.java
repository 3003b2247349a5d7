package dev.pigeonhole.cli;

import dev.pigeonhole.client.ClientSession;
import dev.pigeonhole.client.Endpoint;
import dev.pigeonhole.client.HostAccounts;
import dev.pigeonhole.client.SshFailure;
import dev.pigeonhole.protocol.InvalidInputException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/** A client command that talks to the server: adds {@code --timeout} and a way to log in. */
abstract class SessionCommand extends ClientCommand {
    /** How long a missing service socket is waited for: about what a restart of the service takes. */
    private static final Duration SERVICE_RESTART = Duration.ofSeconds(2);

    /** {@code --timeout}'s default, also for {@link QuickLine}, which reads no annotation. */
    static final String DEFAULT_TIMEOUT = "10s";

    @Option(
            names = "--timeout",
            defaultValue = DEFAULT_TIMEOUT,
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
        // Here, once every option is known to be valid and a server is really asked: a usage error stays one line.
        if (account.verbose) {
            warn(account.chosen());
        }
        if (account.unnamedTcp) {
            warn(account.tcpNotice());
        }
        if (account.viaPackage) {
            requireService();
        }
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

    /**
     * Fails with {@link ExitCode#SERVICE_DOWN} unless the packaged service's socket is there, waiting briefly
     * for it first: a restarting service removes it for a moment.
     */
    private void requireService() {
        Path socket = ((Endpoint.UnixSocket) account.endpoint).path();
        long deadline = System.nanoTime() + Math.min(SERVICE_RESTART.toNanos(), timeout.toNanos());
        long pause = 20;
        while (!Files.exists(socket)) {
            if (System.nanoTime() - deadline >= 0) {
                throw new CommandFailure(
                        ExitCode.SERVICE_DOWN,
                        "the Pigeonhole service of this host is not running (" + socket + " is missing); check with: "
                                + "systemctl status pigeonhole. Nothing was sent to any other server");
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CommandFailure(ExitCode.FAILURE, "interrupted while waiting for " + socket);
            }
            pause = Math.min(pause * 2, 200);
        }
    }

    /**
     * Over a Unix socket on this host, where the server accepts only accounts as recipients: fails with
     * exit 2 and "bobb is not a user on this host" before anything is sent, rather than leave the person a
     * bare MESSAGE FAILED. Over TCP (any name) and ssh (a round trip of its own) the server decides.
     */
    void requireAccount(String recipient) {
        if (account.endpoint instanceof Endpoint.UnixSocket
                && HostAccounts.of(account.endpoint, timeout).lookup(recipient) == HostAccounts.Answer.NOT_AN_ACCOUNT) {
            throw new CommandFailure(ExitCode.USAGE, recipient + " is not a user on this host; nothing was sent");
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
