package dev.pigeonhole.server;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Formatting replies: the server's {@link Outbox} encoding a held-workload pair (MESSAGE SENT, then a
 * READ reply of sender and 100-byte text) and handing the bytes to the writer, as the selector does.
 *
 * <p>Run: {@code mvn -B -Pjmh -DskipTests test -Djmh.args="OutboxBenchmark -f 1"}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class OutboxBenchmark {
    private final Outbox outbox = new Outbox();
    private String sender;
    private String text;
    private ByteBuffer spent;

    @Setup
    public void setUp() {
        sender = "bench-user-3";
        text = "bench-user-3 123456 " + "abcdefghijklmnopqrstuvwxyz".repeat(4).substring(0, 80);
    }

    @Benchmark
    public ByteBuffer sentThenMessage() {
        outbox.line(Outbox.MESSAGE_SENT);
        outbox.message(sender, text);
        ByteBuffer b = outbox.take(spent);
        b.position(b.limit()); // "written"
        spent = b;
        return b;
    }

    @Benchmark
    public ByteBuffer count() {
        outbox.count(123_456);
        ByteBuffer b = outbox.take(spent);
        b.position(b.limit());
        spent = b;
        return b;
    }
}
