package dev.pigeonhole.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pigeonhole.cli.Cli.Result;
import dev.pigeonhole.testing.ScriptedServer;
import dev.pigeonhole.testing.Scripts;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code pigeonhole send}: what reaches the socket, and the exit codes 0, 1, 2 and 3. */
class SendCommandTest {
    private static final Duration BOUND = Duration.ofSeconds(20);

    @Test
    void words_are_joined_by_single_spaces_and_sent_then_EXIT_P7_P9() {
        try (ScriptedServer server = ScriptedServer.start(Scripts.agreeable(0))) {
            Result r = Cli.run("send", "--port", port(server), "--to", "bob", "Hi", "Alice!", "", "x");
            assertEquals(0, r.code(), r.err());
            assertEquals("", r.out());
            assertEquals("", r.err());
            server.settle();
            assertEquals("LOGIN me\nCOMPOSE bob\nHi Alice!  x\nEXIT\n", server.received());
        }
    }

    @Test
    void dash_sends_each_line_of_standard_input_in_order_including_empty_ones_P4() {
        try (ScriptedServer server = ScriptedServer.start(Scripts.agreeable(0))) {
            Result r = Cli.runWithInput(
                    "one\n\nthree  spaced \nlast without LF", "send", "--port", port(server), "--to", "bob", "-");
            assertEquals(0, r.code(), r.err());
            server.settle();
            assertEquals(
                    "LOGIN me\nCOMPOSE bob\none\nCOMPOSE bob\n\nCOMPOSE bob\nthree  spaced \n"
                            + "COMPOSE bob\nlast without LF\nEXIT\n",
                    server.received());
        }
    }

    @Test
    void stops_at_the_first_MESSAGE_FAILED_and_exits_3_P7() {
        try (ScriptedServer server =
                ScriptedServer.start(Scripts.agreeable(0, List.of("MESSAGE SENT", "MESSAGE FAILED"), List.of()))) {
            Result r = Cli.runWithInput("a\nb\nc\n", "send", "--port", port(server), "--to", "bob", "-");
            assertEquals(
                    "pigeonhole send: the server answered MESSAGE FAILED for message 2 of 3; 1 sent before it",
                    r.oneErrorLine(ExitCode.MESSAGE_FAILED));
            server.settle();
            assertEquals("LOGIN me\nCOMPOSE bob\na\nCOMPOSE bob\nb\nEXIT\n", server.received(), "c is never sent");
        }
    }

    @Test
    void a_single_MESSAGE_FAILED_exits_3_P7() {
        try (ScriptedServer server = ScriptedServer.start(Scripts.agreeable(0, List.of("MESSAGE FAILED"), List.of()))) {
            Result r = Cli.run("send", "--port", port(server), "--to", "alice", "Note to self");
            assertEquals(
                    "pigeonhole send: the server answered MESSAGE FAILED", r.oneErrorLine(ExitCode.MESSAGE_FAILED));
        }
    }

