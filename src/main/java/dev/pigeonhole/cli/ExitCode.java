package dev.pigeonhole.cli;

/** The exit codes of every {@code pigeonhole} command, as documented in README.md. */
public final class ExitCode {
    /** Success. */
    public static final int OK = 0;
    /** A connection, protocol or I/O error (or, for {@code count}, no messages waiting). */
    public static final int FAILURE = 1;
    /** Invalid input or usage; nothing was sent. */
    public static final int USAGE = 2;
    /** The server answered {@code MESSAGE FAILED}. */
    public static final int MESSAGE_FAILED = 3;
    /**
     * The host's packaged service is not running (its socket is missing), and no other server was named:
     * nothing falls back to TCP, where anyone could be listening.
     */
    public static final int SERVICE_DOWN = 4;

    private ExitCode() {}
}
