package dev.pigeonhole.tui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.fail;

import dev.pigeonhole.client.ClientSession;
import dev.pigeonhole.client.Endpoint;
import dev.pigeonhole.protocol.Reply;
import dev.pigeonhole.testing.ServerFixture;
import dev.pigeonhole.testing.Slow;
import dev.pigeonhole.testing.Sshd;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The terminal client over {@code --ssh}, end to end: tmux runs {@code pigeonhole tui --ssh root@127.0.0.1}
 * against a real sshd (made by the test, on a loopback port), whose session runs {@code pigeonhole bridge} to
 * the in-process server's Unix socket. The ssh login (root) is the identity. When the server goes away, the
 * client's next ssh session fails and the status line says so in ssh's words: offline, {@code ssh: ...}.
 */
@Slow.RealTerminal
@Slow.OwnSshd
class TuiOverSshEndToEndTest {
    private static final Duration STARTUP = Duration.ofSeconds(40);
    private static final Duration DELIVERY = Duration.ofSeconds(15);

    @TempDir
    Path dir;

    private final String tmuxSocket =
            "pigeonhole-ssh-e2e-" + ProcessHandle.current().pid() + "-" + System.nanoTime();

    @Test
    void root_over_ssh_receives_sends_and_sees_sshs_reason_when_offline() throws Exception {
        Sshd.assumeAvailable();
        Tmux.require();
        assertTimeoutPreemptively(Duration.ofSeconds(150), () -> {
            Path socket = dir.resolve("server.sock");
            try (Sshd sshd = Sshd.start(dir.resolve("sshd"))) {
                ServerFixture server = ServerFixture.start(cfg -> cfg.socket(socket));
                try {
                    run(sshd, server, socket);
                } finally {
                    server.close();
                    tmux(false, "kill-server");
                }
            }
        });
    }

    private void run(Sshd sshd, ServerFixture server, Path socket) throws Exception {
        // Wide enough that the status line's reason is not cut.
        tmux(true, "new-session", "-d", "-s", "ssh", "-x", "200", "-y", "24", "bash --norc --noprofile");
        String pane = "ssh:0.0";
        startClient(pane, sshd, socket);
        await(pane, s -> s.contains("connected"), STARTUP, "connected over ssh");

        try (ClientSession alice = ClientSession.open(
                new Endpoint.Tcp("127.0.0.1", server.port()), Duration.ofSeconds(5), Duration.ofSeconds(5), 4096)) {
            alice.login("alice");
            assertEquals(Reply.ComposeStatus.SENT, alice.compose("root", "Hello root, over ssh"));
            alice.exit();
        }
        await(
                pane,
                s -> s.contains("alice") && s.contains("Hello root, over ssh"),
                DELIVERY,
                "alice's message in root's inbox");

        // Over the socket only accounts receive (issue 19): root writes to daemon, an account on every Debian host.
        tmux(true, "send-keys", "-t", pane, "-l", "daemon");
        tmux(true, "send-keys", "-t", pane, "Tab");
        tmux(true, "send-keys", "-t", pane, "-l", "Hi daemon, from root through ssh");
        tmux(true, "send-keys", "-t", pane, "Enter");
        awaitWaiting(server, "daemon", DELIVERY); // the server, not the screen's wording, says it arrived
        try (ClientSession daemon = ClientSession.open(
                new Endpoint.Tcp("127.0.0.1", server.port()), Duration.ofSeconds(5), Duration.ofSeconds(5), 4096)) {
            daemon.login("daemon");
            assertEquals(
                    new Reply.Message("root", "Hi daemon, from root through ssh"),
                    daemon.read().orElseThrow(),
                    "sent as root, the ssh login");
            daemon.exit();
        }

        // The server goes away: the ssh session ends, and the next one's bridge cannot connect.
        server.close();
        await(
                pane,
                s -> statusLine(s).contains("offline")
                        && statusLine(s).contains("ssh: pigeonhole bridge: cannot connect to unix:" + socket),
                Duration.ofSeconds(60),
                "offline with ssh's reason");

        tmux(true, "send-keys", "-t", pane, "C-c");
        await(pane, s -> s.contains("EXIT=0"), DELIVERY, "quit with exit 0");
    }

    /** The row that says how the connection is (it may leave out the identity, to show the reason whole). */
    private static String statusLine(String screen) {
        return screen.lines()
                .filter(l -> l.startsWith(" ") && l.matches(".*\\b(connected|connecting|offline)\\b.*"))
                .findFirst()
                .orElse("");
    }

    /** Waits until a message waits for {@code user} (checked over TCP, without reading it). */
    private static void awaitWaiting(ServerFixture server, String user, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            try (ClientSession s = server.connect()) {
                long waiting = s.login(user);
                s.exit();
                if (waiting > 0) {
                    return;
                }
            }
            if (System.nanoTime() - deadline > 0) {
                fail("no message reached " + user + " within " + within);
            }
            Thread.sleep(100);
        }
    }

    /** Runs the client from the pane's shell, over ssh; afterwards the shell prints EXIT=code. */
    private void startClient(String pane, Sshd sshd, Path socket) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path script = dir.resolve("client.sh");
        String d = dir.toString();
        Files.writeString(
                script,
                String.join(
                        "\n",
                        "unset NO_COLOR PIGEONHOLE_USER PIGEONHOLE_HOST PIGEONHOLE_PORT",
                        "export PIGEONHOLE_SSH_COMMAND=\"" + sshd.sshCommand() + "\"",
                        "'" + java + "' -Djava.awt.headless=true -cp '" + cp + "' dev.pigeonhole.cli.Main tui"
                                + " --ssh root@127.0.0.1 --socket '" + socket + "' --interval 300ms --timeout 20s"
                                + " --archive '" + d + "/root.log' 2>'" + d + "/client.err'",
                        "echo EXIT=$?",
                        ""),
                StandardCharsets.UTF_8);
        tmux(true, "send-keys", "-t", pane, "-l", "clear; bash '" + script + "'");
        tmux(true, "send-keys", "-t", pane, "Enter");
    }

    private String capture(String pane) throws IOException, InterruptedException {
        return tmux(true, "capture-pane", "-p", "-N", "-t", pane);
    }

    private String await(String pane, Predicate<String> done, Duration within, String what) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            last = capture(pane);
            if (done.test(last)) {
                return last;
            }
            Thread.sleep(100);
        }
        String err = Files.exists(dir.resolve("client.err")) ? Files.readString(dir.resolve("client.err")) : "";
        return fail("tmux pane " + pane + " never showed " + what + " within " + within + ":\n" + last + "\nstderr: "
                + err);
    }

    private String tmux(boolean check, String... args) throws IOException, InterruptedException {
        return Tmux.run(tmuxSocket, check, args);
    }
}
