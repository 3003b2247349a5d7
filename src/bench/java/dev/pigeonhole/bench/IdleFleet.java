package dev.pigeonhole.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code idle} workload's idle connections: opened and logged in before the run, silent during it,
 * and each asked one READ at the end, which must be answered. One thread serves them all by pipelining:
 * it sends a request on every connection, then collects the replies, so ten thousand connections need
 * ten thousand sockets but no extra threads. Not thread-safe.
 */
final class IdleFleet implements AutoCloseable {
    private static final int BUFFER = 512;

    private final BenchConfig config;
    private final Users users;
    private final Payload payload;
    private final Failures failures;
    private final List<BenchConnection> open = new ArrayList<>();

    IdleFleet(BenchConfig config, Users users, Payload payload, Failures failures) {
        this.config = config;
        this.users = users;
        this.payload = payload;
        this.failures = failures;
    }

    /** Connects and logs in every idle user; failures are counted and the fleet is smaller. */
    void open() {
        List<BenchConnection> sent = new ArrayList<>();
        for (int i = 0; i < users.count(); i++) {
            try {
                BenchConnection c = BenchConnection.open(config, users, payload, BUFFER);
                sent.add(c);
                c.sendLogin(users.name(i));
            } catch (IOException e) {
                failures.add("idle connection " + i, e);
            }
        }
        for (BenchConnection c : sent) {
            try {
                c.awaitLogin();
                open.add(c);
            } catch (IOException e) {
                failures.add("idle login", e);
                c.close();
            }
        }
    }

    int opened() {
        return open.size();
    }

    /** Sends READ on every idle connection and returns how many answered correctly (nothing stored). */
    int check() {
        List<BenchConnection> asked = new ArrayList<>();
        for (BenchConnection c : open) {
            try {
                c.sendRead();
                asked.add(c);
            } catch (IOException e) {
                failures.add("idle read", e);
            }
        }
        int answered = 0;
        for (BenchConnection c : asked) {
            try {
                if (c.awaitRead() < 0) {
                    answered++;
                } else {
                    failures.add("idle read", new IOException("an idle user received a message nobody sent it"));
                }
            } catch (IOException e) {
                failures.add("idle read", e);
            }
        }
        return answered;
    }

    @Override
    public void close() {
        for (BenchConnection c : open) {
            c.exit();
        }
        open.clear();
    }
}
