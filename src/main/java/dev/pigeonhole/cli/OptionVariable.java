package dev.pigeonhole.cli;

import java.util.Locale;

/**
 * How an option is spelled in the environment: {@code --max-queue} is {@code PIGEONHOLE_MAX_QUEUE}, and a
 * yes/no variable says yes or no in any of the ways shells do. Free of picocli, so that {@link QuickLine}
 * can read the same variables without loading it; {@link EnvironmentDefaults} gives them to picocli.
 */
final class OptionVariable {
    private OptionVariable() {}

    /** {@code --max-queue} -> {@code PIGEONHOLE_MAX_QUEUE}. */
    static String of(String longName) {
        return "PIGEONHOLE_"
                + longName.replaceFirst("^-+", "").replace('-', '_').toUpperCase(Locale.ROOT);
    }

    /**
     * A yes/no value as environment variables spell it: {@code 1}, {@code yes}, {@code true}, {@code on} or
     * {@code 0}, {@code no}, {@code false}, {@code off}, in any case; null for anything else.
     */
    static Boolean yesNo(String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "1", "yes", "true", "on" -> Boolean.TRUE;
            case "0", "no", "false", "off" -> Boolean.FALSE;
            default -> null;
        };
    }
}
