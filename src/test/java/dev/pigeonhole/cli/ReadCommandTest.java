package dev.pigeonhole.cli;

import static dev.pigeonhole.cli.SendCommandTest.port;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pigeonhole.cli.Cli.Result;
import dev.pigeonhole.client.Archive;
import dev.pigeonhole.client.ArchivedMessage;
import dev.pigeonhole.testing.ScriptedServer;
import dev.pigeonhole.testing.Scripts;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code pigeonhole read}: READ (P8) each waiting message, archive it, then print it. */
class ReadCommandTest {
    private static final List<String[]> TWO =
            List.of(new String[] {"alice", "Hi!"}, new String[] {"bob", "a \"quoted\" \\ word"});

    @TempDir
    Path dir;

    @Test
    void reads_every_waiting_message_archives_and_prints_each_oldest_first_P8() throws IOException {
        Path archive = dir.resolve("me.log");
        try (ScriptedServer server = ScriptedServer.start(Scripts.agreeable(2, List.of(), TWO))) {
            Result r = Cli.run("read", "--port", port(server), "--archive", archive.toString());
            assertEquals(0, r.code(), r.err());
            assertEquals("", r.err());
            String[] lines = r.out().split("\n", -1);
            assertEquals(3, lines.length, r.out());
            assertTrue(lines[0].matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d  alice  Hi!"), lines[0]);
            assertTrue(lines[1].endsWith("  bob  a \"quoted\" \\ word"), "a backslash is shown as sent: " + lines[1]);
            server.settle();
            assertEquals("LOGIN me\nREAD\nREAD\nEXIT\n", server.received(), "reads exactly the count LOGIN gave");
            List<ArchivedMessage> kept = new Archive(archive).readAll();
            assertEquals(
                    List.of("alice:Hi!", "bob:a \"quoted\" \\ word"),
                    kept.stream().map(m -> m.peer() + ":" + m.text()).toList());
        }
    }

    @Test
    void json_prints_one_object_per_line_exactly_escaped() {
        try (ScriptedServer server = ScriptedServer.start(Scripts.agreeable(2, List.of(), TWO))) {
            Result r = Cli.run(
                    "read",
                    "--json",
                    "--port",
                    port(server),
                    "--archive",
                    dir.resolve("a.log").toString());
            assertEquals(0, r.code(), r.err());
            String[] lines = r.out().split("\n");
            assertTrue(
                    lines[0].matches(
                            "\\{\"received\":\"\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z\",\"sender\":\"alice\",\"text\":\"Hi!\"}"),
                    lines[0]);
            assertTrue(lines[1].endsWith(",\"sender\":\"bob\",\"text\":\"a \\\"quoted\\\" \\\\ word\"}"), lines[1]);
        }
    }

    @Test
    void n_reads_at_most_n_and_leaves_the_rest_on_the_server_P8() {
        try (ScriptedServer server = ScriptedServer.start(Scripts.agreeable(2, List.of(), TWO))) {
            Result r = Cli.run(
                    "read",
                    "-n",
                    "1",
                    "--port",
                    port(server),
                    "--archive",
                    dir.resolve("a.log").toString());
            assertEquals(0, r.code(), r.err());
            assertEquals(1, r.out().lines().count());
            server.settle();
            assertEquals("LOGIN me\nREAD\nEXIT\n", server.received());
        }
    }

    @Test
    void all_overrides_a_limit_from_the_environment_but_not_from_the_command_line() {
        try (ScriptedServer server = ScriptedServer.start(Scripts.agreeable(2, List.of(), TWO))) {
            String archive = dir.resolve("a.log").toString();
            Result r = Cli.runWith(
                    "", Map.of("PIGEONHOLE_LIMIT", "1"), "read", "--all", "--port", port(server), "--archive", archive);
            assertEquals(0, r.code(), r.err());
            assertEquals(2, r.out().lines().count());
            Result both = Cli.run("read", "--all", "-n", "1", "--port", port(server), "--archive", archive);
            assertEquals(
                    "pigeonhole read: --all and -n cannot be used together (see 'pigeonhole read --help')",
                    both.oneErrorLine(ExitCode.USAGE));
        }
    }

    @Test
    void nothing_waiting_means_no_READ_and_no_output_P5() {
        try (ScriptedServer server = ScriptedServer.start(Scripts.agreeable(0))) {
            assertEquals(
                    new Result(0, "", ""),
                    Cli.run(
                            "read",
                            "--port",
                            port(server),
                            "--archive",
                            dir.resolve("a.log").toString()));
            server.settle();
            assertEquals("LOGIN me\nEXIT\n", server.received());
        }
    }

    @Test
    void READ_ERROR_before_the_count_is_reached_ends_quietly_G3() {
        // Another session of the same user read the second message in between (G3).
        try (ScriptedServer server = ScriptedServer.start(Scripts.agreeable(2, List.of(), TWO.subList(0, 1)))) {
            Result r = Cli.run(
                    "read",
                    "--port",
                    port(server),
                    "--archive",
                    dir.resolve("a.log").toString());
            assertEquals(0, r.code(), r.err());
            assertEquals(1, r.out().lines().count());
            server.settle();
            assertEquals("LOGIN me\nREAD\nREAD\nEXIT\n", server.received());
        }
    }

    @Test
    void a_sender_with_spaces_drops_the_connection_exits_1_and_archives_nothing_P8_P10() throws IOException {
        Path archive = dir.resolve("a.log");
        try (ScriptedServer server = ScriptedServer.start(Scripts.answering("READ", "bob smith\nhello\n", false))) {
            Result r = Cli.run("read", "--port", port(server), "--archive", archive.toString());
            assertEquals(
                    "pigeonhole read: 127.0.0.1:" + server.port() + " broke the protocol, connection dropped: "
                            + "P8: expected a sender or READ ERROR [bob smith]",
                    r.oneErrorLine(ExitCode.FAILURE));
            assertEquals("", r.out());
            assertEquals(List.of(), new Archive(archive).readAll());
            server.settle();
            assertEquals("LOGIN me\nREAD\n", server.received());
        }
    }

    @Test
    void a_message_cut_mid_line_exits_1_and_prints_nothing_of_it_P1_P12() throws IOException {
        Path archive = dir.resolve("a.log");
        try (ScriptedServer server = ScriptedServer.start(Scripts.answering("READ", "bob\nhalf a mess", true))) {
            Result r = Cli.run("read", "--port", port(server), "--archive", archive.toString());
            assertEquals(
                    "pigeonhole read: 127.0.0.1:" + server.port() + " closed the connection unexpectedly",
                    r.oneErrorLine(ExitCode.FAILURE));
            assertEquals("", r.out());
            assertEquals(List.of(), new Archive(archive).readAll());
        }
    }

    @Test
    void a_control_byte_in_a_message_is_refused_and_shown_escaped_P2() {
        try (ScriptedServer server =
                ScriptedServer.start(Scripts.answering("READ", "bob\nred \u001b[31m alert\n", false))) {
            Result r = Cli.run(
                    "read",
                    "--port",
                    port(server),
                    "--archive",
                    dir.resolve("a.log").toString());
            assertEquals(
                    "pigeonhole read: 127.0.0.1:" + server.port() + " broke the protocol, connection dropped: "
                            + "P2: byte 0x1b at column 5 [red \\x1b[31m alert]",
                    r.oneErrorLine(ExitCode.FAILURE));
        }
    }

    @Test
    void an_archive_that_cannot_be_written_stops_before_anything_is_read() throws IOException {
        Path notAFile = Files.createDirectory(dir.resolve("taken"));
        try (ScriptedServer server = ScriptedServer.start(Scripts.agreeable(2, List.of(), TWO))) {
            Result r = Cli.run("read", "--port", port(server), "--archive", notAFile.toString());
            assertEquals(
                    "pigeonhole read: cannot use " + notAFile + " as the archive: it is a directory; nothing was read"
                            + " (choose another file with --archive)",
                    r.oneErrorLine(ExitCode.FAILURE));
            server.settle();
            assertEquals(0, server.connections());
        }
    }

    @Test
    void an_archive_failure_after_a_READ_is_reported_as_such_not_as_a_connection_failure() throws IOException {
        Path notes = Files.writeString(dir.resolve("notes.txt"), "milk\neggs"); // not an archive: append refuses it
        Files.setPosixFilePermissions(notes, PosixFilePermissions.fromString("rw-------")); // no notice about modes
        try (ScriptedServer server = ScriptedServer.start(Scripts.agreeable(2, List.of(), TWO))) {
            Result r = Cli.run("read", "--port", port(server), "--archive", notes.toString());
            String line = r.oneErrorLine(ExitCode.FAILURE);
            assertTrue(line.startsWith("pigeonhole read: cannot write the archive " + notes), line);
            assertTrue(line.endsWith("the message from alice was left on the server"), line);
            assertEquals("", r.out());
            server.settle();
            assertEquals("LOGIN me\nREAD\n", server.received(), "no EXIT: the server keeps the message");
        }
    }

    @Test
    void invalid_limits_exit_2_without_connecting() {
        try (ScriptedServer server = ScriptedServer.start(Scripts.agreeable(2, List.of(), TWO))) {
            Result r = Cli.run(
                    "read",
                    "-n",
                    "0",
                    "--port",
                    port(server),
                    "--archive",
                    dir.resolve("a.log").toString());
            assertEquals(
                    "pigeonhole read: -n must be at least 1; got 0 (see 'pigeonhole read --help')",
                    r.oneErrorLine(ExitCode.USAGE));
            server.settle();
            assertEquals(0, server.connections());
        }
    }

    @Test
    void a_closed_standard_output_stops_reading_and_leaves_the_rest_on_the_server() throws IOException {
        List<String[]> five = List.of(
                new String[] {"a", "1"},
                new String[] {"a", "2"},
                new String[] {"a", "3"},
                new String[] {"a", "4"},
                new String[] {"a", "5"});
        Path archive = dir.resolve("a.log");
        try (ScriptedServer server = ScriptedServer.start(Scripts.agreeable(5, List.of(), five))) {
            // Like a pipe to `head -1`: the first line gets through, every later write fails.
            OutputStream headOne = new OutputStream() {
                private boolean lineDone;

                @Override
                public void write(int b) throws IOException {
                    if (lineDone) {
                        throw new IOException("Broken pipe");
                    }
                    lineDone = b == '\n';
                }
            };
            CommandLine cl = Main.commandLine(new ByteArrayInputStream(new byte[0]), Map.of("PIGEONHOLE_USER", "me"));
            StringWriter err = new StringWriter();
            cl.setOut(new PrintWriter(new OutputStreamWriter(headOne, StandardCharsets.US_ASCII), true));
            cl.setErr(new PrintWriter(err, true));
            int code = cl.execute("read", "--port", port(server), "--archive", archive.toString());
            assertEquals(ExitCode.FAILURE, code);
            assertEquals(
                    "pigeonhole read: cannot write to standard output; stopped reading (2 read, all archived in "
                            + archive + ")\n",
                    err.toString());
            assertEquals(2, new Archive(archive).readAll().size(), "the message that could not be shown is archived");
            server.settle();
            assertEquals("LOGIN me\nREAD\nREAD\nEXIT\n", server.received(), "three messages stay on the server");
        }
    }
}
