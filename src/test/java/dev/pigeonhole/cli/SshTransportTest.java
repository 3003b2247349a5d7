package dev.pigeonhole.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pigeonhole.cli.Cli.Result;
import dev.pigeonhole.client.ClientSession;
import dev.pigeonhole.protocol.Reply;
import dev.pigeonhole.testing.ServerFixture;
import dev.pigeonhole.testing.Slow;
import dev.pigeonhole.testing.Sshd;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client commands through a real sshd (started by the test on a loopback port, with keys made for it):
 * {@code --ssh root@127.0.0.1} runs {@code ssh -T root@127.0.0.1 pigeonhole bridge}, the ssh command coming
 * from PIGEONHOLE_SSH_COMMAND. The identity is the ssh login. Skipped, saying why, without root or sshd.
 */
@Slow.OwnSshd
class SshTransportTest {
    @TempDir
    static Path dir;

    private static Sshd sshd;

    @BeforeAll
    static void startSshd() throws Exception {
        sshd = Sshd.start(dir.resolve("sshd"));
    }

    @AfterAll
    static void stopSshd() {
        if (sshd != null) {
            sshd.close();
        }
    }

    private static Result run(String... args) {
        return Cli.runWith("", Map.of("PIGEONHOLE_USER", "", "PIGEONHOLE_SSH_COMMAND", sshd.sshCommand()), args);
    }

    @Test
    @DisplayName("send, count and read through ssh as root, the ssh login; a message from alice arrives (P5, P7, P8)")
    void send_count_and_read_through_ssh_as_the_ssh_login_P5_P7_P8() throws Exception {
        Path socket = dir.resolve("server-" + System.nanoTime() + ".sock");
        try (ServerFixture server = ServerFixture.start(cfg -> cfg.socket(socket))) {
            try (ClientSession alice = server.login("alice")) {
                alice.compose("root", "to root, read through ssh");
                alice.exit();
            }
            String s = socket.toString();
            assertEquals(new Result(0, "1\n", ""), run("count", "--ssh", "root@127.0.0.1", "--socket", s));
            Path archive = dir.resolve("root-" + System.nanoTime() + ".log");
            Result read = run("read", "--ssh", "root@127.0.0.1", "--socket", s, "--archive", archive.toString());
            assertEquals(0, read.code(), read.err());
            assertTrue(read.out().endsWith("  alice  to root, read through ssh\n"), read.out());
            assertEquals(1, Files.readAllLines(archive).size(), "archived here, on the client's side");

            // Over the socket only accounts receive (issue 19): daemon is one on every Debian host.
            Result send = run("send", "--ssh", "root@127.0.0.1", "--socket", s, "--to", "daemon", "it's", "done");
            assertEquals(new Result(0, "", ""), send, "no second layer of quoting");
            try (ClientSession daemon = server.login("daemon")) {
                assertEquals(
                        Optional.of(new Reply.Message("root", "it's done")),
                        daemon.read(),
                        "from root: the identity is the ssh login");
                daemon.exit();
            }
        }
    }

    @Test
    void the_user_defaults_to_the_login_in_the_target_and_the_server_drops_any_other_P10() throws Exception {
        Path socket = dir.resolve("server-" + System.nanoTime() + ".sock");
        try (ServerFixture server = ServerFixture.start(cfg -> cfg.socket(socket))) {
            // No USER@ in the target: the client cannot know the remote login, so it sends --user as given,
            // and the server, which knows the bridge runs as root, drops it.
            Result r = run("count", "--ssh", "127.0.0.1", "--socket", socket.toString(), "--user", "alice");
            String line = r.oneErrorLine(ExitCode.FAILURE);
            assertEquals("pigeonhole count: ssh:127.0.0.1:" + socket + " closed the connection unexpectedly", line);
            assertTrue(
                    server.awaitLog("alice", Duration.ofSeconds(10)).contains("root"),
                    server.log().toString());
        }
    }

    @Test
    void a_remote_bridge_that_cannot_reach_its_socket_is_one_line_in_sshs_words() {
        Path none = dir.resolve("no-such.sock");
        Result r = run("count", "--ssh", "root@127.0.0.1", "--socket", none.toString());
        assertEquals(
                "pigeonhole count: ssh: pigeonhole bridge: cannot connect to unix:" + none
                        + ": No such file or directory",
                r.oneErrorLine(ExitCode.FAILURE),
                sshd.log());
    }

    @Test
    void a_refused_ssh_login_is_one_line_in_sshs_words() {
        Result r = Cli.runWith(
                "",
                Map.of(
                        "PIGEONHOLE_USER",
                        "",
                        "PIGEONHOLE_SSH_COMMAND",
                        sshd.sshCommand().replace(sshd.userKey().toString(), "/dev/null")),
                "count",
                "--ssh",
                "root@127.0.0.1");
        assertEquals(
                "pigeonhole count: ssh: root@127.0.0.1: Permission denied (publickey).",
                r.oneErrorLine(ExitCode.FAILURE));
    }

    @Test
    void an_ssh_that_cannot_run_is_one_line() {
        Result r = Cli.runWith(
                "",
                Map.of("PIGEONHOLE_USER", "", "PIGEONHOLE_SSH_COMMAND", "/no/such/ssh -p 1"),
                "count",
                "--ssh",
                "h");
        String line = r.oneErrorLine(ExitCode.FAILURE);
        // The shell runs the command, as git runs GIT_SSH_COMMAND, and says why it could not.
        assertEquals(true, line.startsWith("pigeonhole count: ssh: ") && line.contains("/no/such/ssh"), line);
    }
}
