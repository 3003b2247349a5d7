package dev.pigeonhole.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pigeonhole.client.ArchivedMessage;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The small encoders behind every printed line: JSON strings, human lines, error lines. */
class OutputTextTest {
    @Test
    void json_strings_escape_quotes_backslashes_and_everything_outside_printable_ASCII() {
        assertEquals("\"plain text\"", Json.string("plain text"));
        assertEquals("\"say \\\"hi\\\" \\\\o/\"", Json.string("say \"hi\" \\o/"));
        assertEquals("\"\\n\\r\\t\\u0000\\u001b\\u007f\\u0085\"", Json.string("\n\r\t\u0000\u001b\u007f\u0085"));
        assertEquals(
                "\"caf\\u00e9 \\u202e \\ud83d\\udc26\"",
                Json.string("café \u202e \uD83D\uDC26"),
                "pairs as two escapes");
        assertEquals("\"/\"", Json.string("/"), "a slash needs no escape");
    }

    @Test
    void a_json_line_holds_utc_time_sender_and_exact_text() {
        ArchivedMessage m = new ArchivedMessage(Instant.parse("2026-11-25T16:40:01.123Z"), "bob", "a\\b \"c\"");
        assertEquals(
                "{\"received\":\"2026-11-25T16:40:01.123Z\",\"sender\":\"bob\",\"text\":\"a\\\\b \\\"c\\\"\"}",
                OutputFormat.JSON.line(m));
    }

    @Test
    void human_lines_show_printable_ASCII_as_sent_and_escape_the_rest() {
        assertEquals("C:\\temp \\x5c", OutputFormat.shown("C:\\temp \\x5c"), "backslashes as sent");
        assertEquals("red \\x1b[31m \\xe9 \\u202e", OutputFormat.shown("red \u001b[31m \u00e9 \u202e"));
    }

    @Test
    void error_lines_keep_letters_and_backslashes_and_escape_controls_and_invisible_marks() {
        assertEquals("found 'é' at position 4; C:\\temp", TerminalText.safe("found 'é' at position 4; C:\\temp"));
        assertEquals("a\\x1b[2Jb\\x07\\x9b\\u202e\\u200b", TerminalText.safe("a\u001b[2Jb\u0007\u009b\u202e\u200b"));
        assertEquals("\\ud800x", TerminalText.safe("\uD800x"), "a lone surrogate");
    }
}
