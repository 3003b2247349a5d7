package dev.pigeonhole.tui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.googlecode.lanterna.TextCharacter;
import dev.pigeonhole.client.ConversationMessage;
import dev.pigeonhole.text.Columns;
import dev.pigeonhole.text.WireText;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 16 point 4 on the virtual terminal: the conversation shows decoded, escaped, wrapped, multi-line
 * text; wide characters take two columns and never push the layout; nothing received reaches a cell raw.
 */
class ConversationDisplayTest {
    private static ConversationMessage in(String text) {
        return VirtualUi.in("2026-11-25T10:00:00Z", "bob", WireText.encode(text));
    }

    /** Every cell of the screen, as Lanterna holds it: none may be a control character. */
    private static void assertNoControlCell(VirtualUi ui) {
        for (int r = 0; r < ui.vt.getTerminalSize().getRows(); r++) {
            for (int c = 0; c < ui.vt.getTerminalSize().getColumns(); c++) {
                TextCharacter cell = ui.cell(c, r);
                for (char ch : cell.getCharacterString().toCharArray()) {
                    assertFalse(
                            ch < 0x20
                                    || (ch >= 0x7F && ch <= 0x9F)
                                    || (ch >= 0x202A && ch <= 0x202E)
                                    || (ch >= 0x2066 && ch <= 0x2069),
                            "raw control U+" + Integer.toHexString(ch) + " at " + c + "," + r + ":\n" + ui.screen());
                }
            }
        }
    }

    @Test
    void a_hostile_encoded_message_shows_escapes_and_cannot_crash_retitle_or_reorder() {
        VirtualUi ui = new VirtualUi();
        String hostile = "a\u001b]0;owned\u0007b\u009b31mc\u202edcba";
        ui.history(List.of(in(hostile)));
        String s = ui.screen();
        assertTrue(s.contains("a\\x1b]0;owned\\x07b\\x9b31mc\\u202edcba"), s);
        assertNoControlCell(ui);
        assertFalse(ui.titles.stream().anyMatch(t -> t.contains("owned")), "the title is ours: " + ui.titles);
    }

    @Test
    void decoded_multi_line_text_keeps_its_lines_under_the_header() {
        VirtualUi ui = new VirtualUi();
        ui.history(List.of(in("Lunch at the caf\u00e9?\n  - at noon\n  - or one")));
        int row = ui.rowOf("Lunch at the caf\u00e9?");
        assertTrue(row >= 0, ui.screen());
        assertTrue(ui.row(row + 1).contains("  - at noon"), ui.screen());
        assertTrue(ui.row(row + 2).contains("  - or one"), ui.screen());
        assertTrue(ui.row(row + 1).indexOf("  - at noon") >= ui.row(row).indexOf("10:00") + 6, "indented under it");
    }

    @Test
    void wide_characters_take_two_columns_and_never_cross_the_right_edge() {
        for (int cols = 78; cols <= 83; cols++) {
            VirtualUi ui = new VirtualUi(cols, 24, new Look(true, false));
            ui.history(List.of(in("\u4f60\u597d".repeat(60) + " \uD83D\uDE42 ok")));
            String s = ui.screen();
            int first = ui.rowOf("\u4f60\u597d");
            int last = Math.max(ui.rowOf(" ok"), ui.rowOf(" ok "));
            assertTrue(first >= 0 && last > first, s);
            for (int r = first; r <= last; r++) {
                // The right border and the scroll bar column stay where they belong: a wide character that
                // does not fit at the end of a row goes to the next one.
                assertEquals(
                        "\u2502", ui.cell(cols - 1, r).getCharacterString(), "border at width " + cols + ":\n" + s);
                String bar = ui.cell(cols - 2, r).getCharacterString();
                assertEquals(1, Columns.width(bar), "scroll bar column at width " + cols + ":\n" + s);
            }
            assertTrue(
                    s.contains(ScreenText.WIDE_STAND_IN + "" + ScreenText.WIDE_STAND_IN),
                    "the emoji: a wide stand-in (both cells):\n" + s);
            assertNoControlCell(ui);
        }
    }

    @Test
    void search_matches_the_decoded_text_not_the_wire_form() {
        VirtualUi ui = new VirtualUi();
        ui.history(List.of(in("see you at the caf\u00e9"), in("plain")));
        ui.ctrl('f').type("CAF\u00c9").pump().pump();
        assertTrue(ui.screen().contains("Match 1 (newest first)"), ui.screen());
        ui.key(com.googlecode.lanterna.input.KeyType.Escape).pump();
        ui.ctrl('f').type("C3").pump().pump();
        assertTrue(ui.screen().contains("No match for \"C3\""), ui.screen());
    }
}
