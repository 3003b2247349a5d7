package dev.pigeonhole.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pigeonhole.cli.Cli.Result;
import dev.pigeonhole.client.Archive;
import dev.pigeonhole.client.ArchivedMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pigeonhole inbox}: the local archive, printed without any network. */
class InboxCommandTest {
    @TempDir
    Path dir;

    Path file;

    @BeforeEach
    void threeMessages() throws IOException {
        file = dir.resolve("me.log");
        Archive archive = new Archive(file);
        archive.append(new ArchivedMessage(Instant.parse("2026-11-25T16:40:01.123Z"), "alice", "one"));
        archive.append(new ArchivedMessage(Instant.parse("2026-11-25T16:41:02Z"), "bob", "two"));
        archive.append(new ArchivedMessage(Instant.parse("2026-11-25T16:42:03Z"), "carol", "three"));
    }

    @Test
    void prints_the_archive_oldest_first_without_a_server() {
        // Port 1 on the loopback: nothing listens there, so any attempt to connect would fail the command.
        Result r = Cli.run("inbox", "--port", "1", "--archive", file.toString());
        assertEquals(0, r.code(), r.err());
        String[] lines = r.out().split("\n");
        assertEquals(3, lines.length);
        assertTrue(lines[0].matches("2026-11-2[56] \\d\\d:\\d\\d:01  alice  one"), lines[0]);
        assertTrue(lines[2].endsWith("  carol  three"), lines[2]);
    }

    @Test
    void n_prints_the_most_recent_n_and_json_is_exact() {
        Result r = Cli.run("inbox", "-n", "2", "--json", "--archive", file.toString());
        assertEquals(
                new Result(
                        0,
                        "{\"received\":\"2026-11-25T16:41:02Z\",\"sender\":\"bob\",\"text\":\"two\"}\n"
                                + "{\"received\":\"2026-11-25T16:42:03Z\",\"sender\":\"carol\",\"text\":\"three\"}\n",
                        ""),
                r);
    }

    @Test
    void a_tampered_archive_is_still_shown_escaped() throws IOException {
        Files.writeString(
                file,
                "2026-11-25T16:43:00Z\tev\u001bil\tclear \u001b[2J screen \u00e9\n",
                StandardCharsets.UTF_8,
                StandardOpenOption.APPEND);
        Result r = Cli.run("inbox", "-n", "1", "--archive", file.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().endsWith("  ev\\x1bil  clear \\x1b[2J screen \\xe9\n"), r.out());
        Result json = Cli.run("inbox", "-n", "1", "--json", "--archive", file.toString());
        assertTrue(
                json.out().endsWith("\"sender\":\"ev\\u001bil\",\"text\":\"clear \\u001b[2J screen \\u00e9\"}\n"),
                json.out());
    }

    @Test
    void a_missing_archive_is_an_empty_inbox() {
        assertEquals(
                new Result(0, "", ""),
                Cli.run("inbox", "--archive", dir.resolve("none.log").toString()));
    }

    @Test
    void an_unreadable_archive_exits_1() {
        Result r = Cli.run("inbox", "--archive", dir.toString());
        assertTrue(
                r.oneErrorLine(ExitCode.FAILURE).startsWith("pigeonhole inbox: cannot read the archive " + dir),
                r.err());
    }
}
