package dev.pigeonhole.tui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import com.googlecode.lanterna.screen.TerminalScreen;
import com.googlecode.lanterna.terminal.virtual.DefaultVirtualTerminal;
import dev.pigeonhole.client.Archive;
import dev.pigeonhole.client.ArchivedMessage;
import dev.pigeonhole.client.ClientSession;
import dev.pigeonhole.courier.Courier;
import dev.pigeonhole.protocol.Reply;
import dev.pigeonhole.testing.ServerFixture;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The whole client (window, network thread, session, archive) on a virtual terminal, against the real server. */
class MessengerServerTest {
    @RegisterExtension
    final ServerFixture server = ServerFixture.start();

    @TempDir
    Path dir;

    /** A Messenger for {@code user} on a virtual 80x24 terminal, polling every 200 ms. */
    private final class Client implements AutoCloseable {
        final DefaultVirtualTerminal vt = new DefaultVirtualTerminal(new TerminalSize(80, 24));
        final Archive archive;
        final Messenger messenger;

        Client(String user) throws Exception {
            archive = new Archive(dir.resolve(user + ".log"));
            TerminalScreen screen = new TerminalScreen(vt);
            screen.startScreen();
            Courier.Settings settings = new Courier.Settings(
                    server.host(),
                    server.port(),
                    user,
                    Duration.ofMillis(200),
                    Duration.ofSeconds(5),
                    Duration.ofSeconds(5),
                    4096);
            messenger = new Messenger(
                    screen,
                    settings,
                    archive,
                    new Messenger.Options(new Look(true, false), false, () -> {}, t -> {}, () -> null),
                    Clock.systemUTC(),
                    ZoneOffset.UTC);
        }

        Client start() {
            messenger.start();
            return this;
        }

        void type(String s) {
            s.chars().forEach(c -> vt.addInput(new KeyStroke((char) c, false, false)));
        }

        void key(KeyType k) {
            vt.addInput(new KeyStroke(k));
        }

        String screen() {
            StringBuilder b = new StringBuilder();
            for (int r = 0; r < 24; r++) {
                for (int c = 0; c < 80; c++) {
                    b.append(vt.getCharacter(c, r).getCharacterString());
                }
                b.append('\n');
            }
            return b.toString();
        }

        /** Runs the loop, as the real one does, until the screen shows what {@code done} wants. */
        void until(Predicate<String> done, String what) throws Exception {
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (System.nanoTime() < deadline) {
                if (!messenger.step()) {
                    Thread.sleep(Messenger.IDLE_SLEEP_MS);
                }
                if (done.test(screen())) {
                    return;
                }
            }
            fail("screen never showed " + what + ":\n" + screen());
        }

        @Override
        public void close() {
            messenger.close();
        }
    }

    @Test
    void typing_and_enter_sends_through_a_real_session_P7() {
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            try (Client alice = new Client("alice").start()) {
                alice.until(s -> s.contains("connected"), "connected");
                alice.type("bob");
                alice.key(KeyType.Tab);
                alice.type("Hi Bob! Lunch at noon?");
                alice.key(KeyType.Enter);
                alice.until(s -> s.contains("Sent to bob at"), "the send result");
                assertTrue(alice.screen().contains("Msg:      "), "the field is cleared:\n" + alice.screen());
            }
            try (ClientSession bob = server.login("bob")) {
                Optional<Reply.Message> m = bob.read();
                assertEquals(Optional.of(new Reply.Message("alice", "Hi Bob! Lunch at noon?")), m);
            }
        });
    }

    @Test
    void new_messages_arrive_by_themselves_archived_first_then_shown_P8() {
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            try (Client bob = new Client("bob").start()) {
                bob.until(s -> s.contains("connected"), "connected");
                try (ClientSession alice = server.login("alice")) {
                    assertEquals(Reply.ComposeStatus.SENT, alice.compose("bob", "first"));
                    assertEquals(Reply.ComposeStatus.SENT, alice.compose("bob", "second"));
                }
                bob.until(s -> s.contains("alice: second"), "both messages");
                String s = bob.screen();
                assertTrue(s.indexOf("alice: first") < s.indexOf("alice: second"), "FIFO order:\n" + s);
                assertTrue(s.contains("── new ──"), s);
                List<ArchivedMessage> kept = bob.archive.readAll();
                assertEquals(
                        List.of("first", "second"),
                        kept.stream().map(ArchivedMessage::text).toList());
            }
            try (ClientSession bob = server.login("bob")) {
                assertTrue(bob.read().isEmpty(), "READ removed them from the server");
            }
        });
    }

    @Test
    void the_inbox_starts_with_what_the_archive_holds() {
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            Archive archive = new Archive(dir.resolve("carol.log"));
            archive.append(new ArchivedMessage(Instant.parse("2026-11-20T08:30:00Z"), "dave", "read last week"));
            try (Client carol = new Client("carol").start()) {
                carol.until(s -> s.contains("08:30 dave: read last week"), "the archived message");
                assertTrue(carol.screen().contains("Fri 20 Nov 2026"), carol.screen());
                assertTrue(!carol.screen().contains("── new ──"), "history is not new:\n" + carol.screen());
            }
        });
    }

    @Test
    void a_message_sent_from_the_tui_appears_in_the_conversation_and_the_sent_store() {
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            try (Client alice = new Client("alice").start()) {
                alice.until(s -> s.contains("connected"), "connected");
                alice.type("bob");
                alice.key(KeyType.Tab);
                alice.type("See you at noon");
                alice.until(s -> s.contains("Msg: See you at noon"), "the typed text");
                alice.key(KeyType.Enter);
                alice.until(s -> s.contains("you → bob: See you at noon"), "the sent message in the conversation");
                alice.type("And bring the notes");
                alice.until(s -> s.contains("Msg: And bring the notes"), "the second text");
                alice.key(KeyType.Enter);
                alice.until(s -> s.contains("you → bob: And bring the notes"), "the second message");
                assertEquals(
                        List.of("See you at noon", "And bring the notes"),
                        dev.pigeonhole.client.SentStore.beside(alice.archive).readAll().stream()
                                .map(dev.pigeonhole.client.ConversationMessage::text)
                                .toList());
            }
        });
    }

    @Test
    void what_another_client_of_the_same_user_archives_appears_within_one_interval() {
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            try (Client bob = new Client("bob").start()) {
                bob.until(s -> s.contains("connected"), "connected");
                // What `pigeonhole read --user bob` from cron does: READ and archive, in another process.
                new Archive(dir.resolve("bob.log"))
                        .append(new ArchivedMessage(Instant.now(), "carol", "read by someone else"));
                bob.until(s -> s.contains("carol: read by someone else"), "the message archived elsewhere");
                assertTrue(bob.screen().contains("New message from carol"), bob.screen());
            }
        });
    }
}
