package dev.pigeonhole.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.pigeonhole.cli.Cli.Result;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Over a Unix socket (or ssh with a USER@), the OS (or ssh) says who you are; the server drops a LOGIN as
 * anyone else (P10). The client refuses such a --user itself, before connecting, with exit code 2.
 */
class UserOverSocketTest {
    private static final String ME = System.getProperty("user.name");

    @TempDir
    Path dir;

    /** A listening socket that never accepts: whatever connects shows up in its backlog. */
    private ServerSocketChannel listener(Path path) throws IOException {
        ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        s.bind(UnixDomainSocketAddress.of(path));
        s.configureBlocking(false);
        return s;
    }

    @Test
    void another_user_over_the_socket_is_refused_before_connecting_with_exit_2_P10() throws IOException {
        Path path = dir.resolve("s.sock");
        try (ServerSocketChannel server = listener(path)) {
            for (String command : new String[] {"count", "read", "send"}) {
                Result r = Cli.runWith(
                        "", Map.of(), command, "--socket", path.toString(), "--user", "not-" + ME, "--to", "x", "hi");
                if (!command.equals("send")) {
                    r = Cli.runWith("", Map.of(), command, "--socket", path.toString(), "--user", "not-" + ME);
                }
                assertEquals(
                        "pigeonhole " + command + ": over unix:" + path + " you are '" + ME
                                + "' (your login name); --user not-" + ME
                                + " is refused: leave --user and PIGEONHOLE_USER unset (see 'pigeonhole " + command
                                + " --help')",
                        r.oneErrorLine(ExitCode.USAGE));
            }
            assertNull(server.accept(), "nothing connected");
        }
    }

    @Test
    void pigeonhole_user_from_the_environment_is_refused_the_same_way() throws IOException {
        Path path = dir.resolve("s.sock");
        try (ServerSocketChannel server = listener(path)) {
            // Cli.runWith sets PIGEONHOLE_USER=me, as a user's shell profile might for TCP.
            Result r = Cli.runWith("", Map.of("PIGEONHOLE_SOCKET", path.toString()), "count");
            String line = r.oneErrorLine(ExitCode.USAGE);
            assertEquals(true, line.contains("--user me is refused"), line);
            assertNull(server.accept(), "nothing connected");
        }
    }

    @Test
    void over_ssh_a_user_other_than_the_targets_login_is_refused_before_running_ssh() {
        // "false" as the ssh command: had it run, the error would be an ssh failure, not a usage error.
        Result r = Cli.runWith(
                "", Map.of("PIGEONHOLE_SSH_COMMAND", "false"), "count", "--ssh", "alice@box", "--user", "bob");
        assertEquals(
                "pigeonhole count: over ssh:alice@box you are 'alice' (the login in --ssh alice@box); --user bob"
                        + " is refused: leave --user and PIGEONHOLE_USER unset (see 'pigeonhole count --help')",
                r.oneErrorLine(ExitCode.USAGE));
    }

    @Test
    void a_socket_with_a_host_is_a_usage_error() {
        Result r = Cli.run("count", "--socket", dir.resolve("s").toString(), "--host", "localhost");
        assertEquals(
                "pigeonhole count: --socket and --host/--port cannot be used together (see 'pigeonhole count --help')",
                r.oneErrorLine(ExitCode.USAGE));
    }

    @Test
    void a_socket_nobody_listens_on_fails_in_one_line_with_exit_1() {
        Path path = dir.resolve("none.sock");
        Result r = Cli.runWith("", Map.of("PIGEONHOLE_USER", ""), "count", "--socket", path.toString());
        String line = r.oneErrorLine(ExitCode.FAILURE);
        assertEquals(true, line.startsWith("pigeonhole count: cannot connect to unix:" + path + ": "), line);
    }
}
