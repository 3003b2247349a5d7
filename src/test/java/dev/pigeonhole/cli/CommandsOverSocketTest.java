package dev.pigeonhole.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pigeonhole.cli.Cli.Result;
import dev.pigeonhole.client.ClientSession;
import dev.pigeonhole.protocol.Reply;
import dev.pigeonhole.testing.ServerFixture;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * send, count and read with {@code --socket}, in-process, against the real server listening on a Unix
 * socket that verifies names: the user is the OS login of whoever runs the tests, with no --user given.
 */
class CommandsOverSocketTest {
    private static final String ME = System.getProperty("user.name");

    @TempDir
    Path dir;

    @RegisterExtension
    // Names verified: no OS user is trusted to log in under another name.
    final ServerFixture server =
            ServerFixture.start(ServerFixture.Transport.UNIX_SOCKET, cfg -> cfg.trustedSocketUsers(Set.of()));

    private Result run(String... args) {
        // PIGEONHOLE_USER empty: unset, as for a user who never set it.
        return Cli.runWith(
                "",
                Map.of(
                        "PIGEONHOLE_USER",
                        "",
                        "PIGEONHOLE_SOCKET",
                        server.socket().toString()),
                args);
    }

    @Test
    void send_count_read_over_the_socket_as_the_login_name_P5_P7_P8() throws Exception {
        try (ClientSession alice = server.login("alice")) {
            alice.compose(ME, "over the socket");
            alice.exit();
        }
        assertEquals(new Result(0, "1\n", ""), run("count"));
        Result read = run("read", "--archive", dir.resolve("a.log").toString());
        assertEquals(0, read.code(), read.err());
        assertTrue(read.out().endsWith("  alice  over the socket\n"), read.out());
        assertEquals(new Result(1, "0\n", ""), run("count"));

        assertEquals(new Result(0, "", ""), run("send", "--to", "alice", "back", "at", "you"));
        try (ClientSession alice = server.login("alice")) {
            assertEquals(Optional.of(new Reply.Message(ME, "back at you")), alice.read(), "sent as the OS login");
            alice.exit();
        }
    }

    @Test
    void inbox_prints_what_read_archived_over_the_socket() throws Exception {
        try (ClientSession alice = server.login("alice")) {
            alice.compose(ME, "keep me");
            alice.exit();
        }
        String archive = dir.resolve("kept.log").toString();
        Result read = run("read", "--archive", archive);
        assertEquals(0, read.code(), read.err());
        // inbox marks what was read with "<-" (sent messages have "->").
        assertEquals(
                new Result(0, read.out().replace("  alice  ", "  <- alice  "), ""), run("inbox", "--archive", archive));
    }

    @Test
    void with_no_server_named_a_client_uses_the_packaged_socket_when_it_exists() throws Exception {
        try (ClientSession alice = server.login("alice")) {
            alice.compose(ME, "only this server has it");
            alice.exit();
        }
        CommandLine cl = Main.commandLine(
                new ByteArrayInputStream(new byte[0]),
                new ByteArrayOutputStream(),
                Map.of(), // no PIGEONHOLE_HOST, _PORT, _SOCKET, _SSH or _USER
                server.socket());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        assertEquals(ExitCode.OK, cl.execute("count"), err.toString());
        assertEquals("1\n", out.toString(), "answered by this server, over its socket, for the login name");
        assertEquals("", err.toString());
    }
}