    static Stream<Arguments> invalidInput() {
        String tooLong = "x".repeat(4097);
        return Stream.of(
                Arguments.of("", List.of("--to", "bo b", "hi"), "a recipient cannot contain spaces"),
                Arguments.of("", List.of("--to", "", "hi"), "a recipient cannot be empty"),
                Arguments.of(
                        "",
                        List.of("--to", "b".repeat(65), "hi"),
                        "a recipient is at most 64 characters; this one is 65"),
                Arguments.of(
                        "",
                        List.of("--to", "bob", tooLong),
                        "message is 1 character too long: encoded for the wire it takes 4,097 characters and the"
                                + " limit is 4,096; the first 4,096 characters fit"),
                Arguments.of(
                        "",
                        List.of("--to", "bob", "--max-message", "5", "sixsix"),
                        "message is 1 character too long: encoded for the wire it takes 6 characters and the"
                                + " limit is 5; the first 5 characters fit"),
                Arguments.of(
                        "",
                        List.of("--to", "bob", "--max-message", "20", "café"),
                        "message is 1 character too long: encoded for the wire it takes 21 characters and the"
                                + " limit is 20; the first 3 characters fit"),
                Arguments.of("", List.of("--user", "m e", "--to", "bob", "hi"), "a user name cannot contain spaces"),
                Arguments.of(
                        "", List.of("--port", "0", "--to", "bob", "hi"), "a port is a number from 1 to 65535; got 0"),
                Arguments.of(
                        "ok\nfine\n" + "\u00e9".repeat(1300) + "\nnever\n",
                        List.of("--to", "bob", "-"),
                        "line 3: message is 68 characters too long: encoded for the wire it takes 4,327 characters"
                                + " and the limit is 4,096; the first 1,232 characters fit"),
                Arguments.of(
                        "ok\r\n",
                        List.of("--to", "bob", "-"),
                        "line 1 ends with a carriage return (CRLF line ends); remove them, for example with tr -d '\\r'"),
                Arguments.of(
                        "ok\n" + "y".repeat(100_000) + "\n",
                        List.of("--to", "bob", "-"),
                        "line 2: message is 95,904 characters too long: encoded for the wire it takes 100,000 characters and"
                                + " the limit is 4,096; the first 4,096 characters fit"),
                Arguments.of("", List.of("--to", "bob", "-"), "standard input held no message"),
                Arguments.of("", List.of("--to", "bob"), "standard input held no message"),
                Arguments.of("", List.of("hi"), "Missing required option: '--to=USER' (see 'pigeonhole send --help')"),
                Arguments.of(
                        "",
                        List.of("--timeout", "10x", "--to", "bob", "hi"),
                        "Invalid value for option '--timeout': '10x' is not a duration (examples: 500ms, 30s, 15m, 2h, PT15M)"
                                + " (see 'pigeonhole send --help')"),
                Arguments.of(
                        "",
                        List.of("--timeout", "0s", "--to", "bob", "hi"),
                        "--timeout must be positive (such as 500ms, 10s or 2m); got 0ms"),
                Arguments.of(
                        "", List.of("--to", "bob", "-x", "hi"), "unknown option '-x' (see 'pigeonhole send --help')"));
    }

    @ParameterizedTest(name = "[{index}] {2}")
    @MethodSource("invalidInput")
    void invalid_input_exits_2_and_nothing_reaches_the_socket_P2_P3_P4(
            String stdin, List<String> args, String problem) {
        try (ScriptedServer server = ScriptedServer.start(Scripts.agreeable(0))) {
            Result r = assertTimeoutPreemptively(
                    BOUND,
                    () -> Cli.runWithInput(
                            stdin,
                            Stream.concat(Stream.of("send", "--port", port(server)), args.stream())
                                    .toArray(String[]::new)));
            assertEquals("pigeonhole send: " + problem, r.oneErrorLine(ExitCode.USAGE));
            server.settle();
            assertEquals(0, server.connections(), "no connection was even made");
            assertEquals("", server.received());
        }
    }

    @Test
    void without_words_standard_input_is_one_message_with_its_line_breaks_and_no_final_newline() {
        try (ScriptedServer server = ScriptedServer.start(Scripts.agreeable(0))) {
            Result r = Cli.runWithInput("line1\nline2\n", "send", "--port", port(server), "--to", "bob");
            assertEquals(0, r.code(), r.err());
            server.settle();
            assertEquals("LOGIN me\nCOMPOSE bob\n=?UTF-8?Q?line1=0Aline2?=\nEXIT\n", server.received());
        }
    }

    @Test
    void non_ascii_text_goes_as_encoded_words_and_ascii_words_stay_readable_P2() {
        try (ScriptedServer server = ScriptedServer.start(Scripts.agreeable(0))) {
            Result r = Cli.run("send", "--port", port(server), "--to", "bob", "Lunch", "at", "the", "café?");
            assertEquals(0, r.code(), r.err());
            server.settle();
            assertEquals("LOGIN me\nCOMPOSE bob\nLunch at the =?UTF-8?Q?caf=C3=A9=3F?=\nEXIT\n", server.received());
        }
    }

