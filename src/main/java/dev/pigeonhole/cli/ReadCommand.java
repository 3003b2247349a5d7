package dev.pigeonhole.cli;

import dev.pigeonhole.client.Archive;
import dev.pigeonhole.client.ArchivedMessage;
import dev.pigeonhole.client.ClientSession;
import dev.pigeonhole.protocol.InvalidInputException;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code pigeonhole read}: reads the messages waiting on the server (READ removes them there), archives
 * each one, forced to disk, before printing it, and prints them oldest first.
 *
 * <p>By default it reads every message that waited when it logged in (the count LOGIN answers); messages
 * that arrive meanwhile are left for the next read, so the command always ends. {@code -n N} reads at most
 * N of them. If standard output goes away (a closed pipe), it stops reading: what it read is archived.
 */
@Command(
        name = "read",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = {
            "Read the messages waiting for you, oldest first.",
            "Each is removed from the server, archived (forced to disk), and only then printed. "
                    + "Messages that arrive while it runs are left for the next read."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:done (also when no message waited)",
            "1:connection, protocol or archive error (messages printed before it are archived)",
            "2:invalid input or usage; nothing was read"
        })
final class ReadCommand extends SessionCommand {
    @Option(
            names = "--all",
            fallbackValue = "true",
            description = "Read every message that waits (the default; overrides $PIGEONHOLE_LIMIT).")
    boolean all;

    @Option(
            names = {"-n", "--limit"},
            paramLabel = "N",
            description = "Read at most N messages.")
    Integer limit;

    @Option(
            names = "--json",
            fallbackValue = "true",
            description = "Print one JSON object per line: received, sender, text.")
    boolean json;

    @Mixin
    ArchiveLocation location;

    @Override
    int execute() throws IOException {
        validate();
        long max = maximum();
        Archive archive = location.archive(account, timeout);
        ArchiveLocation.requireWritable(archive.file());
        makePrivate(archive);
        OutputFormat format = OutputFormat.of(json);
        PrintWriter out = out();
        try (ClientSession session = connect(0)) {
            long toRead = Math.min(max, session.login(account.user));
            for (long n = 0; n < toRead; n++) {
                // On an archive failure fetch closes the session without EXIT, so the server keeps the message.
                List<ArchivedMessage> got;
                try {
                    got = archive.fetch(session, 1);
                } catch (Archive.WriteException e) {
                    throw new CommandFailure(ExitCode.FAILURE, e.getMessage()); // the disk, not the connection
                }
                if (got.isEmpty()) {
                    break; // READ ERROR: another session of ours read it first (G3)
                }
                out.println(format.line(got.get(0)));
                if (out.checkError()) {
                    session.exit();
                    throw new CommandFailure(
                            ExitCode.FAILURE,
                            "cannot write to standard output; stopped reading (" + (n + 1) + " read, all archived in "
                                    + archive.file() + ")");
                }
            }
            session.exit();
        }
        return ExitCode.OK;
    }

    /** How many messages to read at most, from {@code --all} and {@code -n} (which may come from the environment). */
    private long maximum() {
        boolean limitGiven = invocation.typed("--limit");
        if (all && limitGiven) {
            throw new InvalidInputException("--all and -n cannot be used together");
        }
        if (all || limit == null) {
            return Long.MAX_VALUE;
        }
        if (limit < 1) {
            throw new InvalidInputException("-n must be at least 1; got " + limit);
        }
        return limit;
    }
}
