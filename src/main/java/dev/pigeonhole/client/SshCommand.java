package dev.pigeonhole.client;

import java.util.List;

/**
 * {@code PIGEONHOLE_SSH_COMMAND}, run as git runs {@code GIT_SSH_COMMAND}: by the shell, as
 * {@code /bin/sh -c 'COMMAND "$@"' COMMAND ARGS...}, so that quoting, {@code ~}, {@code $HOME} and every
 * other shell rule apply to it as they would at a prompt, while the arguments Pigeonhole appends (the
 * target, the remote command) reach ssh exactly as given, never split again.
 */
public final class SshCommand {
    /** The command when none is set. */
    public static final List<String> DEFAULT = List.of("ssh");

    /** The shell git uses for the same purpose. */
    private static final String SHELL = "/bin/sh";

    private SshCommand() {}

    /**
     * The program and leading arguments that run {@code command}, to which the ssh arguments are appended;
     * {@link #DEFAULT} when {@code command} is {@code null} or blank.
     */
    public static List<String> of(String command) {
        if (command == null || command.isBlank()) {
            return DEFAULT;
        }
        // $0 is the command itself, as git sets it: the shell names it in its own error messages.
        return List.of(SHELL, "-c", command + " \"$@\"", command);
    }
}
