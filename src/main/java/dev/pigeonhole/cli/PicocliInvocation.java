package dev.pigeonhole.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** The {@link Invocation} of a command picocli parsed: its command line's writers and parse result. */
record PicocliInvocation(CommandSpec spec) implements Invocation {
    @Override
    public PrintWriter out() {
        return spec.commandLine().getOut();
    }

    @Override
    public PrintWriter err() {
        return spec.commandLine().getErr();
    }

    @Override
    public String name() {
        return spec.qualifiedName();
    }

    @Override
    public boolean typed(String option) {
        CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
        return parsed != null && parsed.hasMatchedOption(option);
    }

    @Override
    public int usage(String problem) {
        return UsageError.report(
                err(), spec, problem, spec.commandLine().getParseResult().originalArgs(), null);
    }
}
