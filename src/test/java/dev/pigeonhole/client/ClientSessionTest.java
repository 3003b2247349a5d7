package dev.pigeonhole.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pigeonhole.protocol.InvalidInputException;
import dev.pigeonhole.protocol.ProtocolException;
import dev.pigeonhole.protocol.Reply;
import dev.pigeonhole.testing.ScriptedServer;
import dev.pigeonhole.testing.Scripts;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The checked session: nothing invalid is sent (P2-P4), nothing unexpected is trusted (P10). */
class ClientSessionTest {
    private static final Duration BOUND = Duration.ofSeconds(20);
    /** Far below every other timeout in play (the fake server waits 10 s), so only the behaviour under test meets it. */
    private static final Duration PROMPTLY = Duration.ofSeconds(5);

    private static ClientSession connect(ScriptedServer server, int maxMessage) throws IOException {
        return ClientSession.connect(
                "127.0.0.1", server.port(), Duration.ofSeconds(5), Duration.ofSeconds(5), maxMessage);
    }

    /** Runs {@code body} against a fresh server playing {@code script}, and returns what the server received. */
    private static String conversation(Supplier<Function<String, String>> script, int maxMessage, SessionBody body) {
        try (ScriptedServer server = ScriptedServer.start(script)) {
            assertTimeoutPreemptively(BOUND, () -> {
                try (ClientSession s = connect(server, maxMessage)) {
                    body.run(s);
                }
            });
            server.settle();
            return server.received();
        }
    }

    private interface SessionBody {
        void run(ClientSession s) throws Exception;
    }

    @Test
    void login_compose_read_exit_speak_the_protocol_P5_P7_P8_P9() {
        String sent = conversation(
                Scripts.agreeable(1, List.of(), List.<String[]>of(new String[] {"bob", "At least you'll talk to me"})),
                4096,
                s -> {
                    assertEquals(1, s.login("alice"));
                    assertEquals("alice", s.user());
                    assertEquals(Reply.ComposeStatus.SENT, s.compose("alice", "Hi Alice!"));
                    assertEquals(Optional.of(new Reply.Message("bob", "At least you'll talk to me")), s.read());
                    assertEquals(Optional.empty(), s.read());
                    s.exit();
                    assertFalse(s.isOpen());
                });
        assertEquals("LOGIN alice\nCOMPOSE alice\nHi Alice!\nREAD\nREAD\nEXIT\n", sent);
    }

    @Test
    void an_invalid_user_name_is_refused_before_a_byte_is_written_P3() {
        String sent = conversation(Scripts.agreeable(0), 4096, s -> {
            assertEquals(
                    "a user name cannot contain spaces",
                    assertThrows(InvalidInputException.class, () -> s.login("my username contains the space character"))
                            .getMessage());
            assertEquals(
                    "a user name cannot be empty",
                    assertThrows(InvalidInputException.class, () -> s.login("")).getMessage());
            assertEquals(
                    "only printable ASCII characters can be used in a user name; found 'ø' at position 2",
                    assertThrows(InvalidInputException.class, () -> s.login("bø"))
                            .getMessage());
            assertTrue(s.isOpen());
        });
        assertEquals("", sent);
    }

    @Test
    void invalid_compose_arguments_send_nothing_and_leave_the_session_usable_P2_P3_P4() {
        String sent = conversation(Scripts.agreeable(0), 10, s -> {
            s.login("me");
            assertEquals(
                    "a recipient cannot contain spaces",
                    assertThrows(InvalidInputException.class, () -> s.compose("bo b", "hi"))
                            .getMessage());
            assertEquals(
                    "only printable ASCII characters can be sent; found 'é' at position 4",
                    assertThrows(InvalidInputException.class, () -> s.compose("bob", "café"))
                            .getMessage());
            assertEquals(
                    "only printable ASCII characters can be sent; found a line break at position 3",
                    assertThrows(InvalidInputException.class, () -> s.compose("bob", "hi\nCOMPOSE eve"))
                            .getMessage());
            assertEquals(
                    "message is 11 characters; the limit is 10",
                    assertThrows(InvalidInputException.class, () -> s.compose("bob", "x".repeat(11)))
                            .getMessage());
            assertEquals(
                    "a message cannot be missing",
                    assertThrows(InvalidInputException.class, () -> s.compose("bob", null))
                            .getMessage());
            assertTrue(s.isOpen());
            assertEquals(Reply.ComposeStatus.SENT, s.compose("bob", "x".repeat(10)));
        });
        assertEquals("LOGIN me\nCOMPOSE bob\nxxxxxxxxxx\n", sent, "only the valid message reached the socket");
    }

    @Test
    void calls_out_of_order_throw_and_send_nothing_P5_P6() {
        String sent = conversation(Scripts.agreeable(0), 4096, s -> {
            assertThrows(IllegalStateException.class, () -> s.compose("bob", "hi"));
            assertThrows(IllegalStateException.class, s::read);
            s.exit(); // before LOGIN, EXIT would itself break P5: it only closes
            assertThrows(IllegalStateException.class, () -> s.login("me"));
        });
        assertEquals("", sent);
        String twice = conversation(Scripts.agreeable(0), 4096, s -> {
            s.login("me");
            assertEquals(
                    "already logged in as me",
                    assertThrows(IllegalStateException.class, () -> s.login("me"))
                            .getMessage());
        });
        assertEquals("LOGIN me\n", twice);
    }

