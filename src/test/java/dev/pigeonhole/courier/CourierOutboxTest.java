package dev.pigeonhole.courier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pigeonhole.client.Archive;
import dev.pigeonhole.client.ClientSession;
import dev.pigeonhole.client.ConversationMessage;
import dev.pigeonhole.client.PollSchedule;
import dev.pigeonhole.client.SentStore;
import dev.pigeonhole.compose.Outbox;
import dev.pigeonhole.compose.SendResult;
import dev.pigeonhole.protocol.Reply;
import dev.pigeonhole.testing.ServerFixture;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sends that the server never confirmed, and sends made while offline, go through the outbox on disk: the
 * first stays unconfirmed (across a restart, never sent again by itself), the second goes in order once the
 * server is back.
 */
class CourierOutboxTest {
    static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    Path dir;

    private Courier courier(int port, RecordingEvents events) {
        return courier(port, events, Duration.ofSeconds(1));
    }

    private Courier courier(int port, RecordingEvents events, Duration readTimeout) {
        Courier.Settings settings = new Courier.Settings(
                "127.0.0.1", port, "alice", Duration.ofMillis(200), Duration.ofSeconds(2), readTimeout, 4096);
        // Polls only when asked (Ctrl-R), so that no READ meets the muted proxy before the send does.
        PollSchedule onlyWhenAsked =
                new PollSchedule(Clock.systemUTC(), Duration.ofHours(1), Duration.ofHours(1), Duration.ofMinutes(1));
        return new Courier(
                settings,
                new Archive(dir.resolve("alice.log")),
                new SentStore(dir.resolve("alice.sent.log")),
                events,
                onlyWhenAsked);
    }

    private Outbox outbox() {
        return new Outbox(Outbox.beside(dir.resolve("alice.log")));
    }

    private static long waitingFor(ServerFixture server, String user) throws IOException {
        try (ClientSession s = server.connect()) {
            long n = s.login(user);
            s.exit();
            return n;
        }
    }

