package dev.pigeonhole.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Lets every long option be set through the environment: {@code --pool-size} reads
 * {@code PIGEONHOLE_POOL_SIZE}. A value on the command line wins over the environment, which wins
 * over the built-in default.
 */
public final class EnvironmentDefaults implements IDefaultValueProvider {
    private final Map<String, String> env;

    public EnvironmentDefaults() {
        this(System.getenv());
    }

    EnvironmentDefaults(Map<String, String> env) {
        this.env = env;
    }

    /** {@code --max-queue} -> {@code PIGEONHOLE_MAX_QUEUE}. */
    public static String variableFor(String longName) {
        return "PIGEONHOLE_"
                + longName.replaceFirst("^-+", "").replace('-', '_').toUpperCase(Locale.ROOT);
    }

    /** The variables {@code command} reads, one per long option, in the order the options are declared. */
    static List<String> variablesOf(CommandSpec command) {
        // A loop, not a stream: this runs at every start, where each lambda costs a generated class.
        List<String> variables = new ArrayList<>();
        for (OptionSpec option : command.options()) {
            if (settable(option)) {
                variables.add(variableFor(option.longestName()));
            }
        }
        return List.copyOf(variables);
    }

    /** Every long option but --help and --version can come from the environment. */
    private static boolean settable(OptionSpec option) {
        return option.longestName().startsWith("--") && !option.usageHelp() && !option.versionHelp();
    }

    @Override
    public String defaultValue(ArgSpec arg) {
        if (arg instanceof OptionSpec option && settable(option)) {
            String value = env.get(variableFor(option.longestName()));
            return value == null || value.isEmpty() ? null : value; // an empty variable means unset, as in shells
        }
        return null;
    }
}
