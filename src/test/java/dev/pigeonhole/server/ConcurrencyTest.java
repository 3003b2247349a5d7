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
import org.junit.jupiter.api.Test;

/**
 * G1, G2, G3 under load: 64 client threads, 1,000 random COMPOSE/READ each, two threads per user, then
 * every queue is drained. Every message answered MESSAGE SENT must be read exactly once, and each reader
 * sees each sender's messages in the order they were sent (P8).
 */
class ConcurrencyTest {
    private static final int THREADS = 64;
    private static final int OPS = 1_000;
    private static final int USERS = THREADS / 2; // two sessions per user at once (G3)

    /** What one client thread did: messages confirmed sent, and the reads of each session it ran, in order. */
    private record Outcome(List<String> sent, List<List<String>> reads) {}

    @Test
    void every_sent_message_is_read_exactly_once_in_per_sender_order_G1_G2_G3_P8() {
        assertTimeoutPreemptively(Duration.ofSeconds(90), () -> {
            try (ServerFixture server = ServerFixture.start(cfg -> cfg.withPoolSize(4))) {
                ExecutorService clients = Executors.newFixedThreadPool(THREADS);
                try {
                    List<Future<Outcome>> futures = new ArrayList<>();
                    for (int t = 0; t < THREADS; t++) {
                        int thread = t;
                        futures.add(clients.submit(() -> run(server, thread)));
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
                    check(outcomes, readsPerSession);
                } finally {
                    clients.shutdownNow();
                }
            }
        });
    }

    private static Outcome run(ServerFixture server, int thread) throws Exception {
        SplittableRandom random = new SplittableRandom(thread);
        String me = "user" + (thread % USERS);
        List<String> sent = new ArrayList<>();
        List<String> reads = new ArrayList<>();
        try (ClientSession s = server.connect()) {
            s.login(me);
            for (int op = 0; op < OPS; op++) {
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

    private static void check(List<Outcome> outcomes, List<List<String>> readsPerSession) {
        Set<String> sent = new HashSet<>();
        outcomes.forEach(o -> sent.addAll(o.sent()));
        int sentCount = outcomes.stream().mapToInt(o -> o.sent().size()).sum();
        assertEquals(sentCount, sent.size(), "message texts are unique");
        assertTrue(sentCount > THREADS * OPS / 2, "most operations were COMPOSE: " + sentCount);

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
