package dev.pigeonhole.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pigeonhole.cli.Cli.Result;
import dev.pigeonhole.client.Archive;
import dev.pigeonhole.client.ArchivedMessage;
import dev.pigeonhole.client.SentStore;
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
        assertTrue(lines[0].matches("2026-11-2[56] \\d\\d:\\d\\d:01  <- alice  one"), lines[0]);
        assertTrue(lines[2].endsWith("  <- carol  three"), lines[2]);
    }

    @Test
    void n_prints_the_most_recent_n_and_json_is_exact() {
        Result r = Cli.run("inbox", "-n", "2", "--json", "--archive", file.toString());
        assertEquals(
                new Result(
                        0,
                        "{\"direction\":\"in\",\"received\":\"2026-11-25T16:41:02Z\",\"sender\":\"bob\",\"text\":\"two\"}\n"
                                + "{\"direction\":\"in\",\"received\":\"2026-11-25T16:42:03Z\",\"sender\":\"carol\","
                                + "\"text\":\"three\"}\n",
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
        String e = OutputFormat.displayable("\u00e9", Main.outputCharset()); // \xe9 if the locale has no é
        assertTrue(r.out().endsWith("  <- ev\\x1bil  clear \\x1b[2J screen " + e + "\n"), r.out());
        Result json = Cli.run("inbox", "-n", "1", "--json", "--archive", file.toString());
        assertTrue(
                json.out().endsWith("\"sender\":\"ev\\u001bil\",\"text\":\"clear \\u001b[2J screen \\u00e9\"}\n"),
                json.out());
    }

    @Test
    void sent_messages_are_shown_in_their_place_marked_and_json_has_a_direction() throws IOException {
        SentStore sent = SentStore.beside(new Archive(file));
        sent.append(Instant.parse("2026-11-25T16:41:30Z"), "bob", "reply to two");
        Result r = Cli.run("inbox", "-n", "3", "--archive", file.toString());
        String[] lines = r.out().split("\n");
        assertEquals(3, lines.length, r.out());
        assertTrue(lines[0].endsWith("  <- bob  two"), lines[0]);
        assertTrue(lines[1].endsWith("  -> bob  reply to two"), lines[1]);
        assertTrue(lines[2].endsWith("  <- carol  three"), lines[2]);
        Result json = Cli.run("inbox", "-n", "2", "--json", "--archive", file.toString());
        assertTrue(
                json.out()
                        .startsWith("{\"direction\":\"out\",\"sent\":\"2026-11-25T16:41:30Z\",\"recipient\":\"bob\","
                                + "\"text\":\"reply to two\"}\n"),
                json.out());
    }

    @Test
    void an_archive_readable_by_others_is_made_private_and_that_is_said_once() throws IOException {
        Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        Result first = Cli.run("inbox", "-n", "1", "--archive", file.toString());
        assertEquals(0, first.code());
        assertTrue(first.err().contains("made " + file + " private: its permissions were rw-r--r--"), first.err());
        assertEquals(
                "rw-------",
                java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals(
                "", Cli.run("inbox", "-n", "1", "--archive", file.toString()).err(), "said once");
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
