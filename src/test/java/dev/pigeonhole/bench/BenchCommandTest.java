package dev.pigeonhole.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pigeonhole.cli.ExitCode;
import dev.pigeonhole.cli.Main;
import dev.pigeonhole.testing.ServerFixture;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code pigeonhole bench} against the real server, in-process: each workload runs briefly and must see
 * no error and balance its ledger (every message sent read exactly once, in order: P8, G2). No speed is
 * asserted; speed is what the tool measures, not what its tests check.
 */
class BenchCommandTest {
    private static final Duration LIMIT = Duration.ofSeconds(30);

    @RegisterExtension
    final ServerFixture server = ServerFixture.start(cfg -> cfg.maxConnections(500));

    private BenchResult run(Workload workload, int connections, int idle) throws InterruptedException {
        BenchConfig config = new BenchConfig(
                "127.0.0.1",
                server.port(),
                false,
                workload,
                connections,
                idle,
                Duration.ofMillis(200),
                Duration.ofSeconds(1),
                100,
                Duration.ofSeconds(10));
        return new LoadRun(config).run();
    }

    private static void assertClean(BenchResult r) {
        assertEquals(0, r.errors(), () -> "errors: " + r.firstErrors());
        assertTrue(r.ops() > 0, "some operations completed");
        assertTrue(r.delivery().startsWith("exact"), r.delivery());
        assertTrue(r.latency().getTotalCount() == r.ops(), "one latency sample per counted operation");
    }

    @Test
    void held_runs_without_errors_and_every_message_is_read_once_in_order_P8_G2() {
        assertTimeoutPreemptively(LIMIT, () -> {
            BenchResult r = run(Workload.HELD, 4, 0);
            assertClean(r);
            assertTrue(r.delivered() > 0, "messages were read");
        });
    }

    @Test
    void short_sessions_connect_login_compose_read_exit_without_errors_P5_P9() {
        assertTimeoutPreemptively(LIMIT, () -> assertClean(run(Workload.SHORT, 4, 0)));
    }

    @Test
    void fanin_keeps_each_senders_order_at_one_recipient_P8_G3() {
        assertTimeoutPreemptively(LIMIT, () -> {
            BenchResult r = run(Workload.FANIN, 5, 0);
            assertClean(r);
            assertTrue(r.delivered() > 0, "the recipient read messages");
        });
    }

    @Test
    void idle_connections_are_all_answered_at_the_end_G1() {
        assertTimeoutPreemptively(LIMIT, () -> {
            BenchResult r = run(Workload.IDLE, 2, 100);
            assertClean(r);
            assertEquals(100, r.idleOpened());
            assertEquals(100, r.idleAnswered());
            assertTrue(r.ok());
        });
    }

    @Test
    void command_line_run_exits_0_when_clean() {
        assertTimeoutPreemptively(
                LIMIT,
                () -> assertEquals(
                        ExitCode.OK,
                        Main.run(
                                "bench",
                                "--port",
                                "" + server.port(),
                                "--connections",
                                "2",
                                "--duration",
                                "500ms",
                                "--warmup",
                                "100ms")));
    }

    @Test
    void invalid_options_exit_2_and_send_nothing() {
        assertEquals(ExitCode.USAGE, Main.run("bench", "--workload", "sideways"));
        assertEquals(ExitCode.USAGE, Main.run("bench", "--port", "" + server.port(), "--message-bytes", "5"));
        assertEquals(
                ExitCode.USAGE,
                Main.run("bench", "--port", "" + server.port(), "--workload", "fanin", "--connections", "1"));
    }

    /** A server that answers LOGIN with something that is not a count breaks P5: the run must say so. */
    @Test
    void a_wrong_reply_is_counted_as_an_error_and_the_exit_status_is_1_P10() {
        assertTimeoutPreemptively(LIMIT, () -> {
            try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
                Thread wrong = new Thread(() -> answerEverythingWith(listener, "hello"), "wrong-server");
                wrong.setDaemon(true);
                wrong.start();
                BenchConfig config = new BenchConfig(
                        "127.0.0.1",
                        listener.getLocalPort(),
                        false,
                        Workload.HELD,
                        1,
                        0,
                        Duration.ZERO,
                        Duration.ofMillis(300),
                        100,
                        Duration.ofSeconds(5));
                BenchResult r = new LoadRun(config).run();
                assertTrue(r.errors() > 0, "the wrong reply was counted");
                assertEquals(0, r.ops());
                assertTrue(
                        r.firstErrors().get(0).contains("P5"), r.firstErrors().toString());
                assertTrue(!r.ok());
                assertEquals(
                        ExitCode.FAILURE,
                        Main.run(
                                "bench",
                                "--port",
                                "" + listener.getLocalPort(),
                                "--connections",
                                "1",
                                "--duration",
                                "300ms",
                                "--warmup",
                                "0s"));
            }
        });
    }

    private static void answerEverythingWith(ServerSocket listener, String reply) {
        while (!listener.isClosed()) {
            try (Socket s = listener.accept()) {
                s.setSoTimeout(2000);
                BufferedReader in =
                        new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
                OutputStream out = s.getOutputStream();
                if (in.readLine() != null) {
                    out.write((reply + "\n").getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
                in.readLine(); // until the client drops the connection (or the timeout)
            } catch (IOException e) {
                // Next connection, or the listener was closed: the test is over.
            }
        }
    }
}
