package dev.pigeonhole.cli;

import dev.pigeonhole.client.ClientSession;
import dev.pigeonhole.client.SentStore;
import dev.pigeonhole.protocol.InvalidInputException;
import dev.pigeonhole.protocol.Reply;
import dev.pigeonhole.protocol.Validation;
import dev.pigeonhole.system.IoReason;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code pigeonhole send --to bob MESSAGE...}: sends one message (the words joined by single spaces), or,
 * with {@code -} as the only word, one message per line of standard input, in order, stopping at the
 * first failure. All input is checked before connecting, so exit code 2 always means nothing was sent.
 */
@Command(
        name = "send",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = {
            "Send a message, or one per line of standard input.",
            "The words are joined by single spaces. '-' alone reads standard input to its end, "
                    + "checks every line, and only then sends them, in order, stopping at the first that fails."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:every message was sent",
            "1:connection or protocol error (messages before it were sent)",
            "2:invalid input or usage; nothing was sent",
            "3:the server answered MESSAGE FAILED (messages before it were sent)"
        })
final class SendCommand extends SessionCommand {
    @Option(
            names = {"-t", "--to"},
            required = true,
            paramLabel = "USER",
            description = "The recipient.")
    String recipient;

    @Option(
            names = "--max-message",
            defaultValue = "4096",
            paramLabel = "N",
            description =
                    "Longest message to accept, in characters; set it to the server's limit (default: ${DEFAULT-VALUE}).")
    int maxMessage;

    @Parameters(
            arity = "1..*",
            paramLabel = "MESSAGE",
            description =
                    "The message; '-' alone reads standard input. Put '--' before a message that starts with '-'.")
    List<String> words;

    /** Where the archive is: what is sent is recorded in the sent store beside it, as the terminal client does. */
    @Mixin
    ArchiveLocation location;

    private final InputStream stdin;

    /**
     * For tools that build the command model with picocli's default factory ({@code picocli.AutoComplete},
     * the man page generator): without it they failed with "Could not inject spec".
     */
    SendCommand() {
        this(System.in);
    }

    SendCommand(InputStream stdin) {
        this.stdin = stdin;
    }

    @Override
    int execute() throws IOException {
        List<String> messages = messages();
        SentRecord record = new SentRecord(SentStore.beside(location.archive(account, timeout)));
        int sent = 0;
        try (ClientSession session = connect(maxMessage)) {
            session.login(account.user);
            for (String message : messages) {
                if (session.compose(recipient, message) == Reply.ComposeStatus.FAILED) {
                    session.exit();
                    throw new CommandFailure(
                            ExitCode.MESSAGE_FAILED,
                            "the server answered MESSAGE FAILED" + progress(sent, messages.size()));
                }
                record.add(recipient, message);
                sent++;
            }
            session.exit();
            return ExitCode.OK;
        } catch (IOException e) {
            // Say how far a batch got, so that a script knows which lines to send again.
            throw new CommandFailure(ExitCode.FAILURE, describe(e) + progress(sent, messages.size()));
        }
    }

    /**
     * The sent store, so that {@code inbox} and the terminal client show both sides of a conversation. The
     * server has accepted a message before it is recorded, so a store that cannot be written is said once
     * on standard error and does not make the send fail: failing would invite sending it again.
     */
    private final class SentRecord {
        private final SentStore store;
        private boolean broken;

        SentRecord(SentStore store) {
            this.store = store;
        }

        void add(String to, String text) {
            if (broken) {
                return;
            }
            try {
                store.append(Instant.now(), to, text);
            } catch (IOException e) {
                broken = true;
                warn("sent, but cannot record it in " + store.file() + ": " + IoReason.of(e, store.file())
                        + "; the server has the message");
            }
        }
    }

    /** Every message to send, all checked: nothing is sent unless every one is valid. */
    private List<String> messages() {
        validate();
        if (maxMessage < 0) {
            throw new InvalidInputException("--max-message cannot be negative");
        }
        Validation.requireUsername("recipient", recipient);
        if (words.size() == 1 && words.get(0).equals("-")) {
            List<String> lines;
            try {
                lines = MessageLines.read(new InputStreamReader(stdin, inputCharset()), maxMessage);
            } catch (IOException e) {
                throw new CommandFailure(
                        ExitCode.FAILURE, "cannot read standard input: " + reason(e) + "; nothing was sent");
            }
            if (lines.isEmpty()) {
                throw new InvalidInputException("standard input held no message");
            }
            return lines;
        }
        return List.of(Validation.requireMessage(String.join(" ", words), maxMessage));
    }

    /** " for message 3 of 5; 2 sent before it" for a batch, nothing for a single message. */
    private static String progress(int sent, int total) {
        return total == 1 ? "" : " for message " + (sent + 1) + " of " + total + "; " + sent + " sent before it";
    }

    /**
     * Standard input is decoded as the terminal's locale writes it, so that "café" is refused as "found
     * 'é'"; bytes that do not decode become U+FFFD, which is refused too, never sent as something else.
     */
    private static Charset inputCharset() {
        try {
            return Charset.forName(System.getProperty("native.encoding", "UTF-8"));
        } catch (IllegalArgumentException e) {
            return StandardCharsets.UTF_8;
        }
    }
}