    @Test
    void MESSAGE_FAILED_is_an_answer_not_an_error_P7() {
        conversation(Scripts.agreeable(0, List.of("MESSAGE FAILED"), List.of()), 4096, s -> {
            s.login("alice");
            assertEquals(Reply.ComposeStatus.FAILED, s.compose("alice", "Note to self: Read my messages"));
            assertTrue(s.isOpen());
        });
    }

    /** A reply that breaks the protocol: the session throws, closes, and refuses every later call. */
    private static ProtocolException dropped(Supplier<Function<String, String>> script, SessionBody body) {
        ProtocolException[] seen = new ProtocolException[1];
        String sent = conversation(script, 4096, s -> {
            seen[0] = assertThrows(ProtocolException.class, () -> body.run(s));
            assertFalse(s.isOpen(), "the connection is dropped");
            assertThrows(IllegalStateException.class, s::read);
            s.exit(); // sends nothing on a dropped session
        });
        assertFalse(sent.contains("EXIT"), sent);
        return seen[0];
    }

    @Test
    void a_non_number_after_LOGIN_drops_the_connection_P5_P10() {
        ProtocolException e = dropped(Scripts.loginAnswer("two\n"), s -> s.login("me"));
        assertEquals("P5", e.rule());
        assertEquals("two", e.excerpt());
        assertEquals(
                "P5", dropped(Scripts.loginAnswer("\n"), s -> s.login("me")).rule());
        assertEquals(
                "P5",
                dropped(Scripts.loginAnswer("99999999999999999999\n"), s -> s.login("me"))
                        .rule());
    }

    @Test
    void an_unknown_status_drops_the_connection_P7_P10() {
        ProtocolException e = dropped(Scripts.answering("hi", "message sent\n", false), s -> {
            s.login("me");
            s.compose("bob", "hi");
        });
        assertEquals("P7", e.rule());
        assertEquals("message sent", e.excerpt());
    }

    @Test
    void a_sender_with_spaces_drops_the_connection_P8_P10() {
        ProtocolException e = dropped(Scripts.answering("READ", "bob smith\nhello\n", false), s -> {
            s.login("me");
            s.read();
        });
        assertEquals("P8", e.rule());
    }

    @Test
    void a_control_byte_drops_the_connection_with_a_sanitized_excerpt_P2_P10() {
        ProtocolException e = dropped(Scripts.answering("READ", "bob\n\u001b[2Jgone\n", false), s -> {
            s.login("me");
            s.read();
        });
        assertEquals("P2", e.rule());
        assertEquals("\\x1b[2Jgone", e.excerpt());
    }

    @Test
    void an_endless_reply_line_is_cut_off_at_the_bound_P11() {
        ProtocolException e = dropped(Scripts.loginAnswer("1".repeat((1 << 20) + 10) + "\n"), s -> s.login("me"));
        assertEquals("P11", e.rule());
    }

    @Test
    void a_connection_closed_mid_line_is_an_error_not_a_short_message_P1() {
        conversation(Scripts.answering("READ", "bob\nhalf a li" + ScriptedServer.THEN_HANG_UP, false), 4096, s -> {
            s.login("me");
            assertThrows(EOFException.class, s::read);
            assertFalse(s.isOpen());
        });
    }

    @Test
    void close_from_another_thread_ends_a_blocked_exchange_at_once() throws Exception {
        try (ScriptedServer server = ScriptedServer.start(Scripts.loginAnswer("1\n"))) {
            // A read timeout far past the bound: only close() can end the READ in time.
            ClientSession s = ClientSession.connect(
                    "127.0.0.1", server.port(), Duration.ofSeconds(5), Duration.ofMinutes(5), 4096);
            s.login("me");
            CompletableFuture<Optional<Reply.Message>> read = CompletableFuture.supplyAsync(() -> {
                try {
                    return s.read();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            assertTimeoutPreemptively(PROMPTLY, () -> {
                while (!server.received().contains("READ\n")) {
                    Thread.sleep(5); // the READ is on the wire, so the reader is (or is about to be) blocked
                }
                s.close(); // must not wait for the reader's lock
                ExecutionException e = assertThrows(ExecutionException.class, read::get);
                assertTrue(e.getCause().getCause() instanceof IOException, e.toString());
            });
            assertFalse(s.isOpen());
        }
    }

    @Test
    void a_server_trickling_a_reply_cannot_hold_an_exchange_past_the_read_timeout() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread trickler = new Thread(() -> {
                try (Socket c = listener.accept()) {
                    OutputStream out = c.getOutputStream();
                    long end = System.nanoTime() + BOUND.toNanos();
                    while (System.nanoTime() < end && !c.isClosed()) {
                        out.write('1'); // a digit every 50 ms: each socket read succeeds well within 300 ms
                        out.flush();
                        Thread.sleep(50);
                    }
                } catch (IOException | InterruptedException e) {
                    // the client gave up: what this test wants
                }
            });
            trickler.setDaemon(true);
            trickler.start();
            try (ClientSession s = ClientSession.connect(
                    "127.0.0.1", listener.getLocalPort(), Duration.ofSeconds(5), Duration.ofMillis(300), 4096)) {
                assertTimeoutPreemptively(
                        PROMPTLY, () -> assertThrows(SocketTimeoutException.class, () -> s.login("me")));
                assertFalse(s.isOpen());
            }
            trickler.join(BOUND.toMillis());
        }
    }

    @Test
    void connecting_where_nothing_listens_fails_with_an_IOException() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        assertThrows(java.net.ConnectException.class, () -> ClientSession.connect("127.0.0.1", port));
    }
}
