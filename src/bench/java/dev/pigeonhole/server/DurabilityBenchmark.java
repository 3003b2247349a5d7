package dev.pigeonhole.server;

import dev.pigeonhole.client.ClientSession;
import dev.pigeonhole.protocol.Limits;
import dev.pigeonhole.protocol.Reply;
import dev.pigeonhole.server.journal.FsyncPolicy;
import dev.pigeonhole.server.journal.JournalStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The price of durability (not a test: speed goes in benchmarks). For each store ({@code --in-memory},
 * {@code --fsync never}, {@code --fsync always}) and each number of connections, a closed loop: every
 * connection logs in as its own user and repeats COMPOSE-to-itself then READ, as fast as replies come.
 * Reports exchanges per second (one COMPOSE or one READ each) and the p50/p99 latency of each.
 * The server runs in the same JVM on 127.0.0.1, with the pool size {@code pigeonhole server} would use
 * (processors; at least 32 with {@code --fsync always}) unless {@code -Dpigeonhole.bench.pool=N} is given.
 *
 * <pre>
 * mvn -B -q -Pjmh -DskipTests test-compile
 * java -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" \
 *      dev.pigeonhole.server.DurabilityBenchmark [seconds] [connections...]
 * </pre>
 * Data directories go under {@code java.io.tmpdir}, on the disk being measured.
 */
public final class DurabilityBenchmark {
    private DurabilityBenchmark() {}

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        List<Integer> connections = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            connections.add(Integer.parseInt(args[i]));
        }
        if (connections.isEmpty()) {
            connections = List.of(1, 16, 128);
        }
        System.out.printf(
                "%-14s %5s %12s %10s %10s %10s %10s%n",
                "store", "conns", "exchanges/s", "COMPOSE50", "COMPOSE99", "READ50", "READ99");
        for (String store : new String[] {"in-memory", "never", "always"}) {
            for (int n : connections) {
                run(store, n, seconds);
            }
        }
    }

    private static void run(String storeName, int connections, int seconds) throws Exception {
        Path dir = Files.createTempDirectory("pigeonhole-durability-bench");
        MessageStore store = storeName.equals("in-memory")
                ? MessageStore.IN_MEMORY
                : JournalStore.open(dir, FsyncPolicy.parse(storeName));
        ServerConfig.Builder config = ServerConfig.builder().port(0);
        Integer pool = Integer.getInteger("pigeonhole.bench.pool");
        if (pool != null) {
            config.poolSize(pool); // else the default, as pigeonhole server runs
        }
        try (PigeonholeServer server = PigeonholeServer.start(config.build(), store, line -> {})) {
            Recorder compose = new Recorder(3);
            Recorder read = new Recorder(3);
            long warmupEnd = System.nanoTime() + 1_000_000_000L;
            long end = warmupEnd + seconds * 1_000_000_000L;
            CountDownLatch done = new CountDownLatch(connections);
            for (int c = 0; c < connections; c++) {
                String user = "u" + c;
                Thread t = new Thread(() -> {
                    try (ClientSession s = ClientSession.connect(
                            "127.0.0.1",
                            server.port(),
                            Duration.ofSeconds(5),
                            Duration.ofSeconds(30),
                            Limits.DEFAULT_MAX_MESSAGE)) {
                        s.login(user);
                        String text = "x".repeat(100);
                        long now;
                        while ((now = System.nanoTime()) < end) {
                            if (s.compose(user, text) != Reply.ComposeStatus.SENT) {
                                throw new IllegalStateException("MESSAGE FAILED");
                            }
                            long mid = System.nanoTime();
                            if (s.read().isEmpty()) {
                                throw new IllegalStateException("READ ERROR after MESSAGE SENT");
                            }
                            long after = System.nanoTime();
                            if (now >= warmupEnd) {
                                compose.recordValue((mid - now) / 1000);
                                read.recordValue((after - mid) / 1000);
                            }
                        }
                        s.exit();
                    } catch (IOException | RuntimeException e) {
                        System.err.println(user + ": " + e);
                    } finally {
                        done.countDown();
                    }
                });
                t.start();
            }
            done.await();
            Histogram ch = compose.getIntervalHistogram();
            Histogram rh = read.getIntervalHistogram();
            double rate = (ch.getTotalCount() + rh.getTotalCount()) / (double) seconds;
            System.out.printf(
                    "%-14s %5d %12.0f %8dus %8dus %8dus %8dus%n",
                    storeName.equals("in-memory") ? "--in-memory" : "--fsync " + storeName,
                    connections,
                    rate,
                    ch.getValueAtPercentile(50),
                    ch.getValueAtPercentile(99),
                    rh.getValueAtPercentile(50),
                    rh.getValueAtPercentile(99));
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
