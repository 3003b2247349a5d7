package dev.pigeonhole.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pigeonhole.testing.RawClient;
import dev.pigeonhole.testing.ServerFixture;
import dev.pigeonhole.testing.Slow;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

/** {@code pigeonhole server} as an operator uses it: its one stdout line, its errors and exit codes. */
@Timeout(60)
class ServerCommandTest {
    private static final Pattern LISTENING = Pattern.compile("pigeonhole listening on 127\\.0\\.0\\.1:(\\d+)");

    private static Process launch(List<String> args, String... env) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xss512k",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName()));
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command);
        for (int i = 0; i < env.length; i += 2) {
            pb.environment().put(env[i], env[i + 1]);
        }
        return pb.start();
    }

    @Test
    @Slow.ChildProcesses
    void prints_one_line_serves_and_exits_0_on_SIGTERM() throws Exception {
        Process p = launch(
                List.of("server", "--port", "0", "--pool-size", "2", "--in-memory"), "PIGEONHOLE_MAX_MESSAGE", "10");
        try {
            BufferedReader out =
                    new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII));
            String line = out.readLine();
            Matcher m = LISTENING.matcher(line == null ? "" : line);
            assertTrue(m.matches(), "stdout: " + line);
            try (RawClient c = RawClient.connect("127.0.0.1", Integer.parseInt(m.group(1)))) {
                assertEquals("0", c.send("LOGIN op").readLine());
                assertEquals(
                        "MESSAGE SENT", c.send("COMPOSE op").send("0123456789").readLine());
                // PIGEONHOLE_MAX_MESSAGE=10 came from the environment.
                assertEquals(
                        "MESSAGE FAILED",
                        c.send("COMPOSE op").send("0123456789!").readLine());
            }
            // SIGTERM, as an init system sends it (Process.destroy would also close our ends of its pipes).
            assertEquals(
                    0,
                    new ProcessBuilder("kill", "-TERM", Long.toString(p.pid()))
                            .start()
                            .waitFor());
            assertTrue(p.waitFor(20, TimeUnit.SECONDS), "the server did not stop");
            assertEquals(0, p.exitValue());
            assertEquals(null, out.readLine(), "exactly one line on stdout");
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(err.contains(" started on 127.0.0.1:") && err.contains("max-message 10"), err);
            assertTrue(err.contains("message limit (10 bytes) exceeded"), err);
            assertTrue(err.strip().endsWith("stopped"), err);
        } finally {
            p.destroyForcibly();
        }
    }

    /** The first {@code expected} stdout lines of a started server: one per listener. */
    private static List<String> listeningLines(BufferedReader out, int expected) throws Exception {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < expected; i++) {
            String line = out.readLine();
            assertTrue(line != null, "stdout ended after " + lines + " (stderr is read once the server has exited)");
            lines.add(line);
        }
        return lines;
    }

    private static void stop(Process p, BufferedReader out) throws Exception {
        assertEquals(
                0,
                new ProcessBuilder("kill", "-TERM", Long.toString(p.pid()))
                        .start()
                        .waitFor());
        assertTrue(p.waitFor(20, TimeUnit.SECONDS), "the server did not stop");
        assertEquals(0, p.exitValue());
        assertEquals(null, out.readLine(), "one stdout line per listener, nothing more");
    }

    @Test
    void socket_alone_listens_only_on_the_socket_and_removes_it_at_exit() throws Exception {
        Path dir = ServerFixture.socketDirectory();
        Path socket = dir.resolve("ph.sock");
        Process p = launch(List.of("server", "--socket", socket.toString(), "--in-memory", "--pool-size", "1"));
        try {
            BufferedReader out =
                    new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII));
            assertEquals(List.of("pigeonhole listening on unix:" + socket), listeningLines(out, 1));
            try (RawClient c = RawClient.connect(socket)) {
                assertEquals(
                        "0", c.send("LOGIN " + System.getProperty("user.name")).readLine());
            }
            stop(p, out);
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(err.contains(" started on unix:" + socket + " (names verified by the OS) (pool 1"), err);
            assertTrue(!java.nio.file.Files.exists(socket), "the socket file is removed at exit");
        } finally {
            p.destroyForcibly();
            java.nio.file.Files.deleteIfExists(socket);
            java.nio.file.Files.deleteIfExists(dir);
        }
    }

    @Test
    void socket_with_an_explicit_port_listens_on_both_and_says_which_verifies_names() throws Exception {
        Path dir = ServerFixture.socketDirectory();
        Path socket = dir.resolve("ph.sock");
        // --port from the environment counts as given, as on the command line.
        Process p = launch(List.of("server", "--socket", socket.toString(), "--in-memory"), "PIGEONHOLE_PORT", "0");
        try {
            BufferedReader out =
                    new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII));
            List<String> lines = listeningLines(out, 2);
            assertEquals("pigeonhole listening on unix:" + socket, lines.get(0));
            Matcher m = LISTENING.matcher(lines.get(1));
            assertTrue(m.matches(), lines.toString());
            try (RawClient c = RawClient.connect("127.0.0.1", Integer.parseInt(m.group(1)))) {
                assertEquals("0", c.send("LOGIN anyone").readLine());
            }
            stop(p, out);
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(
                    err.contains("unix:" + socket + " (names verified by the OS) and 127.0.0.1:" + m.group(1)
                            + " (names NOT verified: anyone who can reach this port can act as any user)"),
                    err);
        } finally {
            p.destroyForcibly();
            java.nio.file.Files.deleteIfExists(socket);
            java.nio.file.Files.deleteIfExists(dir);
        }
    }

    @Test
    void a_socket_a_server_listens_on_is_one_clear_line_and_exit_1() {
        try (ServerFixture other = ServerFixture.start(ServerFixture.Transport.UNIX_SOCKET, c -> c)) {
            Run r = run("server", "--socket", other.socket().toString(), "--in-memory");
            assertEquals(ExitCode.FAILURE, r.exit());
            assertEquals("", r.out());
            assertEquals(
                    "pigeonhole: cannot listen on unix:" + other.socket()
                            + ": already in use (a server is listening on it)",
                    r.err().strip());
        }
    }

    private record Run(int exit, String out, String err) {}

    private static Run run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
            PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
            System.setOut(o);
            System.setErr(e);
            // The server prints through System.out/err; picocli (help, usage errors) through its writers.
            CommandLine cl = Main.commandLine(System.in, Map.of());
            cl.setOut(new PrintWriter(o, true, StandardCharsets.UTF_8));
            cl.setErr(new PrintWriter(e, true, StandardCharsets.UTF_8));
            int exit = cl.execute(args);
            return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void a_port_in_use_is_one_clear_line_and_exit_1() {
        try (ServerFixture other = ServerFixture.start()) {
            Run r = run("server", "--port", Integer.toString(other.port()), "--in-memory");
            assertEquals(ExitCode.FAILURE, r.exit());
            assertEquals("", r.out());
            assertEquals(
                    "pigeonhole: cannot listen on 127.0.0.1:" + other.port() + ": Address already in use",
                    r.err().strip());
        }
    }

    @Test
    void a_max_queue_below_the_protocol_minimum_is_refused_with_exit_2_P7() {
        for (String q : new String[] {"1", "99"}) {
            Run r = run("server", "--port", "0", "--max-queue", q);
            assertEquals(ExitCode.USAGE, r.exit());
            assertTrue(
                    r.err().startsWith("pigeonhole server: --max-queue must be 0 (unlimited) or at least 100"),
                    r.err());
        }
    }

    @Test
    void invalid_options_exit_2() {
        assertEquals(ExitCode.USAGE, run("server", "--idle-timeout", "soon").exit());
        assertEquals(ExitCode.USAGE, run("server", "--pool-size", "0").exit());
        assertEquals(ExitCode.USAGE, run("server", "--port", "70000").exit());
        assertEquals(ExitCode.USAGE, run("server", "--bogus").exit());
    }

    @Test
    void help_lists_every_option_with_its_default() {
        Run r = run("server", "--help");
        assertEquals(0, r.exit());
        for (String option : new String[] {
            "--host",
            "--port",
            "--socket",
            "--pool-size",
            "--max-queue",
            "--max-message",
            "--idle-timeout",
            "--max-connections",
            "--max-connections-per-address",
            "--line-timeout"
        }) {
            assertTrue(r.out().contains(option), option);
        }
        assertTrue(r.out().contains("(default: 127.0.0.1)") && r.out().contains("(default: 4554)"), r.out());
    }

    @Test
    void durations_read_as_people_write_them() {
        assertEquals(Duration.ofMillis(250), DurationConverter.parse("250ms"));
        assertEquals(Duration.ofSeconds(90), DurationConverter.parse("90s"));
        assertEquals(Duration.ofMinutes(15), DurationConverter.parse("15m"));
        assertEquals(Duration.ofHours(2), DurationConverter.parse("2h"));
        assertEquals(Duration.ofDays(1), DurationConverter.parse("1d"));
        assertEquals(Duration.ofMinutes(15), DurationConverter.parse("PT15M"));
    }
}
