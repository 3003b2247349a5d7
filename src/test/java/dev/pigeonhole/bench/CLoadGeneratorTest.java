package dev.pigeonhole.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pigeonhole.testing.ServerFixture;
import dev.pigeonhole.testing.Slow;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The C load generator ({@code src/bench/c/loadgen.c}, what {@code src/bench/compare.sh} measures with) against
 * the real server in-process: built with the machine's C compiler, each workload runs briefly and must see no
 * error and an exact ledger (every message sent read once, in order: P8, G2), and a wrong reply must fail the
 * run (P10). Skipped where no C compiler is installed: the generator is a measuring tool, and the build does
 * not depend on it.
 */
@Slow.ChildProcesses
class CLoadGeneratorTest {
    private static final Path SOURCE = Path.of("src/bench/c/loadgen.c");
    private static final long LIMIT_SECONDS = 60;

    @TempDir
    static Path build;

    private static Path binary;

    @RegisterExtension
    final ServerFixture server = ServerFixture.start(cfg -> cfg.maxConnections(500));

    @BeforeAll
    static void compile() throws Exception {
        binary = build.resolve("loadgen");
        Run cc;
        try {
            cc = run(List.of("cc", "-O2", "-o", binary.toString(), SOURCE.toString()));
        } catch (IOException e) {
            cc = null;
        }
        assumeTrue(cc != null, "no C compiler (cc) on this machine: the C load generator is not tested here");
        assertEquals(0, cc.exit, "cc failed:\n" + cc.output);
    }

    private record Run(int exit, String output) {
        /** The value of {@code key} on the RESULT line. */
        String result(String key) {
            for (String line : output.split("\n")) {
                if (line.startsWith("RESULT ")) {
                    for (String field : line.split(" ")) {
                        if (field.startsWith(key + "=")) {
                            return field.substring(key.length() + 1);
                        }
                    }
                }
            }
            throw new AssertionError("no " + key + " in the RESULT line of:\n" + output);
        }
    }

    private static Run run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        // The output is small (a report of a few lines); read it all, then wait.
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(LIMIT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the load generator did not finish in " + LIMIT_SECONDS + " s");
        }
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    private Run loadgen(String... options) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(
                List.of(binary.toString(), "--port", "" + server.port(), "--duration", "1s", "--warmup", "200ms"));
        command.addAll(List.of(options));
        return run(command);
    }

    private static void assertClean(Run r) {
        assertEquals(0, r.exit, r.output);
        assertEquals("0", r.result("errors"), r.output);
        assertTrue(Long.parseLong(r.result("ops")) > 0, r.output);
        assertTrue(r.output.contains("delivery exact: all "), r.output);
    }

    @Test
    @DisplayName("held: COMPOSE and READ on 4 connections, every message read once, in order (P7, P8, G2)")
    void held_runs_clean_and_the_ledger_balances_P8_G2() throws Exception {
        Run r = loadgen("--workload", "held", "--connections", "4");
        assertClean(r);
        assertTrue(Long.parseLong(r.result("delivered")) > 0, r.output);
    }

    @Test
    @DisplayName("short: connect, LOGIN, COMPOSE, READ, EXIT per session (P5, P9)")
    void short_sessions_run_clean_P5_P9() throws Exception {
        assertClean(loadgen("--workload", "short", "--connections", "4"));
    }

    @Test
    @DisplayName("fanin: 4 senders and one reader; each sender's messages arrive in order (P8, G3)")
    void fanin_runs_clean_and_keeps_each_senders_order_P8() throws Exception {
        Run r = loadgen("--workload", "fanin", "--connections", "5");
        assertClean(r);
        assertTrue(Long.parseLong(r.result("delivered")) > 0, "the recipient read messages: " + r.output);
    }

    @Test
    @DisplayName("idle: 100 silent logged-in connections all answer a READ at the end (G1)")
    void idle_connections_all_answer_G1() throws Exception {
        Run r = loadgen("--workload", "idle", "--connections", "2", "--idle", "100");
        assertClean(r);
        assertEquals("100", r.result("idle_answered"), r.output);
    }

    @Test
    @DisplayName("RESP against the Pigeonhole server: the first reply is wrong, the run fails with exit 1 (P10)")
    void a_wrong_reply_fails_the_run_P10() throws Exception {
        Run r = loadgen("--redis", "--workload", "held", "--connections", "2");
        assertEquals(1, r.exit, r.output);
        assertTrue(Long.parseLong(r.result("errors")) > 0, r.output);
        assertEquals("0", r.result("ops"), r.output);
    }

    @Test
    void invalid_options_exit_2() throws Exception {
        assertEquals(2, loadgen("--workload", "sideways").exit);
        assertEquals(2, loadgen("--message-bytes", "5").exit);
        assertEquals(2, loadgen("--workload", "fanin", "--connections", "1").exit);
        assertTrue(Files.isExecutable(binary));
    }
}
