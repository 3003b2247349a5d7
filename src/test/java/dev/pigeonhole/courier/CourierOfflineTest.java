package dev.pigeonhole.courier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pigeonhole.client.Archive;
import dev.pigeonhole.client.ArchivedMessage;
import dev.pigeonhole.client.SentStore;
import dev.pigeonhole.compose.SendResult;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The network thread with no server to talk to: it shows the archive, reports why, and retries. */
class CourierOfflineTest {
    @TempDir
    Path dir;

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void shows_the_archive_then_reports_offline_with_a_reason_and_a_retry_time() throws Exception {
        Archive archive = new Archive(dir.resolve("alice.log"));
        archive.append(new ArchivedMessage(Instant.parse("2026-11-24T09:00:00Z"), "bob", "kept from before"));
        RecordingEvents events = new RecordingEvents();
        Courier.Settings settings = new Courier.Settings(
                "127.0.0.1",
                closedPort(),
                "alice",
                Duration.ofSeconds(2),
                Duration.ofSeconds(2),
                Duration.ofSeconds(2),
                4096);
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            try (Courier courier =
                    new Courier(settings, archive, new SentStore(dir.resolve("sent.log")), events).start()) {
                LinkState offline =
                        events.await(LinkState.class, c -> c.phase() == LinkState.Phase.OFFLINE, Duration.ofSeconds(5));
                assertEquals("connection refused", offline.reason());
                assertNotNull(offline.retryAt(), "it will retry");
                // A send while offline tries to connect at once and, failing, queues it in the outbox: nothing hangs.
                courier.send("bob", "hello");
                SendResult r = events.await(SendResult.class, x -> true, Duration.ofSeconds(5));
                assertEquals(SendResult.Outcome.QUEUED, r.outcome());
                assertEquals("hello", r.text());
                LinkState again =
                        events.await(LinkState.class, c -> c.phase() == LinkState.Phase.OFFLINE, Duration.ofSeconds(5));
                assertTrue(again.retryAt().isAfter(offline.retryAt()), "backoff moves the next attempt later");
            }
        });
    }
}
