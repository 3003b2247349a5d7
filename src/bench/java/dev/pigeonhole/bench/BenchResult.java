package dev.pigeonhole.bench;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * What one run measured and checked.
 *
 * @param seconds      length of the measured window
 * @param ops          operations completed inside it (replies, or sessions for {@code short})
 * @param delivered    messages READ inside it
 * @param refused      COMPOSEs answered MESSAGE FAILED (allowed by P7, but reported)
 * @param latency      per operation, in nanoseconds
 * @param errors       wrong replies, lost connections, timeouts and broken delivery: all count
 * @param delivery     the verdict of the end-of-run ledger check
 * @param readerOps    fanin: the operations (READs) of the one reader, part of {@code ops}; 0 otherwise
 */
public record BenchResult(
        BenchConfig config,
        double seconds,
        long ops,
        long delivered,
        long refused,
        Histogram latency,
        long errors,
        List<String> firstErrors,
        String delivery,
        int idleOpened,
        int idleAnswered,
        long readerOps) {

    /**
     * fanin: the reader's share of all replies. Senders only send within the credit the reader hands back, so
     * when every READ finds a message the share is one half; above that, the reader often found its queue
     * empty (the senders, not the reader, were held up).
     */
    public double readerShare() {
        return ops == 0 ? 0 : (double) readerOps / ops;
    }

    public double rate() {
        return ops / seconds;
    }

    /** Latency at {@code percentile} in microseconds. */
    public double micros(double percentile) {
        return latency.getTotalCount() == 0 ? 0 : latency.getValueAtPercentile(percentile) / 1000.0;
    }

    /** True if the run saw no error and did some work: the command's exit status. */
    public boolean ok() {
        return errors == 0 && ops > 0 && (config.workload() != Workload.IDLE || idleAnswered == config.idle());
    }

    /** The human-readable report: what ran against what, throughput, latency percentiles, errors. */
    public void print(PrintStream out) {
        BenchConfig c = config;
        out.printf(
                Locale.ROOT,
                "%s against %s at %s:%d: %d connections%s, %d-byte messages, %s warm-up, %.2f s measured%n",
                c.workload(),
                c.target(),
                c.host(),
                c.port(),
                c.connections(),
                c.workload() == Workload.IDLE ? " + " + c.idle() + " idle" : "",
                c.messageBytes(),
                seconds(c.warmup()),
                seconds);
        out.printf(
                Locale.ROOT,
                "  throughput  %,.0f %s/s (%,d in %.2f s; %,d messages read)%n",
                rate(),
                c.workload().unit(),
                ops,
                seconds,
                delivered);
        out.printf(
                Locale.ROOT,
                "  latency     p50 %s  p99 %s  p99.9 %s  max %s%n",
                time(micros(50)),
                time(micros(99)),
                time(micros(99.9)),
                time(latency.getMaxValue() / 1000.0));
        out.printf(
                Locale.ROOT,
                "  checked     %d errors, %d refused (MESSAGE FAILED); delivery %s%n",
                errors,
                refused,
                delivery);
        if (c.workload() == Workload.FANIN) {
            out.printf(
                    Locale.ROOT,
                    "  reader      %,d of the %,d replies (%.1f%%; 50%% when every READ finds a message)%n",
                    readerOps,
                    ops,
                    100 * readerShare());
        }
        if (c.workload() == Workload.IDLE) {
            out.printf(
                    Locale.ROOT,
                    "  idle        %d of %d opened, %d answered at the end%n",
                    idleOpened,
                    c.idle(),
                    idleAnswered);
        }
        for (String e : firstErrors) {
            out.println("  error       " + e);
        }
        out.printf(
                Locale.ROOT,
                "RESULT workload=%s target=%s connections=%d idle=%d seconds=%.3f ops=%d rate=%.1f delivered=%d "
                        + "p50_us=%.1f p99_us=%.1f p999_us=%.1f max_us=%.1f errors=%d refused=%d idle_answered=%d "
                        + "reader_share=%.4f%n",
                c.workload(),
                c.target(),
                c.connections(),
                c.idle(),
                seconds,
                ops,
                rate(),
                delivered,
                micros(50),
                micros(99),
                micros(99.9),
                latency.getMaxValue() / 1000.0,
                errors,
                refused,
                idleAnswered,
                readerShare());
    }

    private static String seconds(java.time.Duration d) {
        return String.format(Locale.ROOT, "%.3g s", d.toMillis() / 1000.0);
    }

    private static String time(double micros) {
        return micros >= 10_000
                ? String.format(Locale.ROOT, "%.1f ms", micros / 1000)
                : String.format(Locale.ROOT, "%.0f us", micros);
    }
}
