package dev.pigeonhole.courier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pigeonhole.client.Archive;
import dev.pigeonhole.client.ClientSession;
import dev.pigeonhole.client.SentStore;
import dev.pigeonhole.protocol.Reply;
import dev.pigeonhole.testing.ServerFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * READ removes a message from the server (P8) once the reader speaks again: when the archive cannot keep
 * it, the client hangs up without confirming, so the server keeps it, and reading pauses.
 */
class CourierArchiveFailureTest {
    @RegisterExtension
    final ServerFixture server = ServerFixture.start();

    @TempDir
    Path dir;

    @Test
    void an_unwritable_archive_leaves_the_messages_on_the_server_and_pauses_reading_P8() {
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            try (ClientSession alice = server.login("alice")) {
                assertEquals(Reply.ComposeStatus.SENT, alice.compose("bob", "first"));
                assertEquals(Reply.ComposeStatus.SENT, alice.compose("bob", "second"));
            }
            Path notAFile = Files.createDirectory(dir.resolve("bob.log")); // every append fails
            RecordingEvents events = new RecordingEvents();
            Courier.Settings settings = new Courier.Settings(
                    server.host(),
                    server.port(),
                    "bob",
                    Duration.ofMillis(100),
                    Duration.ofSeconds(5),
                    Duration.ofSeconds(5),
                    4096);
            Courier courier = new Courier(
                            settings, new Archive(notAFile), new SentStore(dir.resolve("sent.log")), events)
                    .start();
            try {
                RecordingEvents.Notice notice = events.await(
                        RecordingEvents.Notice.class,
                        n -> n.text().startsWith("Archive write failed"),
                        Duration.ofSeconds(10));
                assertTrue(notice.problem());
                // It reconnects (sending still works) and says both messages wait, but does not read them.
                events.await(
                        LinkState.class,
                        c -> c.phase() == LinkState.Phase.CONNECTED && c.waiting() == 2,
                        Duration.ofSeconds(10));
                Thread.sleep(500); // five poll intervals: none may READ while paused
                assertTrue(
                        events.events.stream().noneMatch(e -> e instanceof RecordingEvents.Received),
                        "nothing was shown as received: " + events.events);
            } finally {
                courier.close();
            }
            try (ClientSession bob = server.login("bob")) {
                assertEquals(
                        Optional.of(new Reply.Message("alice", "first")), bob.read(), "the unarchived one came back");
                assertEquals(Optional.of(new Reply.Message("alice", "second")), bob.read());
            }
        });
    }
}
