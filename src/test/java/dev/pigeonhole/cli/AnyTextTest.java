package dev.pigeonhole.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pigeonhole.cli.Cli.Result;
import dev.pigeonhole.client.Archive;
import dev.pigeonhole.testing.JsonLiteral;
import dev.pigeonhole.testing.RawClient;
import dev.pigeonhole.testing.ServerFixture;
import dev.pigeonhole.text.WireText;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16 end to end, against the real server in-process: any text goes over the seed wire as RFC 2047
 * encoded-words (P2, P4 unchanged), comes back exactly, and never reaches a terminal raw.
 */
class AnyTextTest {
    @RegisterExtension
    final ServerFixture server = ServerFixture.start(cfg -> cfg.maxMessage(200));

    @TempDir
    Path dir;

    private Result as(String user, String stdin, String... args) {
        return Cli.runAs(server.port(), user, stdin, args);
    }

    private String archive(String user) {
        return dir.resolve(user + ".log").toString();
    }

    /** The texts of {@code read --json}'s lines. */
    private static List<String> jsonTexts(String out) {
        return out.lines()
                .map(l -> JsonLiteral.parse(l.substring(l.indexOf("\"text\":") + 7, l.length() - 1)))
                .toList();
    }

    @Test
    void non_ascii_words_and_piped_multi_line_text_come_back_exactly_in_read_json_P2_P4() throws IOException {
        assertEquals(new Result(0, "", ""), as("alice", "", "send", "--to", "bob", "Lunch", "at", "the", "café?"));
        assertEquals(new Result(0, "", ""), as("alice", "", "send", "--to", "bob", "it’s", "你好", "🙂"));
        String snippet = "def f(x):\n    return x  # naïve\n\tdone\n";
        assertEquals(new Result(0, "", ""), as("carol", snippet, "send", "--to", "bob"));
        assertEquals(new Result(0, "", ""), as("carol", "=?utf-8?q?typed?=", "send", "--to", "bob"));

        Result read = as("bob", "", "read", "--json", "--archive", archive("bob"));
        assertEquals(0, read.code(), read.err());
        assertEquals(
                List.of(
                        "Lunch at the café?",
                        "it’s 你好 🙂",
                        "def f(x):\n    return x  # naïve\n\tdone",
                        "=?utf-8?q?typed?="),
                jsonTexts(read.out()));
        // The archive keeps the wire text, exactly as it crossed the wire.
        assertEquals(
                List.of(
                        "Lunch at the =?UTF-8?Q?caf=C3=A9=3F?=",
                        WireText.encode("it’s 你好 🙂"),
                        WireText.encode("def f(x):\n    return x  # naïve\n\tdone"),
                        "=?UTF-8?Q?=3D=3Futf-8=3Fq=3Ftyped=3F=3D?="),
                new Archive(Path.of(archive("bob")))
                        .readAll().stream().map(m -> m.text()).toList());
    }

    @Test
    void a_multi_line_message_is_one_record_indented_under_its_header_in_read_and_inbox() {
        assertEquals(
                0,
                as("alice", "line1\nline2\n", "send", "--to", "bob", "--archive", archive("alice"))
                        .code());
        Result read = as("bob", "", "read", "--archive", archive("bob"));
        List<String> lines = read.out().lines().toList();
        assertEquals(2, lines.size(), read.out());
        assertTrue(lines.get(0).endsWith("  alice  line1"), lines.get(0));
        assertEquals(" ".repeat(lines.get(0).length() - "line1".length()) + "line2", lines.get(1));

        List<String> inbox = as("alice", "", "inbox", "--archive", archive("alice"))
                .out()
                .lines()
                .toList();
        assertEquals(2, inbox.size(), inbox.toString());
        assertTrue(inbox.get(0).endsWith("  -> bob  line1"), inbox.get(0));
        assertTrue(inbox.get(1).startsWith(" ") && inbox.get(1).endsWith(" line2"), inbox.get(1));
    }

    @Test
    void a_raw_clients_hostile_encoded_message_shows_no_raw_control_in_read_or_inbox_P2() throws IOException {
        String hostile = "\u001b]2;owned\u0007\u001b[2J\u009b31m \u202eevil\u202c\u200b";
        try (RawClient raw = server.raw()) {
            raw.send("LOGIN mallory").readLine();
            assertEquals(
                    "MESSAGE SENT",
                    raw.send("COMPOSE bob").send(WireText.encode(hostile)).readLine());
            raw.send("EXIT");
        }
        Result read = as("bob", "", "read", "--archive", archive("bob"));
        assertEquals(0, read.code(), read.err());
        Result inbox = as("bob", "", "inbox", "--archive", archive("bob"));
        for (String out : List.of(read.out(), inbox.out())) {
            String line = out.substring(0, out.length() - 1);
            assertFalse(line.isEmpty());
            assertTrue(
                    line.chars()
                            .noneMatch(c ->
                                    c < 0x20 || c == 0x7F || (c >= 0x80 && c < 0xA0) || c == 0x202E || c == 0x200B),
                    out);
            assertTrue(line.endsWith("\\x1b]2;owned\\x07\\x1b[2J\\x9b31m \\u202eevil\\u202c\\u200b"), line);
        }
        Result json = as("bob", "", "inbox", "--json", "--archive", archive("bob"));
        assertEquals(List.of(hostile), jsonTexts(json.out()), "JSON carries the exact text");
    }

    @Test
    void the_limit_counts_the_encoded_line_and_says_how_much_fits_exit_2_P4() {
        String text = "é".repeat(100);
        Result r = as("alice", "", "send", "--to", "bob", "--max-message", "200", text);
        assertEquals(
                "pigeonhole send: message is 41 characters too long: encoded for the wire it takes 336 characters"
                        + " and the limit is 200; the first 59 characters fit",
                r.oneErrorLine(ExitCode.USAGE));
        assertEquals(new Result(1, "0\n", ""), as("bob", "", "count"), "nothing was sent");
        assertEquals(
                0,
                as("alice", "", "send", "--to", "bob", "--max-message", "200", "é".repeat(32))
                        .code());
    }

    @Test
    void a_message_a_seed_client_sends_in_ascii_is_unchanged_byte_for_byte_P4() throws IOException {
        assertEquals(
                0,
                as("alice", "", "send", "--to", "bob", "plain", "ASCII", "=", "?")
                        .code());
        try (RawClient raw = server.raw()) {
            assertEquals("1", raw.send("LOGIN bob").readLine());
            raw.send("READ");
            assertEquals("alice", raw.readLine());
            assertEquals("plain ASCII = ?", raw.readLine());
            raw.send("EXIT");
        }
    }

    @Test
    void human_output_shows_letters_and_emoji_as_they_are() {
        assumeTrue(
                Main.outputCharset().equals(StandardCharsets.UTF_8),
                "standard output is " + Main.outputCharset() + ": letters outside it are shown escaped");
        assertEquals(
                0,
                as("alice", "", "send", "--to", "bob", "naïve", "你好", "👩‍💻").code());
        Result read = as("bob", "", "read", "--archive", archive("bob"));
        assertTrue(read.out().endsWith("  alice  naïve 你好 👩‍💻\n"), read.out());
    }
}
