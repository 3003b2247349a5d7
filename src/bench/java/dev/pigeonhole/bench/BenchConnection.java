package dev.pigeonhole.bench;

import java.io.Closeable;
import java.io.IOException;
import java.util.Arrays;

/**
 * One benchmark connection speaking the messenger's four steps to some server: Pigeonhole's line protocol
 * or the equivalent Redis commands. The same load generator drives both, which is what makes a
 * comparison fair. Every reply is checked strictly: anything unexpected throws
 * {@link dev.pigeonhole.protocol.ProtocolException} and the caller drops the connection (P10).
 *
 * <p>Each step is split into a send and an await half so that thousands of idle connections can be
 * served pipelined by one thread; {@code login}, {@code compose} and {@code read} do both.
 */
abstract sealed class BenchConnection implements Closeable permits PigeonholeConnection, RedisConnection {
    protected final Wire wire;
    protected final Users users;
    protected final Payload payload;

    BenchConnection(Wire wire, Users users, Payload payload) {
        this.wire = wire;
        this.users = users;
        this.payload = payload;
    }

    /** Opens a connection to the server {@code config} names. */
    static BenchConnection open(BenchConfig config, Users users, Payload payload, int bufferSize) throws IOException {
        Wire w = Wire.connect(config.host(), config.port(), config.timeoutMillis(), bufferSize);
        return config.redis() ? new RedisConnection(w, users, payload) : new PigeonholeConnection(w, users, payload);
    }

    /** P5 (Redis: LLEN): sends the log-in for {@code user}, without waiting. */
    abstract void sendLogin(byte[] user) throws IOException;

    /** Awaits the answer to {@link #sendLogin}: the number of messages waiting. */
    abstract long awaitLogin() throws IOException;

    /** P7 (Redis: RPUSH): stores message {@code seq} of {@code sender} for {@code recipient}; false if refused. */
    abstract boolean compose(byte[] recipient, byte[] sender, long seq) throws IOException;

    /** P8 (Redis: LPOP): sends the read of {@code user}'s earliest message, without waiting. */
    abstract void sendRead() throws IOException;

    /**
     * Awaits the answer to {@link #sendRead}: {@code -1} if nothing was stored, else the checked message's
     * sender and number packed by {@link Payload.Received}.
     */
    abstract long awaitRead() throws IOException;

    /** P9 (Redis: QUIT): says goodbye and closes; never throws. */
    abstract void exit();

    final long login(byte[] user) throws IOException {
        sendLogin(user);
        return awaitLogin();
    }

    final long read() throws IOException {
        sendRead();
        return awaitRead();
    }

    @Override
    public final void close() {
        wire.close();
    }

    /** Strict decimal: digits only, no sign, at most 18 of them. */
    static long decimal(byte[] b, int from, int to) {
        if (to <= from || to - from > 18) {
            return -1;
        }
        long n = 0;
        for (int i = from; i < to; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            n = n * 10 + d;
        }
        return n;
    }

    static boolean equals(byte[] line, int length, byte[] expected) {
        return length == expected.length && Arrays.equals(line, 0, length, expected, 0, length);
    }
}
