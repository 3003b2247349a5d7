package dev.pigeonhole.cli;

/**
 * Ends a command with an exit code and one line for standard error. Thrown inside a command, caught and
 * reported by {@link ClientCommand}; never escapes to picocli.
 */
final class CommandFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int exitCode;

    CommandFailure(int exitCode, String line) {
        super(line, null, false, false);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }
}
