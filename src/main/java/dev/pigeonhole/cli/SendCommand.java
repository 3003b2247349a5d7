package dev.pigeonhole.cli;

import dev.pigeonhole.client.ClientSession;
import dev.pigeonhole.client.SentStore;
import dev.pigeonhole.protocol.InvalidInputException;
import dev.pigeonhole.protocol.Reply;
import dev.pigeonhole.protocol.Validation;
import dev.pigeonhole.system.IoReason;
import dev.pigeonhole.text.WireText;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code pigeonhole send --to bob MESSAGE...}: sends one message (the words joined by single spaces); without
 * words, standard input as one message (when it is not a terminal); with {@code -} as the only word, one
 * message per line of standard input, in order, stopping at the first failure. Any text goes: what is not
 * printable ASCII is sent as RFC 2047 encoded-words ({@link WireText}), and the limit applies to the encoded
 * line. All input is checked before connecting, so exit code 2 always means nothing was sent.
 */
@Command(
        name = "send",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = {
            "Send a message, or standard input as one message, or one per line of standard input.",
            "The words are joined by single spaces. Without words, a piped standard input is one message "
                    + "(line breaks kept, the last one dropped). '-' alone reads standard input to its end, "
                    + "checks every line, and only then sends them, in order, stopping at the first that fails. "
                    + "Any text can be sent: accents, emoji, line breaks and tabs travel as RFC 2047 "
                    + "encoded-words, and --max-message counts the encoded line."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:every message was sent",
            "1:connection or protocol error (messages before it were sent)",
            "2:invalid input or usage (such as a message longer than --max-message once encoded); nothing was sent",
            "3:the server answered MESSAGE FAILED (messages before it were sent)"
        })
final class SendCommand extends SessionCommand {
    /** {@code --max-message}'s default, also for {@link QuickLine}, which reads no annotation. */
    static final String DEFAULT_MAX_MESSAGE = "4096";

    @Option(
            names = {"-t", "--to"},
            required = true,
            paramLabel = "USER",
            description = "The recipient.")
    String recipient;

    @Option(
            names = "--max-message",
            defaultValue = DEFAULT_MAX_MESSAGE,
            paramLabel = "N",
            description = "Longest message line to accept once encoded, in characters; set it to the server's limit"
                    + " (default: ${DEFAULT-VALUE}).")
    int maxMessage;

    @Parameters(
            arity = "0..*",
            paramLabel = "MESSAGE",
            description = "The message; none reads it from a piped standard input, '-' alone one per line of it."
                    + " Put '--' before a message that starts with '-'.")
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
        requireAccount(recipient);
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
        boolean perLine = words != null && words.size() == 1 && words.get(0).equals("-");
        if (words == null || words.isEmpty() || perLine) {
            if (!perLine && stdinIsTerminal()) {
                throw new InvalidInputException(
                        "no message: give it after the options, or pipe it in (echo hi | pigeonhole send --to bob)");
            }
            Charset charset = inputCharset();
            List<String> messages;
            try (Reader in = new InputStreamReader(stdin, charset.newDecoder())) {
                if (perLine) {
                    messages = MessageLines.read(in, maxMessage);
                } else {
                    String one = MessageLines.readOne(in, maxMessage);
                    messages = one == null ? List.of() : List.of(one);
                }
            } catch (CharacterCodingException e) {
                throw new InvalidInputException("standard input is not " + charset.name()
                        + " text; convert it (for example with iconv -t " + charset.name() + ")"
                        + " or set the locale (LC_ALL) to its encoding");
            } catch (IOException e) {
                throw new CommandFailure(
                        ExitCode.FAILURE, "cannot read standard input: " + reason(e) + "; nothing was sent");
            }
            if (messages.isEmpty()) {
                throw new InvalidInputException("standard input held no message");
            }
            return messages;
        }
        String text = String.join(" ", words);
        if (text.indexOf('\ufffd') >= 0 && !isUnicode(System.getProperty("sun.jnu.encoding"))) {
            // Java could not decode the command line in this locale: refuse rather than send U+FFFD.
            throw new InvalidInputException("the message holds characters that the locale's encoding ("
                    + System.getProperty("sun.jnu.encoding") + ") cannot read; use a UTF-8 locale, for example"
                    + " LC_ALL=C.UTF-8, or pipe the message in");
        }
        return List.of(MessageLines.wire(text, maxMessage));
    }

    private static boolean isUnicode(String charset) {
        return charset != null && charset.toUpperCase(Locale.ROOT).startsWith("UTF");
    }

    /**
     * Whether the process's standard input is a terminal, from what {@code /proc/self/fd/0} points at (JDK
     * 17 has no isatty; {@code System.console()} also needs standard output to be one). A stream given by a
     * test is never a terminal.
     */
    private boolean stdinIsTerminal() {
        if (stdin != System.in) {
            return false;
        }
        try {
            return isTerminalDevice(
                    Files.readSymbolicLink(Path.of("/proc/self/fd/0")).toString());
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return System.console() != null;
        }
    }

    static boolean isTerminalDevice(String path) {
        return path.startsWith("/dev/pts/") || path.startsWith("/dev/tty") || path.equals("/dev/console");
    }

    /** " for message 3 of 5; 2 sent before it" for a batch, nothing for a single message. */
    private static String progress(int sent, int total) {
        return total == 1 ? "" : " for message " + (sent + 1) + " of " + total + "; " + sent + " sent before it";
    }

    /**
     * Standard input is decoded as the locale says; bytes that do not decode are refused (the decoder
     * reports them), never sent as something else. A locale of plain ASCII (POSIX, as under cron) reads
     * UTF-8, which it is a subset of: refusing every accent there would help nobody.
     */
    private static Charset inputCharset() {
        try {
            Charset locale = Charset.forName(System.getProperty("native.encoding", "UTF-8"));
            return locale.equals(StandardCharsets.US_ASCII) ? StandardCharsets.UTF_8 : locale;
        } catch (IllegalArgumentException e) {
            return StandardCharsets.UTF_8;
        }
    }
}
