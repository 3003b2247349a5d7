package dev.pigeonhole.testing;

import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * Seeds for property tests: a few fixed regression seeds, then fresh ones, different in every run, so
 * that the suite keeps exploring instead of checking the same inputs forever. Use as
 * {@code @MethodSource} ({@code static LongStream seeds() { return Seeds.with(0, 1, 2); }}) with the
 * display name {@code "seed {0}"}, and register {@link Report} on the class so that a failure names its
 * seed and how to run it again:
 *
 * <pre>
 * mvn test -Dtest='LineParsingPropertyTest' -Dpigeonhole.seed=-7214505817324826386   (that seed alone)
 * mvn test -Dpigeonhole.property.runs=10000                                          (more fresh seeds)
 * </pre>
 *
 * A seed that once failed belongs in the fixed list of its test, as a regression seed.
 */
public final class Seeds {
    /** Fresh seeds per property per run, unless {@code -Dpigeonhole.property.runs} says otherwise. */
    public static final int FRESH = 100;

    private Seeds() {}

    /** The {@code regressions}, then {@link #FRESH} fresh seeds; only {@code -Dpigeonhole.seed} if given. */
    public static LongStream with(long... regressions) {
        String only = System.getProperty("pigeonhole.seed", "");
        if (!only.isBlank()) {
            return LongStream.of(Long.parseLong(only.trim()));
        }
        SplittableRandom fresh = new SplittableRandom(); // seeded anew in every JVM
        return LongStream.concat(
                LongStream.of(regressions),
                LongStream.generate(fresh::nextLong).limit(Integer.getInteger("pigeonhole.property.runs", FRESH)));
    }

    /** Puts the failing case's seed, and the command that reruns it, in front of its failure. */
    public static final class Report implements TestExecutionExceptionHandler {
        @Override
        public void handleTestExecutionException(ExtensionContext context, Throwable failure) {
            String seed = context.getDisplayName().replaceFirst("^seed ", "");
            AssertionError named = new AssertionError(
                    context.getDisplayName() + " failed; run it again with -Dtest='"
                            + context.getRequiredTestClass().getSimpleName() + "' -Dpigeonhole.seed=" + seed
                            + ": " + failure,
                    failure);
            throw named;
        }
    }
}
