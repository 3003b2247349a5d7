package dev.pigeonhole.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pigeonhole.testing.RawClient;
import dev.pigeonhole.testing.ServerFixture;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every rule of {@code src/docs/protocol.md}, on the wire, against a real server, over TCP with messages in memory;
 * {@link ProtocolRulesOverSocketTest} runs the same tests over a Unix socket, {@link ProtocolRulesWithJournalTest}
 * with a journal (fsync always), where every store call is answered from the journal's writer thread.
 */
@Timeout(20)
class ProtocolRulesTest {
    @RegisterExtension
    final ServerFixture server = start(UnaryOperator.identity());

    /** The transport every test of this class uses. */
    ServerFixture.Transport transport() {
        return ServerFixture.Transport.TCP;
    }

    /** Where the server of every test of this class keeps messages. */
    ServerFixture.Store store() {
        return ServerFixture.Store.IN_MEMORY;
    }

    private ServerFixture start(UnaryOperator<ServerConfig.Builder> customize) {
        return ServerFixture.start(transport(), store(), customize);
    }

    private static void assertDropped(RawClient c) throws Exception {
        assertTrue(c.closedByServer(), "the server should drop the connection without replying");
    }

    private String awaitDrop(String rule) throws InterruptedException {
        return server.awaitLog(": " + rule + " ", Duration.ofSeconds(5));
    }

    private long count(String user) throws Exception {
        try (RawClient c = server.raw()) {
            return Long.parseLong(c.send("LOGIN " + user).readLine());
        }
    }

    // ---- P1: one line of ASCII + LF each way, case sensitive

