package dev.pigeonhole.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pigeonhole.client.Archive;
import dev.pigeonhole.client.ArchivedMessage;
import dev.pigeonhole.server.ServerLog;
import dev.pigeonhole.testing.ScriptedServer;
import dev.pigeonhole.testing.Scripts;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * Every failure a newcomer met is exactly one line on standard error, in words: no Java class name, no
 * "Exception", no stack trace, and the exit code README.md documents (1 could not do it, 2 usage).
 */
class UserFacingErrorsTest {
    private static final Pattern CLASS_NAME = Pattern.compile("\\b[a-z]+\\.[a-z]+\\.[A-Z]\\w*(Exception|Error)\\b");

    @TempDir
    static Path dir;

    /** One case: the arguments, the environment, the exit code, and words the line must contain. */
    record Case(String name, List<String> args, Map<String, String> env, int code, String says) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() throws IOException {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        Path archiveDir = Files.createDirectories(dir.resolve("archive-is-a-directory"));
        List<Case> c = new ArrayList<>();
        c.add(server("an unresolvable --host", 1, "unknown host", "--host", "nonexistent.invalid", "--in-memory"));
        c.add(server("an impossible address as --host", 1, "unknown host", "--host", "999.1.1.1", "--in-memory"));
        c.add(server("--data-dir on a file", 1, "it is a file, not a directory", "--data-dir", file.toString()));
        c.add(server(
                "--data-dir under a file",
                1,
                file + " is a file, not a directory",
                "--data-dir",
                file.resolve("sub").toString()));
        c.add(server(
                "--data-dir that cannot be created", 1, "choose another with --data-dir", "--data-dir", "/proc/p/h"));
        c.add(server(
                "--max-queue below P7's minimum", 2, "the protocol's rule P7", "--in-memory", "--max-queue", "50"));
        c.add(server(
                "--in-memory with --fsync",
                2,
                "--fsync never has no effect with --in-memory",
                "--in-memory",
                "--fsync",
                "never"));
        c.add(server(
                "--in-memory with --data-dir",
                2,
                "exclude each other",
                "--in-memory",
                "--data-dir",
                dir.resolve("d").toString()));
        c.add(new Case(
                "a yes/no variable that is neither",
                List.of("server", "--port", "0"),
                Map.of("PIGEONHOLE_IN_MEMORY", "maybe"),
                2,
                "use 1/0, yes/no, true/false or on/off"));
        c.add(client("--timeout 0", 2, "--timeout must be positive", "count", "--timeout", "0"));
        c.add(client("--timeout without a unit", 2, "'10' has no unit", "count", "--timeout", "10"));
        c.add(client(
                "a near-miss option", 2, "unknown option '--too'; did you mean --to?", "send", "--too", "bob", "hi"));
        c.add(client("an unknown command", 2, "unknown command 'frobnicate'; the commands are", "frobnicate"));
        c.add(client("help for an unknown command", 2, "unknown command 'frobnicate'", "help", "frobnicate"));
        c.add(client("a near-miss command", 2, "unknown command 'sedn'; did you mean send", "sedn"));
        c.add(client(
                "an archive that is a directory", 1, "Is a directory", "inbox", "--archive", archiveDir.toString()));
        return c.stream();
    }

    private static Case server(String name, int code, String says, String... options) {
        List<String> args = new ArrayList<>(List.of("server", "--port", "0"));
        args.addAll(List.of(options));
        return new Case(name, args, Map.of(), code, says);
    }

