package dev.pigeonhole.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pigeonhole.client.ArchivedMessage;
import dev.pigeonhole.text.WireText;
import java.nio.charset.StandardCharsets;
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
    void a_json_line_carries_the_decoded_text_exactly() {
        ArchivedMessage m = new ArchivedMessage(
                Instant.parse("2026-11-25T16:40:01.123Z"), "bob", "=?UTF-8?Q?caf=C3=A9=0A=1B[2J?= ok");
        assertEquals(
                "{\"received\":\"2026-11-25T16:40:01.123Z\",\"sender\":\"bob\",\"text\":\"caf\\u00e9\\n\\u001b[2J ok\"}",
                OutputFormat.JSON.line(m));
    }

    @Test
    void human_lines_show_letters_and_backslashes_as_sent_and_escape_controls_and_bidi() {
        assertEquals("C:\\temp \\x5c", OutputFormat.shown("C:\\temp \\x5c"), "backslashes as sent");
        assertEquals(
                "h  red \\x1b[31m \u00e9 \\u202e \\x9b",
                OutputFormat.record(
                        "h  ", WireText.encode("red \u001b[31m \u00e9 \u202e \u009b"), StandardCharsets.UTF_8));
    }

    @Test
    void a_multi_line_message_continues_indented_under_its_text_so_each_record_starts_one_line() {
        String wire = WireText.encode("line1\n\tline2\r\nline3");
        String head = "2026-11-25 17:40:03  bob  ";
        String indent = " ".repeat(head.length());
        assertEquals(
                head + "line1\n" + indent + "        line2\n" + indent + "line3",
                OutputFormat.record(head, wire, StandardCharsets.UTF_8),
                "the tab expands from the text's own column 0");
    }

    @Test
    void what_the_output_encoding_cannot_carry_is_escaped_not_replaced_by_a_question_mark() {
        assertEquals(
                "h caf\\xe9 \\U0001f642 ok",
                OutputFormat.record("h ", WireText.encode("café 🙂 ok"), StandardCharsets.US_ASCII));
        assertEquals("h café ok", OutputFormat.record("h ", WireText.encode("café ok"), StandardCharsets.ISO_8859_1));
    }

    @Test
    void a_hand_typed_encoded_word_that_does_not_decode_is_shown_as_received() {
        assertEquals("h =?UTF-8?Q?=FF?=", OutputFormat.record("h ", "=?UTF-8?Q?=FF?=", StandardCharsets.UTF_8));
    }

    @Test
    void error_lines_keep_letters_and_backslashes_and_escape_controls_and_invisible_marks() {
        assertEquals("found 'é' at position 4; C:\\temp", TerminalText.safe("found 'é' at position 4; C:\\temp"));
        assertEquals("a\\x1b[2Jb\\x07\\x9b\\u202e\\u200b", TerminalText.safe("a\u001b[2Jb\u0007\u009b\u202e\u200b"));
        assertEquals("\\ud800x", TerminalText.safe("\uD800x"), "a lone surrogate");
    }
}
