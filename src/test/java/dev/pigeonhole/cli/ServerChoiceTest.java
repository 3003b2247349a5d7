package dev.pigeonhole.cli;

import static dev.pigeonhole.cli.SendCommandTest.port;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pigeonhole.cli.Cli.Result;
import dev.pigeonhole.testing.ScriptedServer;
import dev.pigeonhole.testing.Scripts;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Issue 20 point 4 (choice of server): the command line wins, errors name the environment, -v says why. */
class ServerChoiceTest {
    @Test
    void a_port_on_the_command_line_wins_over_a_socket_from_the_environment() {
        try (ScriptedServer server = ScriptedServer.start(Scripts.agreeable(2))) {
            Result r = Cli.runWith(
                    "", Map.of("PIGEONHOLE_SOCKET", "/nonexistent/x.sock"), "count", "--port", port(server));
            assertEquals(new Result(0, "2\n", ""), r);
        }
    }

    @Test
    void verbose_says_which_server_and_why_in_one_line() {
        try (ScriptedServer server = ScriptedServer.start(Scripts.agreeable(2))) {
            Result r = Cli.runWith(
                    "", Map.of("PIGEONHOLE_SOCKET", "/nonexistent/x.sock"), "count", "-v", "--port", port(server));
            assertEquals(0, r.code(), r::err);
            assertEquals(
                    "pigeonhole count: server 127.0.0.1:" + port(server) + " (--port on the command line;"
                            + " PIGEONHOLE_SOCKET from the environment yields to the command line)\n",
                    r.err());
        }
    }

    @Test
    void the_variable_pigeonhole_verbose_does_what_v_does() {
        try (ScriptedServer server = ScriptedServer.start(Scripts.agreeable(0))) {
            Result r = Cli.runWith("", Map.of("PIGEONHOLE_VERBOSE", "1"), "count", "--port", port(server));
            assertTrue(r.err().startsWith("pigeonhole count: server 127.0.0.1:"), r::err);
        }
    }

    @Test
    void an_error_in_a_value_from_the_environment_names_the_variable() {
        String line =
                Cli.runWith("", Map.of("PIGEONHOLE_PORT", "99999"), "count").oneErrorLine(2);
        assertEquals(
                "pigeonhole count: PIGEONHOLE_PORT=99999: a port is a number from 1 to 65535 (see 'pigeonhole count --help')",
                line);
        String both = Cli.runWith("", Map.of("PIGEONHOLE_PORT", "4711", "PIGEONHOLE_SOCKET", "/x.sock"), "count")
                .oneErrorLine(2);
        assertTrue(
                both.matches("pigeonhole count: PIGEONHOLE_\\w+=\\S+, PIGEONHOLE_\\w+=\\S+: --socket and --host/--port"
                        + " cannot be used together \\(see 'pigeonhole count --help'\\)"),
                both);
    }

    @Test
    void two_servers_named_on_the_command_line_are_still_refused() {
        String line = Cli.run("count", "--port", "4711", "--socket", "/x.sock").oneErrorLine(2);
        assertEquals(
                "pigeonhole count: --socket and --host/--port cannot be used together (see 'pigeonhole count --help')",
                line);
    }
}
