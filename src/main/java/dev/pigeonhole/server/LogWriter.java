package dev.pigeonhole.server;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The server's log: lines stamped with the time in UTC, written to a stream by a thread of its own through
 * a bounded buffer, so that no server thread ever waits for the log. A standard error that nobody reads
 * (a pipe into a stuck program, a terminal on hold) therefore costs log lines, never service: when the
 * buffer is full, new lines are counted and dropped, and the count is written as soon as the stream takes
 * lines again. Repeated events are rate limited by a {@link LogThrottle}.
 *
 * <p>Bounds: at most {@link #CAPACITY} lines wait, each at most {@link #MAX_LINE} characters (longer ones
 * are cut), so the buffer holds at most about 1 MiB. The writer thread starts with the first line and ends
 * after a few idle seconds, so an unused log costs no thread. Thread-safe.
 */
final class LogWriter implements ServerLog {
    static final int CAPACITY = 1024;
    static final int MAX_LINE = 1000;
    static final Duration WINDOW = Duration.ofSeconds(10);
    private static final long IDLE_EXIT_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final PrintStream out;
    private final LogThrottle throttle;
    private final ArrayBlockingQueue<String> queue = new ArrayBlockingQueue<>(CAPACITY);
    private final AtomicLong dropped = new AtomicLong();
    /** True while a writer thread runs; whoever sets it starts one. */
    private final AtomicBoolean writing = new AtomicBoolean();
    /** Lines taken from the queue and not yet written: {@link #flush} waits for them too. */
    private final AtomicLong inHand = new AtomicLong();

    LogWriter(PrintStream out) {
        this(out, WINDOW);
    }

    LogWriter(PrintStream out, Duration window) {
        this.out = out;
        this.throttle = new LogThrottle(window.toNanos());
    }

    @Override
    public void log(String event) {
        String line = Instant.now() + " " + event;
        if (line.length() > MAX_LINE) {
            line = line.substring(0, MAX_LINE - 3) + "...";
        }
        if (!queue.offer(line)) {
            dropped.incrementAndGet();
        }
        ensureWriter();
    }

    @Override
    public void repeated(String kind, String key, Supplier<String> event) {
        if (throttle.admit(kind, key, System.nanoTime())) {
            log(event.get());
        } else {
            ensureWriter(); // the summary is written by the writer when the window ends
        }
    }

    @Override
    public void flush(Duration timeout) {
        // Counts of windows still open would be lost with the process: write them now.
        for (String summary : throttle.dueAll(System.nanoTime())) {
            log(summary);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while ((!queue.isEmpty() || inHand.get() > 0) && System.nanoTime() - deadline < 0) {
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void ensureWriter() {
        if (!writing.get() && writing.compareAndSet(false, true)) {
            Thread t = new Thread(this::run, "pigeonhole-log");
            t.setDaemon(true);
            t.start();
        }
    }

    private void run() {
        long idleSince = System.nanoTime();
        while (true) {
            String line;
            try {
                line = queue.poll(250, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                line = null; // nobody interrupts this thread; carry on
            }
            long now = System.nanoTime();
            if (line != null) {
                inHand.incrementAndGet();
                write(line);
                inHand.decrementAndGet();
                idleSince = now;
            }
            List<String> due = throttle.due(now);
            for (String summary : due) {
                write(Instant.now() + " " + summary);
            }
            long lost = dropped.getAndSet(0);
            if (lost > 0) {
                write(Instant.now() + " " + String.format(java.util.Locale.ROOT, "%,d", lost)
                        + (lost == 1 ? " log line" : " log lines")
                        + " dropped: standard error did not take them fast enough");
            }
            if (line == null && now - idleSince > IDLE_EXIT_NANOS && !throttle.pending()) {
                writing.set(false);
                // A line queued after the poll above but before the flag was cleared found the flag set and
                // started no thread: take the job back if so (or leave it to the thread that got it).
                if (queue.isEmpty() || !writing.compareAndSet(false, true)) {
                    return;
                }
            }
        }
    }

    /** Writes one line; the stream may block here, which only ever holds up this thread. */
    private void write(String line) {
        out.println(line);
    }
}
