package dev.pigeonhole.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pigeonhole.cli.Cli.Result;
import dev.pigeonhole.client.Archive;
import dev.pigeonhole.client.ArchivedMessage;
import dev.pigeonhole.testing.ServerFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Every command against the real server, in-process: what one command sends, the others see. */
class CommandsAgainstServerTest {
    @RegisterExtension
    final ServerFixture server = ServerFixture.start(cfg -> cfg.maxMessage(20));

    @TempDir
    Path dir;

    /** Runs command {@code args[0]} with {@code args[1..]} as {@code user} against the test server. */
    private Result as(String user, String stdin, String... args) {
        return Cli.runAs(server.port(), user, stdin, args);
    }

    private String archive(String user) {
        return dir.resolve(user + ".log").toString();
    }

    @Test
    void send_count_read_inbox_round_trip_in_FIFO_order_P5_P7_P8() throws IOException {
        assertEquals(new Result(0, "", ""), as("alice", "", "send", "--to", "bob", "Hi", "Bob!"));
        assertEquals(new Result(0, "", ""), as("carol", "first line\n\nthird line\n", "send", "--to", "bob", "-"));

        assertEquals(new Result(0, "4\n", ""), as("bob", "", "count"));
        Result read = as("bob", "", "read", "-n", "3", "--archive", archive("bob"));
        assertEquals(0, read.code(), read.err());
        List<String> lines = read.out().lines().toList();
        assertEquals(3, lines.size(), read.out());
        assertTrue(lines.get(0).endsWith("  alice  Hi Bob!"), lines.get(0));
        assertTrue(lines.get(1).endsWith("  carol  first line"), lines.get(1));
        assertTrue(lines.get(2).endsWith("  carol  "), "an empty message is a message: " + lines.get(2));

        assertEquals(new Result(0, "1\n", ""), as("bob", "", "count"));
        Result json = as("bob", "", "read", "--json", "--archive", archive("bob"));
        assertTrue(
                json.out().matches("\\{\"received\":\"[^\"]+\",\"sender\":\"carol\",\"text\":\"third line\"}\n"),
                json.out());
        assertEquals(new Result(1, "0\n", ""), as("bob", "", "count"));
        assertEquals(new Result(0, "", ""), as("bob", "", "read", "--archive", archive("bob")), "nothing left to read");

        List<ArchivedMessage> kept = new Archive(Path.of(archive("bob"))).readAll();
        assertEquals(
                List.of("alice:Hi Bob!", "carol:first line", "carol:", "carol:third line"),
                kept.stream().map(m -> m.peer() + ":" + m.text()).toList());
        Result inbox = as("bob", "", "inbox", "-n", "1", "--archive", archive("bob"));
        assertTrue(inbox.out().endsWith("  <- carol  third line\n"), inbox.out());
    }

    @Test
    void the_server_refusing_an_over_long_message_exits_3_and_later_lines_are_not_sent_P7_P11() {
        // The client allows 4096 characters; this server stores 20 at most, and says so with MESSAGE FAILED.
        Result r = as("alice", "short\nthis line is longer than twenty\nnever sent\n", "send", "--to", "bob", "-");
        assertEquals(
                "pigeonhole send: the server answered MESSAGE FAILED for message 2 of 3; 1 sent before it",
                r.oneErrorLine(ExitCode.MESSAGE_FAILED));
        assertEquals(new Result(0, "1\n", ""), as("bob", "", "count"));
        Result read = as("bob", "", "read", "--archive", archive("bob"));
        assertTrue(read.out().endsWith("  alice  short\n"), read.out());
    }

    @Test
    void invalid_input_stores_nothing_on_the_server_P2_P3() {
        assertEquals(
                "pigeonhole send: line 2: message is 2 characters too long: encoded for the wire it takes 22"
                        + " characters and the limit is 20; the first 3 characters fit"
                        + " (see 'pigeonhole send --help')",
                as("alice", "ok\nnaïve\n", "send", "--max-message", "20", "--to", "bob", "-")
                        .oneErrorLine(ExitCode.USAGE));
        assertEquals(
                "pigeonhole send: a recipient cannot contain spaces (see 'pigeonhole send --help')",
                as("alice", "", "send", "--to", "bob smith", "hi").oneErrorLine(ExitCode.USAGE));
        assertEquals(new Result(1, "0\n", ""), as("bob", "", "count"));
    }

    @Test
    void a_message_to_yourself_is_allowed_P7() {
        assertEquals(0, as("alice", "", "send", "--to", "alice", "Note to self").code());
        assertEquals(new Result(0, "1\n", ""), as("alice", "", "count"));
    }

    @Test
    void send_records_what_the_server_accepted_so_inbox_shows_both_directions_P7() {
        assertEquals(
                new Result(0, "", ""), as("alice", "", "send", "--archive", archive("alice"), "--to", "bob", "Hi"));
        assertEquals(new Result(0, "", ""), as("bob", "", "send", "--archive", archive("bob"), "--to", "alice", "Yo"));
        assertEquals(0, as("alice", "", "read", "--archive", archive("alice")).code());
        String inbox = as("alice", "", "inbox", "--archive", archive("alice")).out();
        List<String> lines = inbox.lines().toList();
        assertEquals(2, lines.size(), inbox);
        assertTrue(lines.get(0).endsWith("  -> bob  Hi"), inbox);
        assertTrue(lines.get(1).endsWith("  <- bob  Yo"), inbox);
    }

    @Test
    void a_message_the_server_refused_is_not_recorded_as_sent_P7() {
        Result r = as("alice", "", "send", "--archive", archive("alice"), "--to", "bob", "longer than twenty chars");
        assertEquals(ExitCode.MESSAGE_FAILED, r.code(), r.err());
        assertEquals("", as("alice", "", "inbox", "--archive", archive("alice")).out());
    }

    @Test
    void a_sent_store_that_cannot_be_written_is_said_once_and_the_send_still_succeeds() throws IOException {
        Path notADirectory = Files.writeString(dir.resolve("plain-file"), "x");
        String archive = notADirectory.resolve("alice.log").toString();
        Result r = as("alice", "one\ntwo\n", "send", "--archive", archive, "--to", "bob", "-");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.oneErrorLine(0).contains("sent, but cannot record it in "), r.err());
        assertEquals(new Result(0, "2\n", ""), as("bob", "", "count"), "both were sent");
    }

    @Test
    void read_makes_an_archive_readable_by_others_private_and_says_so_once() throws IOException {
        Path file = Path.of(archive("bob"));
        Files.writeString(file, "");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        Result first = as("bob", "", "read", "--archive", file.toString());
        assertEquals(0, first.code(), first.err());
        assertTrue(first.err().contains("made " + file + " private"), first.err());
        assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(file));
        assertEquals(new Result(0, "", ""), as("bob", "", "read", "--archive", file.toString()), "said once");
    }
}
