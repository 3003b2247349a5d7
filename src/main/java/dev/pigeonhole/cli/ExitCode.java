package dev.pigeonhole.cli;

import dev.pigeonhole.system.IoReason;
import java.io.PrintWriter;

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

    /**
     * {@code code}, unless it is {@link #OK} and standard output did not take everything ({@code > /dev/full},
     * a closed pipe): then {@link #FAILURE}, said on {@code err}. What was not seen was not done.
     */
    static int checkingOutput(int code, PrintWriter out, PrintWriter err) {
        out.flush();
        if (code == OK && out.checkError()) {
            err.println("pigeonhole: cannot write to standard output");
            err.flush();
            return FAILURE;
        }
        return code;
    }

    /**
     * An exception a command did not handle is a bug, but the user still gets one line on {@code err}, not a
     * stack trace over their terminal; {@link #FAILURE}, since something may have been sent.
     */
    static int unexpected(PrintWriter err, String command, Exception e) {
        err.println(command + ": unexpected error (a bug; please report it): " + TerminalText.safe(IoReason.of(e)));
        err.flush();
        return FAILURE;
    }
}
