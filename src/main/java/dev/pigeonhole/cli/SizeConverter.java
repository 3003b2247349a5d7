package dev.pigeonhole.cli;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads a size the way {@code -Xmx} takes one: {@code 1048576}, {@code 512k}, {@code 64m}, {@code 1g}
 * (binary multiples: k is 1024), or a share of the JVM's maximum heap such as {@code 40%}.
 */
public final class SizeConverter implements ITypeConverter<Long> {
    private static final Pattern SIZE = Pattern.compile("(\\d{1,15})([kmgt]?)i?b?");
    private static final Pattern PERCENT = Pattern.compile("(\\d{1,3})%");

    @Override
    public Long convert(String value) {
        return parse(value, Runtime.getRuntime().maxMemory());
    }

    /** Parses {@code value}; a percentage is of {@code heap}. */
    static long parse(String value, long heap) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        Matcher p = PERCENT.matcher(v);
        if (p.matches()) {
            int percent = Integer.parseInt(p.group(1));
            if (percent < 1 || percent > 100) {
                throw new TypeConversionException("'" + value + "': a share of the heap must be 1% to 100%");
            }
            return heap / 100 * percent;
        }
        Matcher m = SIZE.matcher(v);
        if (!m.matches()) {
            throw new TypeConversionException("'" + value + "' is not a size (examples: 64m, 1g, 524288, 40%)");
        }
        long n = Long.parseLong(m.group(1));
        int shift = switch (m.group(2)) {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            case "t" -> 40;
            default -> 0;
        };
        if (n > Long.MAX_VALUE >> shift) {
            throw new TypeConversionException("'" + value + "' is too large");
        }
        return n << shift;
    }
}
