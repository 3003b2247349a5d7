package dev.pigeonhole.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pigeonhole.server.journal.FsyncPolicy;
import dev.pigeonhole.server.journal.JournalConfig;
import dev.pigeonhole.server.journal.JournalStore;
import dev.pigeonhole.testing.RawClient;
import dev.pigeonhole.testing.ServerFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Message ids stay unique across restarts. When ids restarted at the highest *live* id, a queue drained
 * before a restart handed out the ids of removed messages again; the journal's compaction then found two
 * STORED records with one id in a segment, copied the removed one forward and dropped the new one: a
 * message answered MESSAGE SENT was lost and a message already read came back (G2).
 */
@Timeout(60)
class RestartIdsTest {
    private static final long SEGMENT = 4096;

    @TempDir
    Path dir;

    private ServerFixture start() throws Exception {
        JournalConfig config = JournalConfig.in(dir)
                .withFsync(FsyncPolicy.NEVER)
                .withSegmentBytes(SEGMENT)
                .withLog(new CopyOnWriteArrayList<String>()::add);
        JournalStore store = JournalStore.open(config);
        return ServerFixture.start(store, cfg -> cfg);
    }

    private static void compose(RawClient c, String to, String text) throws Exception {
        assertEquals("MESSAGE SENT", c.send("COMPOSE " + to).send(text).readLine());
    }

    private static List<String> read(RawClient c) throws Exception {
        String sender = c.send("READ").readLine();
        return "READ ERROR".equals(sender) ? List.of(sender) : List.of(sender, c.readLine());
    }

    @Test
    void a_message_sent_after_a_restart_survives_compaction_and_a_read_one_stays_read_G2() throws Exception {
        try (ServerFixture server = start();
                RawClient alice = server.raw()) {
            alice.send("LOGIN alice").readLine();
            compose(alice, "bob", "old: already read");
            try (RawClient bob = server.raw()) {
                assertEquals("1", bob.send("LOGIN bob").readLine());
                assertEquals(List.of("alice", "old: already read"), read(bob));
                bob.send("EXIT"); // confirms the READ
                assertEquals(true, bob.closedByServer());
            }
            alice.send("EXIT");
            awaitCount(server, "bob", 0);
        }
        try (ServerFixture server = start();
                RawClient alice = server.raw()) {
            assertEquals("0", alice.send("LOGIN alice").readLine());
            compose(alice, "bob", "new: never read");
            // Traffic that is read at once: segments roll and the first one (both messages for bob) is compacted.
            for (int i = 0; i < 400; i++) {
                compose(alice, "alice", "filler " + i + " ".repeat(40));
                assertEquals("alice", read(alice).get(0));
            }
            alice.send("EXIT");
            awaitGone(dir.resolve("journal-000000000001.seg"));
        }
        try (ServerFixture server = start();
                RawClient bob = server.raw()) {
            assertEquals("1", bob.send("LOGIN bob").readLine());
            assertEquals(List.of("alice", "new: never read"), read(bob));
        }
    }

    private static void awaitCount(ServerFixture server, String user, long n) throws Exception {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (true) {
            try (RawClient c = server.raw()) {
                if (c.send("LOGIN " + user).readLine().equals(Long.toString(n))) {
                    return;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(user + " never had " + n + " messages");
            }
            Thread.sleep(10);
        }
    }

    private static void awaitGone(Path file) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (Files.exists(file)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(file + " was never compacted away");
            }
            Thread.sleep(20);
        }
    }
}
