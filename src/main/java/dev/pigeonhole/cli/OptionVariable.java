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
        int start = 0;
        while (start < longName.length() && longName.charAt(start) == '-') {
            start++;
        }
        // Not replaceFirst: the first regular expression a JVM compiles costs a client command about 20 ms.
        return "PIGEONHOLE_" + longName.substring(start).replace('-', '_').toUpperCase(Locale.ROOT);
    }

    /** The longest of an option's names, the first of them on a tie: the one its variable is named after. */
    static String longest(String[] names) {
        String longest = names[0];
        for (String n : names) {
            if (n.length() > longest.length()) {
                longest = n;
            }
        }
        return longest;
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
