package dev.pigeonhole.protocol;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The per-request protocol work of the server: framing received bytes into lines, parsing a command line,
 * and checking a message line. Each benchmark is one request's worth. Formatting replies is measured by
 * {@code dev.pigeonhole.server.OutboxBenchmark}, where the server's reply encoder lives.
 *
 * <p>Run: {@code mvn -B -Pjmh -DskipTests test -Djmh.args="LineBenchmark -f 1"}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class LineBenchmark {
    private static final int MESSAGE_BYTES = 100;

    private byte[] composeLine;
    private byte[] readLine;
    private byte[] loginLine;
    private byte[] message;
    /** What a client sends for one held-workload iteration: COMPOSE, its message, READ. */
    private ByteBuffer request;

    private LineFramer framer;

    @Setup
    public void setUp() {
        composeLine = Ascii.bytes("COMPOSE bench-user-17");
        readLine = Ascii.bytes("READ");
        loginLine = Ascii.bytes("LOGIN bench-user-3");
        StringBuilder m = new StringBuilder("bench-user-3 123456 ");
        while (m.length() < MESSAGE_BYTES) {
            m.append((char) ('a' + m.length() % 26));
        }
        message = Ascii.bytes(m.toString());
        request = ByteBuffer.wrap(Ascii.bytes("COMPOSE bench-user-17\n" + m + "\nREAD\n"));
        framer = new LineFramer();
    }

    @Benchmark
    public Command parseCompose() throws ProtocolException {
        return CommandParser.parse(composeLine, 0, composeLine.length);
    }

    @Benchmark
    public Command parseRead() throws ProtocolException {
        return CommandParser.parse(readLine, 0, readLine.length);
    }

    @Benchmark
    public Command parseLogin() throws ProtocolException {
        return CommandParser.parse(loginLine, 0, loginLine.length);
    }

    /** P2/P4: the check every message line gets before it is stored. */
    @Benchmark
    public int checkMessage() {
        return Ascii.firstNonPrintable(message, 0, message.length);
    }

    /** Frames COMPOSE + message + READ (three lines) from one received buffer. */
    @Benchmark
    public void frameRequest(Blackhole bh) {
        request.rewind();
        for (int i = 0; i < 3; i++) {
            bh.consume(framer.next(request, Limits.DEFAULT_MAX_MESSAGE));
            bh.consume(framer.length());
        }
    }

    /** Frames and parses a whole held iteration, as the server does per request pair. */
    @Benchmark
    public void frameAndParse(Blackhole bh) throws ProtocolException {
        request.rewind();
        framer.next(request, Limits.MAX_COMMAND_LINE);
        bh.consume(CommandParser.parse(framer.buffer(), 0, framer.length()));
        framer.next(request, Limits.DEFAULT_MAX_MESSAGE);
        bh.consume(Ascii.firstNonPrintable(framer.buffer(), 0, framer.length()));
        bh.consume(Ascii.ascii(framer.buffer(), 0, framer.length()));
        framer.next(request, Limits.MAX_COMMAND_LINE);
        bh.consume(CommandParser.parse(framer.buffer(), 0, framer.length()));
    }
}
