package dev.pigeonhole.client;

import dev.pigeonhole.protocol.InvalidInputException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code PIGEONHOLE_SSH_COMMAND}, read as git reads {@code GIT_SSH_COMMAND}: split into words as a shell
 * would split a simple command. Blanks separate words; {@code '...'} keeps everything literally;
 * {@code "..."} keeps everything but {@code \"}, {@code \\}, {@code \$} and {@code \`}, which lose their
 * backslash; outside quotes a backslash keeps the next character. No expansion of any kind.
 */
public final class SshCommand {
    /** The command when none is set. */
    public static final List<String> DEFAULT = List.of("ssh");

    private SshCommand() {}

    /**
     * The words of {@code command}; {@link #DEFAULT} when it is {@code null} or blank.
     *
     * @throws InvalidInputException for an unterminated quote or a trailing backslash
     */
    public static List<String> split(String command) {
        if (command == null || command.isBlank()) {
            return DEFAULT;
        }
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        for (int i = 0; i < command.length(); i++) {
            char c = command.charAt(i);
            if (c == ' ' || c == '\t' || c == '\n') {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else if (c == '\'') {
                int end = command.indexOf('\'', i + 1);
                if (end < 0) {
                    throw new InvalidInputException("PIGEONHOLE_SSH_COMMAND has an unterminated ' quote");
                }
                word.append(command, i + 1, end);
                i = end;
                inWord = true;
            } else if (c == '"') {
                int j = i + 1;
                for (; j < command.length() && command.charAt(j) != '"'; j++) {
                    char d = command.charAt(j);
                    if (d == '\\' && j + 1 < command.length() && "\"\\$`".indexOf(command.charAt(j + 1)) >= 0) {
                        d = command.charAt(++j);
                    }
                    word.append(d);
                }
                if (j >= command.length()) {
                    throw new InvalidInputException("PIGEONHOLE_SSH_COMMAND has an unterminated \" quote");
                }
                i = j;
                inWord = true;
            } else if (c == '\\') {
                if (i + 1 >= command.length()) {
                    throw new InvalidInputException("PIGEONHOLE_SSH_COMMAND ends with a lone backslash");
                }
                word.append(command.charAt(++i));
                inWord = true;
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return List.copyOf(words);
    }
}
