package dev.pigeonhole.courier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.pigeonhole.client.Archive;
import dev.pigeonhole.client.ClientSession;
import dev.pigeonhole.client.PollSchedule;
import dev.pigeonhole.client.SentStore;
import dev.pigeonhole.protocol.Reply;
import dev.pigeonhole.testing.ServerFixture;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The network thread follows its {@link PollSchedule}: a key wakes a poller that planned an idle poll, so a
 * message waiting on the server (P8) is read at the fast period, not at the idle one. The idle period here
 * is an hour, so only the wake-up can make the message arrive before the test's deadline.
 */
class CourierScheduleTest {
    @RegisterExtension
    final ServerFixture server = ServerFixture.start();

    @TempDir
    Path dir;

    private Courier courier(RecordingEvents events, PollSchedule schedule) {
        Courier.Settings settings = new Courier.Settings(
                server.host(),
                server.port(),
                "alice",
                Duration.ofHours(1),
                Duration.ofSeconds(5),
                Duration.ofSeconds(5),
                4096);
        return new Courier(
                settings,
                new Archive(dir.resolve("alice.log")),
                new SentStore(dir.resolve("alice.sent.log")),
                events,
                schedule);
    }

    @Test
    void a_key_while_idle_wakes_the_poller_and_waiting_mail_is_read_at_the_fast_period_P8() throws Exception {
        PollSchedule schedule =
                new PollSchedule(Clock.systemUTC(), Duration.ofMillis(50), Duration.ofHours(1), Duration.ofMinutes(2));
        RecordingEvents events = new RecordingEvents();
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            try (Courier c = courier(events, schedule).start()) {
                events.await(LinkState.class, s -> s.phase() == LinkState.Phase.CONNECTED, Duration.ofSeconds(10));
                // The first poll ran at connect and found nothing: the next is planned an hour away.
                awaitPolls(c, 1);
                try (ClientSession bob = server.login("bob")) {
                    assertEquals(Reply.ComposeStatus.SENT, bob.compose("alice", "are you there?"));
                }
                c.inUse();
                RecordingEvents.Received got =
                        events.await(RecordingEvents.Received.class, r -> true, Duration.ofSeconds(10));
                assertEquals("are you there?", got.messages().get(0).text());
            }
        });
    }

    @Test
    void mail_that_arrives_keeps_the_poller_fast_for_the_answer_that_may_follow() throws Exception {
        PollSchedule schedule =
                new PollSchedule(Clock.systemUTC(), Duration.ofMillis(50), Duration.ofHours(1), Duration.ofMinutes(2));
        RecordingEvents events = new RecordingEvents();
        try (ClientSession bob = server.login("bob")) {
            assertEquals(Reply.ComposeStatus.SENT, bob.compose("alice", "first"));
        }
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            try (Courier c = courier(events, schedule).start()) {
                events.await(RecordingEvents.Received.class, r -> true, Duration.ofSeconds(10)); // read at connect
                try (ClientSession bob = server.login("bob")) {
                    assertEquals(Reply.ComposeStatus.SENT, bob.compose("alice", "second"));
                }
                RecordingEvents.Received got =
                        events.await(RecordingEvents.Received.class, r -> true, Duration.ofSeconds(10));
                assertEquals("second", got.messages().get(0).text());
                awaitPolls(c, 2);
            }
        });
    }

    private static void awaitPolls(Courier c, long n) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (c.polls() < n && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(true, c.polls() >= n, "polls made: " + c.polls());
    }
}
