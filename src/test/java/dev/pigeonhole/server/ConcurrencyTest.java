package dev.pigeonhole.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pigeonhole.client.ClientSession;
import dev.pigeonhole.protocol.Reply;
import dev.pigeonhole.testing.ServerFixture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * G1, G2, G3 under load: 64 client threads, random COMPOSE/READ (1,000 each in memory, 250 each with the
 * journal, where every COMPOSE waits for a force), two threads per user, then every queue is drained. Every
 * message answered MESSAGE SENT must be read exactly once, and each reader sees each sender's messages in the
 * order they were sent (P8). Run with 1, 2 and 4 event loops and both stores: with more than one loop, the
 * sessions of one user run on different threads at once.
 */
class ConcurrencyTest {
    private static final int THREADS = 64;

    private static int ops(ServerFixture.Store store) {
        return store == ServerFixture.Store.IN_MEMORY ? 1_000 : 250;
    }

    private static final int USERS = THREADS / 2; // two sessions per user at once (G3)

    /** What one client thread did: messages confirmed sent, and the reads of each session it ran, in order. */
    private record Outcome(List<String> sent, List<List<String>> reads) {}

    @ParameterizedTest(name = "{1}, pool size {0}")
    @CsvSource({"1, IN_MEMORY", "2, IN_MEMORY", "4, IN_MEMORY", "1, JOURNAL", "2, JOURNAL", "4, JOURNAL"})
    void every_sent_message_is_read_exactly_once_in_per_sender_order_G1_G2_G3_P8(
            int poolSize, ServerFixture.Store store) {
        assertTimeoutPreemptively(Duration.ofSeconds(90), () -> {
            try (ServerFixture server = ServerFixture.start(store, cfg -> cfg.poolSize(poolSize))) {
                ExecutorService clients = Executors.newFixedThreadPool(THREADS);
                try {
                    List<Future<Outcome>> futures = new ArrayList<>();
                    for (int t = 0; t < THREADS; t++) {
                        int thread = t;
                        futures.add(clients.submit(() -> run(server, thread, ops(store))));
                    }
                    List<Outcome> outcomes = new ArrayList<>();
                    for (Future<Outcome> f : futures) {
                        outcomes.add(f.get());
                    }
                    List<List<String>> readsPerSession = new ArrayList<>();
                    outcomes.forEach(o -> readsPerSession.addAll(o.reads()));
                    for (int u = 0; u < USERS; u++) {
                        readsPerSession.add(drain(server, "user" + u));
                    }
                    check(outcomes, readsPerSession, ops(store));
                } finally {
                    clients.shutdownNow();
                }
            }
        });
    }

    private static Outcome run(ServerFixture server, int thread, int ops) throws Exception {
        SplittableRandom random = new SplittableRandom(thread);
        String me = "user" + (thread % USERS);
        List<String> sent = new ArrayList<>();
        List<String> reads = new ArrayList<>();
        try (ClientSession s = server.connect()) {
            s.login(me);
            for (int op = 0; op < ops; op++) {
                if (random.nextInt(5) < 3) {
                    String to = "user" + random.nextInt(USERS);
                    String text = thread + " " + op + " " + to;
                    if (s.compose(to, text) == Reply.ComposeStatus.SENT) {
                        sent.add(text);
                    }
                } else {
                    Optional<Reply.Message> m = s.read();
                    m.ifPresent(msg -> reads.add(me + "|" + msg.text()));
                }
            }
            s.exit();
        }
        return new Outcome(sent, List.of(reads));
    }

    private static List<String> drain(ServerFixture server, String user) throws Exception {
        List<String> reads = new ArrayList<>();
        try (ClientSession s = server.connect()) {
            s.login(user);
            for (Optional<Reply.Message> m = s.read(); m.isPresent(); m = s.read()) {
                reads.add(user + "|" + m.get().text());
            }
            s.exit();
        }
        return reads;
    }

    private static void check(List<Outcome> outcomes, List<List<String>> readsPerSession, int ops) {
        Set<String> sent = new HashSet<>();
        outcomes.forEach(o -> sent.addAll(o.sent()));
        int sentCount = outcomes.stream().mapToInt(o -> o.sent().size()).sum();
        assertEquals(sentCount, sent.size(), "message texts are unique");
        assertTrue(sentCount > THREADS * ops / 2, "most operations were COMPOSE: " + sentCount);

        Set<String> read = new HashSet<>();
        int readCount = 0;
        for (List<String> session : readsPerSession) {
            // Within one session, each sender's messages to this user come in the order they were sent.
            Map<Integer, Integer> lastOpBySender = new HashMap<>();
            for (String r : session) {
                String reader = r.substring(0, r.indexOf('|'));
                String[] parts = r.substring(r.indexOf('|') + 1).split(" ");
                int thread = Integer.parseInt(parts[0]);
                int op = Integer.parseInt(parts[1]);
                assertEquals(reader, parts[2], "delivered to its recipient");
                Integer last = lastOpBySender.put(thread, op);
                assertTrue(
                        last == null || last < op,
                        "FIFO per sender: " + last + " then " + op + " from thread " + thread);
                assertTrue(read.add(r.substring(r.indexOf('|') + 1)), "read twice: " + r);
                readCount++;
            }
        }
        assertEquals(sentCount, readCount, "every MESSAGE SENT is read exactly once");
        assertEquals(sent, read);
    }
}
