package dev.pigeonhole.cli;

import dev.pigeonhole.client.Archive;
import dev.pigeonhole.client.ArchivedMessage;
import dev.pigeonhole.protocol.InvalidInputException;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code pigeonhole inbox}: prints the local archive, oldest first, without touching the network. The
 * {@code --host}, {@code --port}, {@code --socket}, {@code --ssh} and {@code --user} options only choose the
 * default archive file.
 */
@Command(
        name = "inbox",
        sortOptions = false,
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Print the messages you have read (the local archive), oldest first. No network.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:done (also when the archive is empty or does not exist yet)",
            "1:the archive could not be read",
            "2:invalid input or usage"
        })
final class InboxCommand extends ClientCommand {
    /** The archive of a TCP server is named by its address: the most a host name lookup may take. */
    private static final Duration LOOKUP_TIMEOUT = Duration.ofSeconds(5);

    @Option(
            names = {"-n", "--last"},
            paramLabel = "N",
            description = "Print only the N most recent messages.")
    Integer last;

    @Option(names = "--json", description = "Print one JSON object per line: received, sender, text.")
    boolean json;

    @Mixin
    ArchiveLocation location;

    @Override
    int execute() {
        if (location.path == null) {
            account.validate(); // the default file is named after the server and the user
        }
        if (last != null && last < 0) {
            throw new InvalidInputException("-n cannot be negative; got " + last);
        }
        Archive archive = location.archive(account, LOOKUP_TIMEOUT);
        List<ArchivedMessage> all;
        try {
            all = archive.readAll();
        } catch (IOException e) {
            throw new CommandFailure(ExitCode.FAILURE, "cannot read the archive " + archive.file() + ": " + reason(e));
        }
        List<ArchivedMessage> shown =
                last == null || last >= all.size() ? all : all.subList(all.size() - last, all.size());
        OutputFormat format = OutputFormat.of(json);
        PrintWriter out = out();
        for (ArchivedMessage m : shown) {
            out.println(format.line(m));
        }
        out.flush();
        if (out.checkError()) {
            throw new CommandFailure(ExitCode.FAILURE, "cannot write to standard output");
        }
        return ExitCode.OK;
    }
}