    @Test
    void a_send_the_server_took_but_never_confirmed_stays_unconfirmed_across_a_restart_and_is_not_resent_P5()
            throws Exception {
        try (ServerFixture server = ServerFixture.start();
                MutingProxy proxy = new MutingProxy(server.port())) {
            assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
                RecordingEvents events = new RecordingEvents();
                try (Courier c = courier(proxy.port(), events).start()) {
                    events.await(LinkState.class, s -> s.phase() == LinkState.Phase.CONNECTED, WAIT);
                    // As a server stopped by SIGSTOP after reading: the COMPOSE goes in, no answer comes out.
                    proxy.muteFromCompose();
                    c.send("bob", "pay the invoice");
                    SendResult r = events.await(SendResult.class, x -> true, WAIT);
                    assertEquals(SendResult.Outcome.UNCONFIRMED, r.outcome(), r.toString());
                }
                assertEquals(1, waitingFor(server, "bob"), "the server did take it");
                List<Outbox.Entry> left = outbox().entries();
                assertEquals(1, left.size());
                assertEquals(Outbox.State.UNCONFIRMED, left.get(0).state());
                assertEquals(List.of(), new SentStore(dir.resolve("alice.sent.log")).readAll());

                // A restart of the client, straight to the server: it shows the message, and does not send it.
                proxy.unmute();
                RecordingEvents again = new RecordingEvents();
                try (Courier c = courier(server.port(), again).start()) {
                    RecordingEvents.OutboxNow shown = again.await(
                            RecordingEvents.OutboxNow.class, o -> !o.entries().isEmpty(), WAIT);
                    assertEquals("pay the invoice", shown.entries().get(0).text());
                    again.await(LinkState.class, s -> s.phase() == LinkState.Phase.CONNECTED, WAIT);
                    long polled = c.polls();
                    c.pollNow(); // a poll drains the outbox: a resend would happen here
                    c.pollNow();
                    long deadline = System.nanoTime() + WAIT.toNanos();
                    while (c.polls() < polled + 2 && System.nanoTime() < deadline) {
                        Thread.onSpinWait();
                    }
                    assertTrue(c.polls() >= polled + 2, "two rounds of the loop ran");
                    assertEquals(1, waitingFor(server, "bob"), "never sent a second time by itself");
                    c.recordSent(left.get(0).id());
                    SendResult recorded = again.await(SendResult.class, x -> true, WAIT);
                    assertEquals(SendResult.Outcome.RECORDED, recorded.outcome());
                }
                assertEquals(List.of(), outbox().entries());
                List<ConversationMessage> sent = new SentStore(dir.resolve("alice.sent.log")).readAll();
                assertEquals(1, sent.size());
                assertEquals("bob", sent.get(0).peer());
            });
        }
    }

    @Test
    void a_message_handed_over_while_the_network_thread_waits_for_a_silent_server_is_on_disk_at_once()
            throws Exception {
        try (ServerFixture server = ServerFixture.start();
                MutingProxy proxy = new MutingProxy(server.port())) {
            assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
                RecordingEvents events = new RecordingEvents();
                // The read timeout is far longer than the wait below: only filing at once can pass.
                try (Courier c =
                        courier(proxy.port(), events, Duration.ofSeconds(30)).start()) {
                    events.await(LinkState.class, s -> s.phase() == LinkState.Phase.CONNECTED, WAIT);
                    proxy.muteNow(); // the server stops answering: the next READ hangs
                    c.pollNow();
                    c.send("bob", "typed while the server hangs");
                    RecordingEvents.OutboxNow filed = events.await(
                            RecordingEvents.OutboxNow.class, o -> !o.entries().isEmpty(), Duration.ofSeconds(5));
                    assertEquals(Outbox.State.PENDING, filed.entries().get(0).state());
                    assertEquals(
                            "typed while the server hangs",
                            outbox().entries().get(0).text());
                }
            });
        }
    }

    @Test
    void messages_written_offline_are_queued_and_sent_in_order_when_the_server_is_back() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort(); // nothing listens there now
        }
        RecordingEvents events = new RecordingEvents();
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            try (Courier c = courier(port, events).start()) {
                events.await(LinkState.class, s -> s.phase() == LinkState.Phase.OFFLINE, WAIT);
                c.send("bob", "one");
                c.send("bob", "two");
                assertEquals(
                        SendResult.Outcome.QUEUED,
                        events.await(SendResult.class, x -> true, WAIT).outcome());
                assertEquals(
                        SendResult.Outcome.QUEUED,
                        events.await(SendResult.class, x -> true, WAIT).outcome());
                assertEquals(
                        List.of(Outbox.State.PENDING, Outbox.State.PENDING),
                        outbox().entries().stream().map(Outbox.Entry::state).toList());
                try (ServerFixture server = ServerFixture.start(b -> b.port(port))) {
                    c.pollNow(); // Ctrl-R: reconnect now instead of after the backoff
                    SendResult first = events.await(SendResult.class, x -> true, WAIT);
                    SendResult second = events.await(SendResult.class, x -> true, WAIT);
                    assertEquals(List.of("one", "two"), List.of(first.text(), second.text()));
                    assertEquals(SendResult.Outcome.SENT, second.outcome());
                    assertEquals(List.of(), outbox().entries());
                    try (ClientSession bob = server.login("bob")) {
                        assertEquals("one", bob.read().map(Reply.Message::text).orElse(null));
                        assertEquals("two", bob.read().map(Reply.Message::text).orElse(null));
                    }
                }
            }
            List<String> sent = new SentStore(dir.resolve("alice.sent.log"))
                    .readAll().stream().map(ConversationMessage::text).toList();
            assertEquals(List.of("one", "two"), sent);
        });
    }

    /**
     * A TCP proxy that can stop passing the server's answers on from the client's first COMPOSE (which still
     * reaches the server).
     */
    static final class MutingProxy implements AutoCloseable {
        private final ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final AtomicBoolean muted = new AtomicBoolean();
        private final AtomicBoolean muteAtCompose = new AtomicBoolean();
        private final List<Socket> open = new CopyOnWriteArrayList<>();

        MutingProxy(int target) throws IOException {
            Thread t = new Thread(() -> {
                try {
                    while (true) {
                        Socket client = listener.accept();
                        Socket server = new Socket(InetAddress.getLoopbackAddress(), target);
                        open.add(client);
                        open.add(server);
                        pump(client.getInputStream(), server.getOutputStream(), false);
                        pump(server.getInputStream(), client.getOutputStream(), true);
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
            t.setDaemon(true);
            t.start();
        }

        int port() {
            return listener.getLocalPort();
        }

        void muteNow() {
            muted.set(true);
        }

        void muteFromCompose() {
            muteAtCompose.set(true);
        }

        void unmute() {
            muteAtCompose.set(false);
            muted.set(false);
        }

        private void pump(InputStream in, OutputStream out, boolean answers) {
            Thread t = new Thread(() -> {
                byte[] buf = new byte[4096];
                try {
                    for (int n; (n = in.read(buf)) >= 0; ) {
                        if (!answers
                                && muteAtCompose.get()
                                && new String(buf, 0, n, StandardCharsets.US_ASCII).contains("COMPOSE ")) {
                            muted.set(true); // before the server can answer it
                        }
                        if (!(answers && muted.get())) {
                            out.write(buf, 0, n);
                            out.flush();
                        }
                    }
                } catch (IOException closed) {
                    // either side went away
                }
            });
            t.setDaemon(true);
            t.start();
        }

        @Override
        public void close() throws IOException {
            listener.close();
            for (Socket s : open) {
                s.close();
            }
        }
    }
}
