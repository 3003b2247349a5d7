package dev.pigeonhole.cli;

import static dev.pigeonhole.cli.SendCommandTest.port;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pigeonhole.cli.Cli.Result;
import dev.pigeonhole.testing.ScriptedServer;
import dev.pigeonhole.testing.Scripts;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code pigeonhole count}: the LOGIN count (P5) on stdout, exit 0 if any wait, 1 if none, like {@code mail -e}. */
class CountCommandTest {
    @Test
    void prints_the_count_and_exits_0_when_messages_wait_reading_nothing_P5() {
        try (ScriptedServer server = ScriptedServer.start(Scripts.agreeable(3))) {
            Result r = Cli.run("count", "--port", port(server));
            assertEquals(new Result(0, "3\n", ""), r);
            server.settle();
            assertEquals("LOGIN me\nEXIT\n", server.received(), "count never READs");
        }
    }

    @Test
    void exits_1_when_no_message_waits_P5() {
        try (ScriptedServer server = ScriptedServer.start(Scripts.agreeable(0))) {
            assertEquals(new Result(1, "0\n", ""), Cli.run("count", "--port", port(server)));
        }
    }

    @Test
    void quiet_prints_nothing_and_answers_with_the_exit_code() {
        try (ScriptedServer server = ScriptedServer.start(Scripts.agreeable(2))) {
            assertEquals(new Result(0, "", ""), Cli.run("count", "-q", "--port", port(server)));
        }
    }

    @Test
    void user_host_and_port_come_from_the_environment() {
        try (ScriptedServer server = ScriptedServer.start(Scripts.agreeable(1))) {
            Result r = Cli.runWith(
                    "",
                    Map.of("PIGEONHOLE_USER", "carol", "PIGEONHOLE_PORT", port(server), "PIGEONHOLE_HOST", "localhost"),
                    "count");
            // TCP the command line did not name: one line says what it means (issue 19).
            assertEquals(
                    new Result(
                            0,
                            "1\n",
                            "pigeonhole count: localhost:" + port(server) + " is TCP, where the server cannot verify"
                                    + " names: anyone on this host could be listening there or log in as you (use the"
                                    + " service's socket where there is one)\n"),
                    r);
            server.settle();
            assertEquals("LOGIN carol\nEXIT\n", server.received());
        }
    }

    @Test
    void the_command_line_wins_over_the_environment() {
        try (ScriptedServer server = ScriptedServer.start(Scripts.agreeable(1))) {
            Result r = Cli.runWith(
                    "",
                    Map.of("PIGEONHOLE_USER", "carol", "PIGEONHOLE_PORT", "1"),
                    "count",
                    "--port",
                    port(server),
                    "--user",
                    "dave");
            assertEquals(0, r.code(), r.err());
            server.settle();
            assertEquals("LOGIN dave\nEXIT\n", server.received());
        }
    }

    @Test
    void a_non_number_after_LOGIN_drops_the_connection_and_exits_1_P5_P10() {
        try (ScriptedServer server = ScriptedServer.start(Scripts.loginAnswer("-1\n"))) {
            Result r = Cli.run("count", "--port", port(server));
            assertEquals(
                    "pigeonhole count: 127.0.0.1:" + server.port() + " broke the protocol, connection dropped: "
                            + "P5: expected a message count after LOGIN [-1]",
                    r.oneErrorLine(ExitCode.FAILURE));
            assertEquals("", r.out());
            server.settle();
            assertEquals("LOGIN me\n", server.received(), "no EXIT: the client drops the connection without a word");
        }
    }

    @Test
    void terminal_escapes_from_a_server_are_shown_escaped_P2_P10() {
        try (ScriptedServer server = ScriptedServer.start(Scripts.loginAnswer("\u001b]0;pwned\u0007\u001b[2J\n"))) {
            Result r = Cli.run("count", "--port", port(server));
            assertEquals(
                    "pigeonhole count: 127.0.0.1:" + server.port() + " broke the protocol, connection dropped: "
                            + "P2: byte 0x1b at column 1 [\\x1b]0;pwned\\x07\\x1b[2J]",
                    r.oneErrorLine(ExitCode.FAILURE));
        }
    }

    @Test
    void a_server_that_hangs_up_after_LOGIN_exits_1() {
        try (ScriptedServer server = ScriptedServer.start(() -> line -> null)) {
            Result r = Cli.run("count", "--port", port(server));
            assertEquals(
                    "pigeonhole count: 127.0.0.1:" + server.port() + " closed the connection unexpectedly",
                    r.oneErrorLine(ExitCode.FAILURE));
        }
    }

    @Test
    void an_unknown_host_exits_1() {
        Result r = Cli.run("count", "--host", "no-such-host.invalid");
        assertEquals(
                "pigeonhole count: cannot connect to no-such-host.invalid:4554: unknown host",
                r.oneErrorLine(ExitCode.FAILURE));
    }

    @Test
    void a_bad_value_from_the_environment_names_its_variable() {
        Result r = Cli.runWith("", Map.of("PIGEONHOLE_PORT", "abc"), "count");
        assertEquals(
                "pigeonhole count: PIGEONHOLE_PORT=abc: a port is a number from 1 to 65535"
                        + " (see 'pigeonhole count --help')",
                r.oneErrorLine(ExitCode.USAGE));
        Result onLine = Cli.runWith("", Map.of("PIGEONHOLE_PORT", "abc"), "count", "--port=x");
        assertEquals(
                "pigeonhole count: --port x: a port is a number from 1 to 65535 (see 'pigeonhole count --help')",
                onLine.oneErrorLine(ExitCode.USAGE));
    }
}