    @Test
    void replies_are_exact_lines_ending_in_LF_P1() throws Exception {
        try (RawClient c = server.raw()) {
            c.sendBytes("LOGIN p1\nCOMPOSE p1\nhi\nREAD\nREAD\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = c.input();
            byte[] expected = "0\nMESSAGE SENT\np1\nhi\nREAD ERROR\n".getBytes(StandardCharsets.US_ASCII);
            assertArrayEquals(expected, in.readNBytes(expected.length));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"login p1", "Login p1", "LOGIN p1\nread", "LOGIN p1\nexit", "LOGIN p1\ncompose p1"})
    void commands_are_case_sensitive_P1(String lines) throws Exception {
        try (RawClient c = server.raw()) {
            String[] parts = lines.split("\n");
            if (parts.length == 2) {
                assertEquals("0", c.send(parts[0]).readLine());
            }
            c.send(parts[parts.length - 1]);
            assertDropped(c);
        }
    }

    // ---- P2: printable ASCII only; CR is not part of the terminator

    @ParameterizedTest
    @ValueSource(strings = {"READ\r", "READ\u0000", "RE\tAD", "\u001b[2JREAD", "READ\u007f", "R\u00e9AD", "\u00ff"})
    void an_invalid_byte_in_a_command_drops_the_connection_P2(String line) throws Exception {
        try (RawClient c = server.raw()) {
            assertEquals("0", c.send("LOGIN p2").readLine());
            c.send(line);
            assertDropped(c);
        }
        assertTrue(awaitDrop("P2").contains("(p2)"));
    }

    @Test
    void an_invalid_byte_in_a_message_line_drops_the_connection_and_stores_nothing_P2() throws Exception {
        try (RawClient c = server.raw()) {
            assertEquals("0", c.send("LOGIN p2m").readLine());
            c.send("COMPOSE p2m").send("colour \u001b[31mred");
            assertDropped(c);
        }
        awaitDrop("P2");
        assertEquals(0, count("p2m"));
    }

    @Test
    void invalid_bytes_are_logged_escaped_P2() throws Exception {
        try (RawClient c = server.raw()) {
            c.sendBytes(new byte[] {'L', 'O', 'G', 'I', 'N', ' ', 0x1b, ']', '0', ';', 'x', 0x07, '\n'});
            assertDropped(c);
        }
        String line = awaitDrop("P2");
        assertTrue(line.contains("\\x1b]0;x\\x07"), line);
        assertTrue(line.chars().allMatch(ch -> ch >= 0x20 && ch < 0x7f), line);
    }

    @Test
    void every_printable_byte_is_carried_exactly_P2_P4() throws Exception {
        StringBuilder all = new StringBuilder();
        for (char ch = 0x20; ch <= 0x7e; ch++) {
            all.append(ch);
        }
        try (RawClient c = server.raw()) {
            c.send("LOGIN p2ok");
            c.readLine();
            assertEquals(
                    "MESSAGE SENT", c.send("COMPOSE p2ok").send(all.toString()).readLine());
            c.send("READ");
            assertEquals("p2ok", c.readLine());
            assertEquals(all.toString(), c.readLine());
        }
    }

    // ---- P3: user names

    @Test
    void user_names_may_hold_any_printable_character_but_space_up_to_64_P3() throws Exception {
        StringBuilder name = new StringBuilder();
        for (char ch = 0x21; ch <= 0x7e && name.length() < 64; ch++) {
            name.append(ch);
        }
        String longest = name.toString();
        assertEquals(64, longest.length());
        try (RawClient c = server.raw()) {
            assertEquals("0", c.send("LOGIN " + longest).readLine());
            assertEquals(
                    "MESSAGE SENT",
                    c.send("COMPOSE " + longest).send("to myself").readLine());
            c.send("READ");
            assertEquals(longest, c.readLine());
            assertEquals("to myself", c.readLine());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"LOGIN", "LOGIN ", "LOGIN  bob", "LOGIN bob ", "LOGIN a b"})
    void a_login_without_a_valid_name_drops_the_connection_P3(String line) throws Exception {
        try (RawClient c = server.raw()) {
            c.send(line);
            assertDropped(c);
        }
    }

    @Test
    void a_name_of_65_characters_drops_the_connection_P3() throws Exception {
        try (RawClient c = server.raw()) {
            c.send("LOGIN " + "n".repeat(65));
            assertDropped(c);
        }
    }

    @Test
    void compose_to_an_invalid_name_drops_the_connection_P3() throws Exception {
        try (RawClient c = server.raw()) {
            assertEquals("0", c.send("LOGIN p3").readLine());
            c.send("COMPOSE a b");
            assertDropped(c);
        }
    }

    // ---- P4: messages

    @Test
    void empty_messages_spaces_and_the_longest_message_arrive_unchanged_P4() throws Exception {
        List<String> messages = List.of("", " ", "  two  leading and trailing  ", "x".repeat(4096));
        try (RawClient c = server.raw()) {
            assertEquals("0", c.send("LOGIN p4").readLine());
            for (String m : messages) {
                assertEquals("MESSAGE SENT", c.send("COMPOSE p4").send(m).readLine());
            }
            for (String m : messages) {
                c.send("READ");
                assertEquals("p4", c.readLine());
                assertEquals(m, c.readLine());
            }
        }
    }

    // ---- P5: LOGIN first, reply is the count

    @ParameterizedTest
    @ValueSource(strings = {"READ", "EXIT", "COMPOSE bob", "hello", ""})
    void anything_before_LOGIN_drops_the_connection_P5(String first) throws Exception {
        try (RawClient c = server.raw()) {
            c.send(first);
            assertDropped(c);
        }
    }

    @Test
    void login_replies_the_number_of_stored_messages_P5() throws Exception {
        try (RawClient c = server.raw()) {
            c.send("LOGIN sender").readLine();
            for (int i = 0; i < 12; i++) {
                assertEquals("MESSAGE SENT", c.send("COMPOSE p5").send("m" + i).readLine());
            }
        }
        assertEquals(12, count("p5"));
        assertEquals(0, count("nobody-p5"));
    }

    // ---- P6: any number of COMPOSE / READ after LOGIN

    @Test
    void compose_and_read_may_follow_in_any_order_any_number_of_times_P6() throws Exception {
        try (RawClient c = server.raw()) {
            assertEquals("0", c.send("LOGIN p6").readLine());
            for (int i = 0; i < 50; i++) {
                assertEquals("READ ERROR", c.send("READ").readLine());
                assertEquals("MESSAGE SENT", c.send("COMPOSE p6").send("n" + i).readLine());
                assertEquals("MESSAGE SENT", c.send("COMPOSE p6").send("m" + i).readLine());
                c.send("READ");
                assertEquals("p6", c.readLine());
                assertEquals("n" + i, c.readLine());
                c.send("READ");
                assertEquals("p6", c.readLine());
                assertEquals("m" + i, c.readLine());
            }
        }
    }

    @Test
    void pipelined_commands_are_answered_in_order_with_four_event_loops_P6_P8() throws Exception {
        try (ServerFixture four = start(cfg -> cfg.poolSize(4));
                RawClient c = four.raw()) {
            StringBuilder lines = new StringBuilder("LOGIN pipe\n");
            for (int i = 0; i < 500; i++) {
                lines.append("COMPOSE pipe\nm").append(i).append('\n').append("READ\n");
            }
            c.sendBytes(lines.toString().getBytes(StandardCharsets.US_ASCII));
            assertEquals("0", c.readLine());
            for (int i = 0; i < 500; i++) {
                assertEquals("MESSAGE SENT", c.readLine());
                assertEquals("pipe", c.readLine());
                assertEquals("m" + i, c.readLine());
            }
        }
    }

    // ---- P7: COMPOSE

    @Test
    void compose_to_yourself_is_allowed_P7() throws Exception {
        try (RawClient c = server.raw()) {
            c.send("LOGIN me").readLine();
            assertEquals("MESSAGE SENT", c.send("COMPOSE me").send("note").readLine());
            assertEquals("1", count("me") + "");
        }
    }

    @Test
    void the_default_server_holds_far_more_than_100_messages_per_user_P7() throws Exception {
        try (RawClient c = server.raw()) {
            c.send("LOGIN filler").readLine();
            StringBuilder batch = new StringBuilder();
            for (int i = 0; i < 1000; i++) {
                batch.append("COMPOSE p7\nmessage ").append(i).append('\n');
            }
            c.sendBytes(batch.toString().getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < 1000; i++) {
                assertEquals("MESSAGE SENT", c.readLine());
            }
        }
        assertEquals(1000, count("p7"));
    }

    @Test
    void a_full_queue_answers_MESSAGE_FAILED_and_recovers_when_read_P7() throws Exception {
        try (ServerFixture small = start(cfg -> cfg.maxQueue(3));
                RawClient c = small.raw()) {
            c.send("LOGIN q").readLine();
            for (int i = 0; i < 3; i++) {
                assertEquals("MESSAGE SENT", c.send("COMPOSE q").send("m" + i).readLine());
            }
            assertEquals(
                    "MESSAGE FAILED", c.send("COMPOSE q").send("one too many").readLine());
            assertEquals(
                    "MESSAGE FAILED", c.send("COMPOSE q").send("two too many").readLine());
            assertEquals(
                    "MESSAGE SENT",
                    c.send("COMPOSE other").send("other queues have room").readLine());
            c.send("READ");
            assertEquals("q", c.readLine());
            assertEquals("m0", c.readLine());
            assertEquals("MESSAGE SENT", c.send("COMPOSE q").send("m3").readLine());
            // Each refusal is reported; the server's log writer rate limits them (LogWriterTest).
            assertEquals(
                    2,
                    small.log().stream()
                            .filter(l -> l.contains("queue full: q "))
                            .count(),
                    "one event per refusal: " + small.log());
        }
    }

    // ---- P8: READ is FIFO and removes

    @Test
    void read_returns_the_earliest_message_and_removes_it_P8() throws Exception {
        try (RawClient a = server.raw();
                RawClient b = server.raw()) {
            a.send("LOGIN ann").readLine();
            b.send("LOGIN ben").readLine();
            assertEquals("MESSAGE SENT", a.send("COMPOSE p8").send("first").readLine());
            assertEquals("MESSAGE SENT", b.send("COMPOSE p8").send("second").readLine());
            assertEquals("MESSAGE SENT", a.send("COMPOSE p8").send("third").readLine());
        }
        try (RawClient c = server.raw()) {
            assertEquals("3", c.send("LOGIN p8").readLine());
            for (String[] expected : new String[][] {{"ann", "first"}, {"ben", "second"}, {"ann", "third"}}) {
                c.send("READ");
                assertEquals(expected[0], c.readLine());
                assertEquals(expected[1], c.readLine());
            }
            assertEquals("READ ERROR", c.send("READ").readLine());
        }
        assertEquals(0, count("p8"));
    }

    // ---- P9: EXIT

    @Test
    void exit_gets_no_reply_and_the_server_closes_P9() throws Exception {
        try (RawClient c = server.raw()) {
            c.send("LOGIN p9").readLine();
            c.send("EXIT");
            assertDropped(c);
        }
        assertTrue(
                server.log().stream().noneMatch(l -> l.contains("dropped")),
                server.log().toString());
    }

    @Test
    void replies_before_a_pipelined_exit_are_still_sent_P9() throws Exception {
        try (RawClient c = server.raw()) {
            c.sendBytes("LOGIN p9b\nCOMPOSE p9b\nbye\nEXIT\nREAD\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals("0", c.readLine());
            assertEquals("MESSAGE SENT", c.readLine());
            assertEquals(null, c.readLine()); // nothing after EXIT is read
        }
    }

    @Test
    void a_client_that_half_closes_after_its_lines_still_gets_every_reply_P1_P9() throws Exception {
        // As `printf 'LOGIN ...\n...' | nc -N host port` does: send everything, shut down the sending side, read.
        try (RawClient c = server.raw()) {
            c.sendBytes("LOGIN half\nCOMPOSE half\npiped\nREAD\n".getBytes(StandardCharsets.US_ASCII));
            c.shutdownOutput();
            assertEquals("0", c.readLine());
            assertEquals("MESSAGE SENT", c.readLine());
            assertEquals("half", c.readLine());
            assertEquals("piped", c.readLine());
            assertEquals(null, c.readLine());
        }
        // No line followed the READ, so the message was not confirmed: it is still there.
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (count("half") != 1 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(1, count("half"));
    }

    // ---- P10: any other line is an error; the connection is dropped without a reply

    @ParameterizedTest
    @ValueSource(
            strings = {
                "read",
                "LOGIN p10",
                "LOGIN",
                "COMPOSE",
                "COMPOSE a b",
                "READ now",
                "EXIT x",
                "HELLO",
                "",
                " READ",
                "READ ",
                "COMPOSE  bob"
            })
    void any_other_line_after_login_drops_the_connection_without_reply_P10(String line) throws Exception {
        try (RawClient c = server.raw()) {
            assertEquals("0", c.send("LOGIN p10").readLine());
            c.send(line);
            assertDropped(c);
        }
        String log = server.awaitLog("dropped", Duration.ofSeconds(5));
        assertTrue(log.matches(".*dropped #\\d+ (127\\.0\\.0\\.1:\\d+|unix:\\S+) \\(p10\\): P\\d+ .*"), log);
    }

    @Test
    void replies_to_valid_lines_before_a_pipelined_bad_line_are_sent_and_nothing_is_lost_P10_G2() throws Exception {
        try (RawClient c = server.raw()) {
            c.sendBytes("LOGIN pipe\nCOMPOSE pipe\none\nCOMPOSE pipe\ntwo\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals("0", c.readLine());
            assertEquals("MESSAGE SENT", c.readLine());
            assertEquals("MESSAGE SENT", c.readLine());
        }
        try (RawClient c = server.raw()) {
            // READ, READ, then a bad line, all in one write: both READs are answered before the drop.
            c.sendBytes("LOGIN pipe\nREAD\nREAD\nread\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals("2", c.readLine());
            assertEquals("pipe", c.readLine());
            assertEquals("one", c.readLine());
            assertEquals("pipe", c.readLine());
            assertEquals("two", c.readLine());
            assertDropped(c);
        }
        // The second message was in flight when the bad line came: it is kept (at-least-once), not lost.
        try (RawClient c = server.raw()) {
            assertEquals("1", c.send("LOGIN pipe").readLine());
            assertEquals("pipe", c.send("READ").readLine());
            assertEquals("two", c.readLine());
        }
    }

    @Test
    void a_drop_is_logged_with_the_offending_line_once_even_if_it_holds_a_bracket_P10() throws Exception {
        try (RawClient c = server.raw()) {
            c.send("LOGIN a [b");
            assertDropped(c);
        }
        String line = server.awaitLog("dropped", Duration.ofSeconds(5));
        assertTrue(line.endsWith(": P3 user name contains a space [LOGIN a [b]"), line);
    }

    @Test
    void a_second_login_drops_the_connection_P10() throws Exception {
        try (RawClient c = server.raw()) {
            c.send("LOGIN once").readLine();
            c.send("LOGIN once");
            assertDropped(c);
        }
        assertTrue(awaitDrop("P10").contains("second LOGIN"));
    }

    // ---- P11: bounded lines

    @Test
    void a_command_line_longer_than_the_longest_command_is_dropped_before_its_LF_P11() throws Exception {
        try (RawClient c = server.raw()) {
            c.send("LOGIN p11").readLine();
            c.sendBytes(("COMPOSE " + "x".repeat(65)).getBytes(StandardCharsets.US_ASCII)); // 73 bytes, no LF yet
            assertDropped(c);
        }
        assertTrue(awaitDrop("P11").contains("COMPOSE xxx"));
    }

    @Test
    void the_longest_valid_command_line_is_accepted_P11() throws Exception {
        try (RawClient c = server.raw()) {
            c.send("LOGIN p11ok").readLine();
            String name = "y".repeat(64);
            assertEquals(ServerFixture.maxCommandLine(), ("COMPOSE " + name).length());
            assertEquals("MESSAGE SENT", c.send("COMPOSE " + name).send("fits").readLine());
        }
    }

    @Test
    void an_over_long_message_is_answered_MESSAGE_FAILED_at_its_LF_and_not_stored_P11() throws Exception {
        try (RawClient c = server.raw()) {
            c.send("LOGIN p11m").readLine();
            c.send("COMPOSE p11m").sendBytes("z".repeat(4097).getBytes(StandardCharsets.US_ASCII));
            // No answer before the LF: the rest of the line is skipped as it arrives.
            c.timeout(200);
            try {
                c.input().read();
                throw new AssertionError("the server answered before the message line ended");
            } catch (java.net.SocketTimeoutException expected) {
                c.timeout(5000);
            }
            c.sendBytes("zzzz READ\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals("MESSAGE FAILED", c.readLine());
            assertEquals("READ ERROR", c.send("READ").readLine()); // the skipped bytes were no command
            assertEquals(
                    "MESSAGE SENT",
                    c.send("COMPOSE p11m").send("z".repeat(4096)).readLine());
        }
        server.awaitLog("message limit (4096 bytes) exceeded", Duration.ofSeconds(5));
    }

    @Test
    void a_ten_megabyte_message_line_is_skipped_and_answered_MESSAGE_FAILED_P11() throws Exception {
        try (RawClient c = server.raw()) {
            c.send("LOGIN big").readLine();
            c.send("COMPOSE big");
            byte[] chunk = "0123456789abcdef".repeat(4096).getBytes(StandardCharsets.US_ASCII); // 64 KiB
            for (int i = 0; i < 160; i++) {
                c.sendBytes(chunk);
            }
            assertEquals("MESSAGE FAILED", c.send("").readLine());
            assertEquals("READ ERROR", c.send("READ").readLine());
        }
    }

    // ---- P12: a connection that closes changes nothing

    @Test
    void a_disconnect_between_COMPOSE_and_its_message_stores_nothing_P12() throws Exception {
        try (RawClient c = server.raw()) {
            c.send("LOGIN p12s").readLine();
            c.send("COMPOSE p12");
        }
        try (RawClient c = server.raw()) {
            c.send("LOGIN p12s2").readLine();
            c.send("COMPOSE p12").sendBytes("half a message".getBytes(StandardCharsets.US_ASCII));
            c.abort();
        }
        assertEquals(0, count("p12"));
    }

    // ---- G3: the same user twice at once

    @Test
    void two_sessions_of_one_user_share_one_queue_G3() throws Exception {
        try (RawClient one = server.raw();
                RawClient two = server.raw();
                RawClient sender = server.raw()) {
            one.send("LOGIN g3").readLine();
            two.send("LOGIN g3").readLine();
            sender.send("LOGIN s").readLine();
            assertEquals("MESSAGE SENT", sender.send("COMPOSE g3").send("a").readLine());
            assertEquals("MESSAGE SENT", sender.send("COMPOSE g3").send("b").readLine());
            one.send("READ");
            assertEquals("s", one.readLine());
            assertEquals("a", one.readLine());
            two.send("READ");
            assertEquals("s", two.readLine());
            assertEquals("b", two.readLine());
            assertEquals("READ ERROR", one.send("READ").readLine());
            assertEquals("READ ERROR", two.send("READ").readLine());
        }
    }

    // ---- the worked examples of src/docs/protocol.md, line for line

    @Test
    void worked_example_1_a_name_with_spaces_is_dropped() throws Exception {
        try (RawClient c = server.raw()) {
            c.send("LOGIN my username contains the space character");
            assertDropped(c);
        }
        assertTrue(awaitDrop("P3").contains("LOGIN my username contains the space character"));
    }

    private static void example2(RawClient bob) throws Exception {
        assertEquals("0", bob.send("LOGIN bob").readLine());
        assertEquals("MESSAGE SENT", bob.send("COMPOSE alice").send("Hi Alice!").readLine());
        assertEquals("READ ERROR", bob.send("READ").readLine());
        assertEquals(
                "MESSAGE SENT",
                bob.send("COMPOSE alice").send("I guess you're not online").readLine());
        assertEquals(
                "MESSAGE SENT",
                bob.send("COMPOSE bob").send("At least you'll talk to me").readLine());
        bob.send("READ");
        assertEquals("bob", bob.readLine());
        assertEquals("At least you'll talk to me", bob.readLine());
        bob.send("EXIT");
        assertDropped(bob);
    }

    @Test
    void worked_example_2() throws Exception {
        try (RawClient bob = server.raw()) {
            example2(bob);
        }
    }

    /** Example 3 from alice's side; {@code noteReply} is what the server answers her note to self. */
    private static void example3(RawClient alice, String noteReply) throws Exception {
        assertEquals("2", alice.send("LOGIN alice").readLine());
        assertEquals(
                noteReply,
                alice.send("COMPOSE alice")
                        .send("Note to self: Read my messages")
                        .readLine());
        alice.send("READ");
        assertEquals("bob", alice.readLine());
        assertEquals("Hi Alice!", alice.readLine());
        alice.send("READ");
        assertEquals("bob", alice.readLine());
        assertEquals("I guess you're not online", alice.readLine());
        alice.send("EXIT");
        assertDropped(alice);
    }

    /** Example 3 as written: this server's queues hold 2 messages, so alice's note to self is refused. */
    @Test
    void worked_example_3_with_alices_queue_full() throws Exception {
        try (ServerFixture full = start(cfg -> cfg.maxQueue(2))) {
            try (RawClient bob = full.raw()) {
                example2(bob);
            }
            try (RawClient alice = full.raw()) {
                example3(alice, "MESSAGE FAILED");
            }
        }
    }

    /** Example 3 on a server with room: the note to self is stored, and read after bob's messages. */
    @Test
    void worked_example_3_with_room() throws Exception {
        try (RawClient bob = server.raw()) {
            example2(bob);
        }
        try (RawClient alice = server.raw()) {
            example3(alice, "MESSAGE SENT");
        }
    }

    @Test
    void worked_example_4_lower_case_read_is_dropped() throws Exception {
        try (RawClient carol = server.raw()) {
            assertEquals("0", carol.send("LOGIN carol").readLine());
            carol.send("read");
            assertDropped(carol);
        }
        assertTrue(awaitDrop("P10").contains("[read]"));
    }
}
