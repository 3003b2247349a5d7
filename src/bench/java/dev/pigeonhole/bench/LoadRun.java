package dev.pigeonhole.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * One closed-loop benchmark run: every active connection has its own thread that sends a request, waits
 * for its reply, checks it, and sends the next (one request in flight per connection, for Pigeonhole and
 * Redis alike). Operations that complete inside the measured window are counted and their latency
 * (request written to reply checked) recorded in a per-thread HdrHistogram, merged at the end.
 *
 * <p>After the window every mailbox of the run is drained and the {@link Ledger} must balance: every
 * message answered {@code MESSAGE SENT} was read exactly once, in order.
 */
public final class LoadRun {
    private static final int WARMUP = 0;
    private static final int MEASURE = 1;
    private static final int STOP = 2;
    /** Longest latency the histograms track; anything longer is recorded as this. */
    private static final long MAX_LATENCY_NANOS = TimeUnit.SECONDS.toNanos(60);
    /** Fan-in: messages in flight to the one recipient, so that senders cannot fill its queue. */
    private static final int FANIN_CREDITS = 1000;

    private final BenchConfig config;
    private final Users users;
    private final Payload payload;
    private final Ledger ledger;
    private final Failures failures = new Failures();
    private final Semaphore credits = new Semaphore(FANIN_CREDITS);
    private final int bufferSize;
    private volatile int phase = WARMUP;

    /** A run of {@code config}; nothing connects until {@link #run()}. */
    public LoadRun(BenchConfig config) {
        this.config = config;
        this.users = new Users(config.connections());
        this.payload = new Payload(config.messageBytes());
        this.ledger = new Ledger(config.connections());
        this.bufferSize = Math.max(4096, 2 * (config.messageBytes() + 128));
    }

    /** Warm-up, the measured window, then the drain that balances the ledger; server faults count as errors. */
    public BenchResult run() throws InterruptedException {
        IdleFleet idle = null;
        if (config.workload() == Workload.IDLE && config.idle() > 0) {
            idle = new IdleFleet(config, new Users(users.prefix() + "idle-", config.idle()), payload, failures);
            idle.open();
        }
        try {
            List<Worker> workers = workers();
            List<Thread> threads = new ArrayList<>();
            for (Worker w : workers) {
                Thread t = new Thread(w, "bench-" + w.self);
                t.setDaemon(true);
                threads.add(t);
                t.start();
            }
            sleep(config.warmup().toNanos());
            long start = System.nanoTime();
            phase = MEASURE;
            sleep(config.duration().toNanos());
            phase = STOP;
            long end = System.nanoTime();
            long joinDeadline = System.nanoTime() + 2 * config.timeout().toNanos() + TimeUnit.SECONDS.toNanos(5);
            for (Thread t : threads) {
                t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(joinDeadline - System.nanoTime())));
                if (t.isAlive()) {
                    failures.add(t.getName(), new IOException("worker still busy after the run; left behind"));
                }
            }
            long errorsDuringRun = failures.count();
            String delivery = errorsDuringRun == 0 ? drainAndBalance() : "not checked (errors during the run)";