    @Test
    void only_a_real_terminal_device_counts_as_one() {
        assertTrue(SendCommand.isTerminalDevice("/dev/pts/3"));
        assertTrue(SendCommand.isTerminalDevice("/dev/tty1"));
        assertFalse(SendCommand.isTerminalDevice("pipe:[12345]"));
        assertFalse(SendCommand.isTerminalDevice("/dev/null"));
        assertFalse(SendCommand.isTerminalDevice("/home/me/message.txt"));
    }

    @Test
    void an_at_sign_word_is_text_not_a_file_to_expand() {
        try (ScriptedServer server = ScriptedServer.start(Scripts.agreeable(0))) {
            Result r = Cli.run("send", "--port", port(server), "--to", "bob", "@pom.xml", "is", "the", "file");
            assertEquals(0, r.code(), r.err());
            server.settle();
            assertTrue(server.received().contains("\n@pom.xml is the file\n"), server.received());
        }
    }

    @Test
    void a_message_starting_with_a_dash_follows_a_double_dash() {
        try (ScriptedServer server = ScriptedServer.start(Scripts.agreeable(0))) {
            Result r = Cli.run("send", "--port", port(server), "--to", "bob", "--", "-5", "degrees");
            assertEquals(0, r.code(), r.err());
            server.settle();
            assertTrue(server.received().contains("COMPOSE bob\n-5 degrees\n"), server.received());
        }
    }

    @Test
    void a_refused_connection_exits_1_with_one_line() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        Result r = Cli.run("send", "--port", String.valueOf(closedPort), "--to", "bob", "hi");
        assertEquals(
                "pigeonhole send: cannot connect to 127.0.0.1:" + closedPort + ": Connection refused",
                r.oneErrorLine(ExitCode.FAILURE));
    }

    @Test
    void an_unknown_status_drops_the_connection_and_exits_1_P10() {
        try (ScriptedServer server = ScriptedServer.start(Scripts.answering("hi", "MESSAGE MAYBE\n", false))) {
            Result r = Cli.run("send", "--port", port(server), "--to", "bob", "hi");
            String line = r.oneErrorLine(ExitCode.FAILURE);
            assertEquals(
                    "pigeonhole send: 127.0.0.1:" + server.port() + " broke the protocol, connection dropped: "
                            + "P7: expected MESSAGE SENT or MESSAGE FAILED [MESSAGE MAYBE]",
                    line);
            server.settle();
            assertEquals(
                    "LOGIN me\nCOMPOSE bob\nhi\n",
                    server.received(),
                    "no EXIT after a broken reply: the client just drops");
        }
    }

    @Test
    void a_connection_closed_mid_line_exits_1_and_says_how_far_a_batch_got_P1() {
        try (ScriptedServer server = ScriptedServer.start(Scripts.answering("two", "MESSAGE SE", true))) {
            Result r = Cli.runWithInput("one\ntwo\nthree\n", "send", "--port", port(server), "--to", "bob", "-");
            assertEquals(
                    "pigeonhole send: 127.0.0.1:" + server.port() + " closed the connection unexpectedly"
                            + " for message 2 of 3; 1 sent before it",
                    r.oneErrorLine(ExitCode.FAILURE));
        }
    }

    @Test
    void a_silent_server_times_out_and_exits_1() {
        try (ScriptedServer server = ScriptedServer.start(Scripts.loginAnswer(""))) {
            Result r = assertTimeoutPreemptively(
                    BOUND, () -> Cli.run("send", "--port", port(server), "--timeout", "300ms", "--to", "bob", "hi"));
            assertEquals(
                    "pigeonhole send: no reply from 127.0.0.1:" + server.port() + " within 300ms; connection dropped",
                    r.oneErrorLine(ExitCode.FAILURE));
            server.settle();
            assertFalse(server.received().contains("COMPOSE"), server.received());
        }
    }

    static String port(ScriptedServer server) {
        return String.valueOf(server.port());
    }
}
