package dev.pigeonhole.cli;

import java.io.PrintWriter;

/**
 * What a client command knows of the command line that started it, whichever parser read it: picocli
 * ({@link PicocliInvocation}) or the quick path ({@link QuickLine}). Both give the same streams, the same
 * name and the same usage-error line, so a command prints the same thing either way.
 */
interface Invocation {
    /** Standard output; a write error shows in {@link PrintWriter#checkError}. */
    PrintWriter out();

    /** Standard error. */
    PrintWriter err();

    /** The command's qualified name, {@code pigeonhole count}: the prefix of every line on standard error. */
    String name();

    /** Whether the command line (not the environment) gave {@code option}, named by any of its names. */
    boolean typed(String option);

    /** Prints {@code problem} as a usage error in {@link UsageError}'s format and returns {@link ExitCode#USAGE}. */
    int usage(String problem);
}
