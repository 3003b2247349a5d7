package dev.pigeonhole.cli;

import dev.pigeonhole.client.Archive;
import dev.pigeonhole.client.ConversationMessage;
import dev.pigeonhole.client.SentStore;
import dev.pigeonhole.protocol.InvalidInputException;
import dev.pigeonhole.system.IoReason;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
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
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = {
            "Print your conversations from the local files, oldest first.",
            "The messages you have read (the archive) are marked <-, the ones you sent (the sent store beside it)"
                    + " ->. Nothing goes over the network."
        },
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

    @Option(
            names = "--json",
            fallbackValue = "true", // typed, it is on, whatever the environment says (see EnvironmentDefaults)
            description = "One JSON object per line: direction (in or out), then received and sender, or sent and"
                    + " recipient, then text.")
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
        makePrivate(archive);
        SentStore sent = SentStore.beside(archive);
        List<ConversationMessage> received;
        List<ConversationMessage> written;
        try {
            received = archive.readAll().stream()
                    .map(ConversationMessage::received)
                    .toList();
        } catch (IOException e) {
            throw new CommandFailure(
                    ExitCode.FAILURE,
                    "cannot read the archive " + archive.file() + ": " + IoReason.of(e, archive.file()));
        }
        try {
            written = sent.readAll();
        } catch (IOException e) {
            throw new CommandFailure(
                    ExitCode.FAILURE, "cannot read the sent messages " + sent.file() + ": " + reason(e));
        }
        List<ConversationMessage> all = merge(received, written);
        List<ConversationMessage> shown =
                last == null || last >= all.size() ? all : all.subList(all.size() - last, all.size());
        OutputFormat format = OutputFormat.of(json);
        PrintWriter out = out();
        for (ConversationMessage m : shown) {
            out.println(format.line(m));
        }
        out.flush();
        if (out.checkError()) {
            throw new CommandFailure(ExitCode.FAILURE, "cannot write to standard output");
        }
        return ExitCode.OK;
    }

    /** Both files in time order; each is in order already, and a received message goes first on a tie. */
    static List<ConversationMessage> merge(List<ConversationMessage> in, List<ConversationMessage> out) {
        List<ConversationMessage> all = new ArrayList<>(in.size() + out.size());
        int i = 0;
        int j = 0;
        while (i < in.size() || j < out.size()) {
            boolean takeIn = j >= out.size()
                    || (i < in.size() && !in.get(i).at().isAfter(out.get(j).at()));
            all.add(takeIn ? in.get(i++) : out.get(j++));
        }
        return all;
    }
}