    private static Case client(String name, int code, String says, String... args) {
        return new Case(name, List.of(args), Map.of(), code, says);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void each_failure_is_one_line_in_words_with_its_documented_exit_code(Case c) {
        Run r = run(c.env(), new StringWriter(), c.args().toArray(String[]::new));
        String line = r.oneLine(c.code());
        assertTrue(line.contains(c.says()), () -> "expected [" + c.says() + "] in: " + line);
    }

    @Test
    void read_into_an_archive_that_cannot_be_created_leaves_the_message_on_the_server() {
        try (ScriptedServer server =
                ScriptedServer.start(Scripts.agreeable(1, List.of(), List.<String[]>of(new String[] {"ann", "hi"})))) {
            Run r = run(
                    Map.of(), new StringWriter(), "read", "--port", "" + server.port(), "--archive", "/proc/nope.log");
            String line = r.oneLine(ExitCode.FAILURE);
            assertTrue(line.startsWith("pigeonhole read: cannot "), line);
            assertTrue(line.contains("/proc/nope.log"), line);
        }
    }

    @Test
    void output_that_cannot_be_written_fails_with_exit_1_for_inbox_help_and_version() throws IOException {
        Path archive = dir.resolve("full.log");
        new Archive(archive).append(new ArchivedMessage(Instant.parse("2026-11-25T10:00:00Z"), "ann", "hi"));
        assertEquals(
                "pigeonhole inbox: cannot write to standard output",
                run(Map.of(), full(), "inbox", "--archive", archive.toString()).oneLine(ExitCode.FAILURE));
        assertEquals(
                "pigeonhole: cannot write to standard output",
                run(Map.of(), full(), "--help").oneLine(1));
        assertEquals(
                "pigeonhole: cannot write to standard output",
                run(Map.of(), full(), "count", "-V").oneLine(1));
    }

    @Test
    void a_server_that_cannot_print_its_listening_line_stops_and_exits_1() {
        PrintStream saved = System.out;
        System.setOut(new PrintStream(
                new OutputStream() {
                    @Override
                    public void write(int b) throws IOException {
                        throw new IOException("No space left on device");
                    }
                },
                true,
                StandardCharsets.UTF_8));
        try {
            // The server had started, so its log has "started" and "stopped" events before the failure line.
            Run r = run(Map.of(), new StringWriter(), "server", "--port", "0", "--in-memory");
            assertEquals(ExitCode.FAILURE, r.code(), r.err());
            assertTrue(
                    r.err().endsWith("stopped\npigeonhole: cannot write to standard output; the server stopped\n"),
                    r.err());
        } finally {
            System.setOut(saved);
        }
    }

    @Test
    void count_whose_answer_cannot_be_written_exits_1_although_messages_wait() {
        try (ScriptedServer server = ScriptedServer.start(Scripts.agreeable(3))) {
            assertEquals(
                    "pigeonhole count: cannot write to standard output",
                    run(Map.of(), full(), "count", "--port", "" + server.port()).oneLine(ExitCode.FAILURE));
        }
    }

    @Test
    void the_command_line_data_dir_wins_over_PIGEONHOLE_IN_MEMORY_and_home_is_HOME() {
        CommandLine cl = Main.commandLine(
                new ByteArrayInputStream(new byte[0]), Map.of("PIGEONHOLE_IN_MEMORY", "yes", "HOME", "/h/ann"));
        cl.parseArgs("server", "--data-dir", dir.resolve("journal").toString());
        ServerCommand server = cl.getSubcommands().get("server").getCommand();
        assertEquals(dir.resolve("journal"), server.journal(ServerLog.stderr()).directory());

        cl = Main.commandLine(new ByteArrayInputStream(new byte[0]), Map.of("HOME", "/h/ann"));
        cl.parseArgs("server");
        server = cl.getSubcommands().get("server").getCommand();
        assertEquals(
                Path.of("/h/ann/.local/state/pigeonhole"),
                server.journal(ServerLog.stderr()).directory());
    }

    @ParameterizedTest(name = "PIGEONHOLE_IN_MEMORY={0} means yes")
    @ValueSource(strings = {"1", "yes", "true", "on", "YES", "On", "TRUE"})
    void yes_is_spelled_as_in_shells(String value) {
        CommandLine cl = Main.commandLine(new ByteArrayInputStream(new byte[0]), Map.of("PIGEONHOLE_IN_MEMORY", value));
        cl.parseArgs("server");
        ServerCommand server = cl.getSubcommands().get("server").getCommand();
        assertEquals(null, server.journal(ServerLog.stderr()), "in memory: no journal");
    }

    @ParameterizedTest(name = "PIGEONHOLE_IN_MEMORY={0} means no")
    @ValueSource(strings = {"0", "no", "false", "off", "NO", "Off"})
    void no_is_spelled_as_in_shells(String value) {
        CommandLine cl = Main.commandLine(
                new ByteArrayInputStream(new byte[0]), Map.of("PIGEONHOLE_IN_MEMORY", value, "HOME", "/h/ann"));
        cl.parseArgs("server");
        ServerCommand server = cl.getSubcommands().get("server").getCommand();
        assertFalse(server.inMemory);
    }

    @Test
    void the_archive_follows_HOME() throws IOException {
        Map<String, String> env =
                new HashMap<>(Map.of("HOME", dir.resolve("home").toString()));
        env.put("PIGEONHOLE_USER", "ann");
        Path archive = dir.resolve("home/.local/share/pigeonhole/127.0.0.1-4554/ann.log");
        Files.createDirectories(archive.getParent());
        new Archive(archive).append(new ArchivedMessage(Instant.parse("2026-11-25T10:00:00Z"), "bob", "hello"));
        StringWriter out = new StringWriter();
        Run r = run(env, out, "inbox");
        assertEquals(0, r.code(), r.err());
        assertTrue(out.toString().contains("hello"), out.toString());
    }

    /** A standard output whose every write fails, as {@code > /dev/full} does. */
    private static PrintWriter full() {
        OutputStream deviceFull = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("No space left on device");
            }
        };
        return new PrintWriter(new OutputStreamWriter(deviceFull, StandardCharsets.UTF_8));
    }

    private record Run(int code, String err) {
        /** Asserts exactly one line on stderr, in words, with {@code expected} as the exit code; returns it. */
        String oneLine(int expected) {
            assertEquals(expected, code, () -> "exit code; stderr: " + err);
            assertTrue(err.endsWith("\n") && err.indexOf('\n') == err.length() - 1, () -> "one line: [" + err + "]");
            String line = err.strip();
            assertFalse(CLASS_NAME.matcher(line).find(), () -> "a Java class name in: " + line);
            assertFalse(line.contains("Exception"), () -> "'Exception' in: " + line);
            assertFalse(line.contains("\tat "), () -> "a stack trace in: " + line);
            return line;
        }
    }

    /**
     * Runs in-process with {@code env} as the whole environment; the server writes to System.err and picocli to
     * its own writer, so both go to one buffer, as both go to one terminal.
     */
    private static Run run(Map<String, String> env, PrintWriter out, String... args) {
        PrintStream saved = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        System.setErr(e);
        try {
            CommandLine cl = Main.commandLine(new ByteArrayInputStream(new byte[0]), env);
            cl.setOut(out);
            cl.setErr(new PrintWriter(new OutputStreamWriter(e, StandardCharsets.UTF_8), true));
            int code = Main.run(cl, args);
            return new Run(code, err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(saved);
        }
    }

    private static Run run(Map<String, String> env, StringWriter out, String... args) {
        return run(env, new PrintWriter(out, true), args);
    }
}
