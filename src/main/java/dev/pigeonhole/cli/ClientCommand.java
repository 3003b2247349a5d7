package dev.pigeonhole.cli;

import dev.pigeonhole.client.Archive;
import dev.pigeonhole.client.SshFailure;
import dev.pigeonhole.protocol.InvalidInputException;
import dev.pigeonhole.protocol.ProtocolException;
import dev.pigeonhole.system.IoReason;
import java.io.EOFException;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.SocketTimeoutException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * What every client command shares: the {@link Account} options, output through its {@link Invocation}'s
 * writers (so tests capture it), and the rule that a failure is exactly one line on standard error, prefixed with the
 * command's name, with an exit code from {@link ExitCode}.
 */
abstract class ClientCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    Account account;

    /** Set by {@link QuickLine} when it parsed the command line; else the command runs under picocli. */
    Invocation invocation;

    /** Does the command's work and returns its exit code; failures are thrown, not printed. */
    abstract int execute() throws IOException;

    @Override
    public final Integer call() {
        if (invocation == null) {
            invocation = new PicocliInvocation(spec);
        }
        account.invocation = invocation;
        try {
            int code = execute();
            out().flush();
            if (out().checkError()) { // > /dev/full, a closed pipe: what was not seen was not done
                return fail(ExitCode.FAILURE, "cannot write to standard output");
            }
            return code;
        } catch (CommandFailure e) {
            return e.exitCode() == ExitCode.USAGE ? usage(e.getMessage()) : fail(e.exitCode(), e.getMessage());
        } catch (InvalidInputException e) {
            return usage(e.getMessage());
        } catch (IOException e) {
            return fail(ExitCode.FAILURE, describe(e));
        } finally {
            out().flush();
        }
    }

    /** One line saying what went wrong with the conversation; the session has already dropped it. */
    String describe(IOException e) {
        String server = account.address();
        if (e instanceof SshFailure) {
            return e.getMessage(); // "ssh: <its reason>", the whole story
        }
        if (e instanceof ProtocolException p) {
            // The message carries the rule and an escaped excerpt of the offending line.
            return server + " broke the protocol, connection dropped: " + p.getMessage();
        }
        if (e instanceof SocketTimeoutException) {
            return "no reply from " + server + " in time; connection dropped";
        }
        if (e instanceof EOFException) {
            return server + " closed the connection unexpectedly";
        }
        return "connection to " + server + " failed: " + reason(e);
    }

    /** The exception's reason in words (see {@link IoReason}). */
    static String reason(Exception e) {
        return IoReason.of(e);
    }

    /** A usage error found after parsing, in the one format of {@link UsageError}. */
    int usage(String problem) {
        out().flush();
        return invocation.usage(problem);
    }

    int fail(int exitCode, String line) {
        warn(line);
        return exitCode;
    }

    /** One line on standard error, after what was printed so far. */
    void warn(String line) {
        out().flush();
        PrintWriter err = invocation.err();
        // Messages may quote a host name, a path or a server's words: escape them like anything shown.
        err.println(invocation.name() + ": " + TerminalText.safe(line));
        err.flush();
    }

    PrintWriter out() {
        return invocation.out();
    }

    /** Makes the archive and the sent store beside it private, saying so on standard error (see {@link ArchiveLocation}). */
    void makePrivate(Archive archive) {
        for (String notice : ArchiveLocation.makePrivate(archive)) {
            warn(notice);
        }
    }
}