            Histogram latency = new Histogram(MAX_LATENCY_NANOS, 3);
            long ops = 0;
            long delivered = 0;
            long refused = 0;
            long readerOps = 0;
            for (Worker w : workers) {
                if (w instanceof FaninReader) {
                    readerOps += w.ops;
                }
                latency.add(w.latency);
                ops += w.ops;
                delivered += w.delivered;
                refused += w.refused;
            }
            int idleAnswered = idle == null ? 0 : idle.check();
            return new BenchResult(
                    config,
                    (end - start) / 1e9,
                    ops,
                    delivered,
                    refused,
                    latency,
                    failures.count(),
                    failures.first(),
                    delivery,
                    idle == null ? 0 : idle.opened(),
                    idleAnswered,
                    readerOps);
        } finally {
            if (idle != null) {
                idle.close();
            }
        }
    }

    private List<Worker> workers() {
        List<Worker> list = new ArrayList<>();
        for (int i = 0; i < config.connections(); i++) {
            list.add(
                    switch (config.workload()) {
                        case HELD, IDLE -> new Held(i);
                        case SHORT -> new ShortSessions(i);
                        case FANIN -> i == 0 ? new FaninReader() : new FaninSender(i);
                    });
        }
        return list;
    }

    /** Reads every mailbox of the run empty, then checks the ledger; returns a verdict for the report. */
    private String drainAndBalance() {
        for (int u = 0; u < users.count(); u++) {
            try (BenchConnection c = BenchConnection.open(config, users, payload, bufferSize)) {
                long waiting = c.login(users.name(u));
                long drained = 0;
                for (long m; (m = c.read()) >= 0; drained++) {
                    ledger.received(u, m);
                }
                c.exit();
                if (drained != waiting) {
                    failures.add(
                            "drain user " + u,
                            new IOException("LOGIN said " + waiting + " messages waiting, READ returned " + drained));
                }
            } catch (IOException e) {
                failures.add("drain user " + u, e);
                return "not checked (drain failed)";
            }
        }
        List<String> mismatches = ledger.mismatches();
        if (!mismatches.isEmpty()) {
            failures.add(
                    "delivery",
                    new IOException(
                            mismatches.size() + " sender/recipient pairs do not balance, e.g. " + mismatches.get(0)));
            return "BROKEN: " + mismatches.size() + " pairs lost or duplicated messages";
        }
        return "exact: all " + ledger.totalSent() + " messages sent were read once, in order";
    }

    private static void sleep(long nanos) throws InterruptedException {
        long deadline = System.nanoTime() + nanos;
        for (long left = nanos; left > 0; left = deadline - System.nanoTime()) {
            TimeUnit.NANOSECONDS.sleep(left);
        }
    }

    /** One connection's thread: its user, its counts and its histogram, touched by it alone until joined. */
    private abstract class Worker implements Runnable {
        final int self;
        final Histogram latency = new Histogram(MAX_LATENCY_NANOS, 3);
        long ops;
        long delivered;
        long refused;
        long seq;

        Worker(int self) {
            this.self = self;
        }

        /** Counts one operation that started at {@code startNanos} if it ended inside the window. */
        final long done(long startNanos) {
            long now = System.nanoTime();
            if (phase == MEASURE) {
                latency.recordValue(Math.min(now - startNanos, MAX_LATENCY_NANOS));
                ops++;
            }
            return now;
        }

        final boolean running() {
            return phase != STOP;
        }

        /** A failed connection: counted, then a short pause so a dead server is not hammered. */
        final void failed(Exception e) {
            failures.add("connection " + self, e);
            try {
                Thread.sleep(20);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
        }

        final void receivedIfAny(long message) throws IOException {
            if (message >= 0) {
                ledger.received(self, message);
                if (phase == MEASURE) {
                    delivered++;
                }
            }
        }

        final void compose(BenchConnection c, int recipient) throws IOException {
            if (c.compose(users.name(recipient), users.name(self), ++seq)) {
                ledger.sent(self, recipient);
            } else {
                refused++;
            }
        }

        @Override
        public final void run() {
            while (running() && !Thread.currentThread().isInterrupted()) {
                try (BenchConnection c = BenchConnection.open(config, users, payload, bufferSize)) {
                    loop(c);
                } catch (IOException | RuntimeException e) {
                    failed(e);
                }
            }
        }

        /** Uses {@code c} until the run stops (or, for short sessions, for one session). */
        abstract void loop(BenchConnection c) throws IOException;
    }

    /** {@code held}: COMPOSE to a random user, READ one's own mailbox, on one long-lived connection. */
    private final class Held extends Worker {
        Held(int self) {
            super(self);
        }

        @Override
        void loop(BenchConnection c) throws IOException {
            c.login(users.name(self));
            ThreadLocalRandom random = ThreadLocalRandom.current();
            long t = System.nanoTime();
            while (running()) {
                compose(c, random.nextInt(users.count()));
                t = done(t);
                receivedIfAny(c.read());
                t = done(t);
            }
            c.exit();
        }
    }

    /** {@code short}: a whole session per operation: connect, LOGIN, COMPOSE, READ, EXIT. */
    private final class ShortSessions extends Worker {
        ShortSessions(int self) {
            super(self);
        }

        @Override
        void loop(BenchConnection first) throws IOException {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            BenchConnection c = first;
            long t = System.nanoTime();
            while (true) {
                try {
                    c.login(users.name(self));
                    compose(c, random.nextInt(users.count()));
                    receivedIfAny(c.read());
                    c.exit();
                } finally {
                    c.close();
                }
                done(t);
                if (!running()) {
                    return;
                }
                t = System.nanoTime();
                c = BenchConnection.open(config, users, payload, bufferSize);
            }
        }
    }

    /** {@code fanin}: a sender; every message goes to user 0, within the credit the reader hands back. */
    private final class FaninSender extends Worker {
        FaninSender(int self) {
            super(self);
        }

        @Override
        void loop(BenchConnection c) throws IOException {
            c.login(users.name(self));
            while (running()) {
                try {
                    if (!credits.tryAcquire(50, TimeUnit.MILLISECONDS)) {
                        continue;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                long t = System.nanoTime();
                long refusedBefore = refused;
                compose(c, 0);
                if (refused != refusedBefore) {
                    credits.release();
                }
                done(t);
            }
            c.exit();
        }
    }

    /** {@code fanin}: the one recipient, reading as fast as it can. */
    private final class FaninReader extends Worker {
        FaninReader() {
            super(0);
        }

        @Override
        void loop(BenchConnection c) throws IOException {
            c.login(users.name(self));
            while (running()) {
                long t = System.nanoTime();
                long m = c.read();
                done(t);
                if (m >= 0) {
                    credits.release();
                }
                receivedIfAny(m);
            }
            c.exit();
        }
    }
}
