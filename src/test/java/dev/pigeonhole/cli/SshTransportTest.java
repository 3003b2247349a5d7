package dev.pigeonhole.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pigeonhole.cli.Cli.Result;
import dev.pigeonhole.testing.Sshd;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client commands through a real sshd (started by the test on a loopback port, with keys made for it):
 * {@code --ssh root@127.0.0.1} runs {@code ssh -T root@127.0.0.1 pigeonhole bridge}, the ssh command coming
 * from PIGEONHOLE_SSH_COMMAND. The identity is the ssh login. Skipped, saying why, without root or sshd.
 */
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
        assertEquals(true, line.startsWith("pigeonhole count: ssh: cannot run /no/such/ssh: "), line);
    }
}
