package dev.pigeonhole.cli;

import dev.pigeonhole.system.UserDirectories;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.TypeConversionException;

/**
 * Lets every long option be set through the environment: {@code --pool-size} reads
 * {@code PIGEONHOLE_POOL_SIZE}. A value on the command line wins over the environment, which wins
 * over the built-in default.
 */
public final class EnvironmentDefaults implements IDefaultValueProvider {
    /** What the help says about {@link #bool}. */
    public static final String YES_NO = "A yes/no variable takes 1/0, yes/no, true/false or on/off.";

    /** The variables the launcher ({@code src/bin/pigeonhole}) reads, for every command. */
    private static final String JAVA = "PIGEONHOLE_JAVA";

    private static final String JAVA_OPTS = "PIGEONHOLE_JAVA_OPTS";

    private final Map<String, String> env;

    public EnvironmentDefaults() {
        this(System.getenv());
    }

    public EnvironmentDefaults(Map<String, String> env) {
        this.env = env;
    }

    /** The defaults {@code command} reads: the environment its command line was given. */
    static EnvironmentDefaults of(CommandSpec command) {
        return command.defaultValueProvider() instanceof EnvironmentDefaults e ? e : new EnvironmentDefaults();
    }

    /** The user's directories as this environment names them ({@code $HOME}, {@code $XDG_...}). */
    UserDirectories directories() {
        return UserDirectories.of(env);
    }

    /** The environment the defaults are read from. */
    Map<String, String> environment() {
        return env;
    }

    /**
     * A yes/no value as environment variables spell it: {@code 1}, {@code yes}, {@code true}, {@code on}
     * or {@code 0}, {@code no}, {@code false}, {@code off}, in any case. (A flag on the command line
     * takes no value and turns it on: each flag's {@code fallbackValue} is {@code "true"}, since picocli
     * would otherwise set a typed flag to the opposite of this default, so {@code PIGEONHOLE_QUIET=1 pigeonhole
     * count -q} printed the count.)
     */
    static Boolean bool(String value) {
        Boolean yes = OptionVariable.yesNo(value);
        if (yes == null) {
            throw new TypeConversionException(
                    "'" + value + "' is not yes or no (use 1/0, yes/no, true/false or on/off)");
        }
        return yes;
    }

    /** {@code --max-queue} -> {@code PIGEONHOLE_MAX_QUEUE}. */
    public static String variableFor(String longName) {
        return OptionVariable.of(longName);
    }

    /** The variables {@code command} reads, one per long option, in the order the options are declared. */
    public static List<String> variablesOf(CommandSpec command) {
        // A loop, not a stream: this runs at every start, where each lambda costs a generated class.
        List<String> variables = new ArrayList<>();
        for (OptionSpec option : command.options()) {
            if (settable(option)) {
                variables.add(variableFor(option.longestName()));
            }
        }
        return List.copyOf(variables);
    }

    /**
     * The variables {@code command} reads that set no option, with what they do: {@code PIGEONHOLE_SSH_COMMAND}
     * where there is {@code --ssh}, and the launcher's two.
     */
    static Map<String, String> otherVariables(CommandSpec command) {
        Map<String, String> others = new LinkedHashMap<>();
        if (command.findOption("--ssh") != null) {
            others.put(
                    "PIGEONHOLE_SSH_COMMAND",
                    "the command --ssh runs instead of ssh, through sh -c as git runs GIT_SSH_COMMAND, so quotes"
                            + " and ~ work: ssh -i ~/.ssh/pigeonhole");
        }
        others.put(JAVA, "the java the launcher runs (default: $JAVA_HOME/bin/java, else java on the PATH)");
        others.put(JAVA_OPTS, "more JVM options, after the launcher's own, so they win: -Xmx64m");
        return others;
    }

    /**
     * The end of {@code command}'s --help: every variable it reads, generated from its options so that the
     * list cannot drift from what is read.
     */
    static String helpFooter(CommandSpec command) {
        List<String> variables = variablesOf(command);
        StringBuilder text = new StringBuilder("Environment: ");
        if (!variables.isEmpty()) {
            text.append(String.join(", ", variables))
                    .append(variables.size() == 1 ? " sets" : " set")
                    .append(" the option of the same name; the command line wins, and an empty variable is unset.");
            for (OptionSpec option : command.options()) {
                if (settable(option) && option.typeInfo().isBoolean()) {
                    text.append(' ').append(YES_NO);
                    break;
                }
            }
            text.append(' ');
        }
        for (Map.Entry<String, String> other : otherVariables(command).entrySet()) {
            text.append(other.getKey()).append(": ").append(other.getValue()).append(". ");
        }
        return text.toString().strip();
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
