package dev.pigeonhole.server;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * A user's {@link Mailbox}: storing (reserve + commit, as COMPOSE does) and taking (poll, as READ does),
 * alone and under contention: two threads storing into the one mailbox that a third reads, the fan-in
 * pattern; and the whole {@link Mailboxes} path (user lookup included) on one thread.
 *
 * <p>Run: {@code mvn -B -Pjmh -DskipTests test -Djmh.args="MailboxBenchmark -f 1"}. On a 2-core machine
 * the three-thread group oversubscribes the cores; that is the point (it shows what the lock costs when
 * a holder is descheduled), but compare it only with runs on the same machine.
 */
@State(Scope.Group)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class MailboxBenchmark {
    /** Large enough never to refuse in the uncontended case; the contended case may fill it and refuse. */
    private static final int LIMIT = 100_000;

    private static final StoredMessage MESSAGE = new StoredMessage(1, "alice", "bob", "x".repeat(100));

    private Mailbox box;
    private Mailboxes boxes;

    @Setup(Level.Iteration)
    public void setUp() {
        box = new Mailbox(Name.of("alice"));
        boxes = new Mailboxes(LIMIT, 0, 0, line -> {});
    }

    /** One COMPOSE and one READ on an uncontended mailbox. */
    @Benchmark
    @Group("alone")
    public StoredMessage offerThenPoll() {
        if (box.reserve(LIMIT) == Mailbox.Reservation.GRANTED) {
            box.commit(MESSAGE);
        }
        return box.poll();
    }

    /** The same through {@link Mailboxes}: the user lookup, the message id and the store call included. */
    @Benchmark
    @Group("mailboxes")
    public StoredMessage deliverThenTake() {
        Deliveries.deliver(boxes, "bob", "alice", MESSAGE.text());
        return Deliveries.take(boxes, "alice");
    }

    @Benchmark
    @Group("fanin")
    @GroupThreads(2)
    public Mailbox.Reservation offer() {
        Mailbox.Reservation r = box.reserve(LIMIT);
        if (r == Mailbox.Reservation.GRANTED) {
            box.commit(MESSAGE);
        }
        return r;
    }

    @Benchmark
    @Group("fanin")
    @GroupThreads(1)
    public StoredMessage poll() {
        return box.poll();
    }
}
