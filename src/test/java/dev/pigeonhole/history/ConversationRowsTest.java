package dev.pigeonhole.history;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pigeonhole.client.ConversationMessage;
import dev.pigeonhole.history.ConversationRows.Kind;
import dev.pigeonhole.history.ConversationRows.Row;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The conversation laid out in rows, without a terminal: day rules, the new rule, names, wrapping. */
class ConversationRowsTest {
    /** Every character one column, except U+4F60 (two), as CJK is on a terminal; "..." marks a cut. */
    private static final ConversationRows.Style PLAIN = new ConversationRows.Style() {
        @Override
        public String display(String wire) {
            return wire;
        }

        @Override
        public int width(char c) {
            return c == '\u4f60' ? 2 : 1;
        }

        @Override
        public String fit(String s, int columns) {
            return s.length() <= columns ? s : s.substring(0, Math.max(0, columns - 3)) + "...";
        }

        @Override
        public String arrow() {
            return "->";
        }
    };

    private static Timeline.Item item(String at, ConversationMessage.Direction d, String peer, String text) {
        return new Timeline.Item(new ConversationMessage(Instant.parse(at), d, peer, text), 0, 0);
    }

    private static final List<Timeline.Item> ITEMS = List.of(
            item("2026-11-24T23:59:00Z", ConversationMessage.Direction.IN, "bob", "late one"),
            item("2026-11-25T08:00:00Z", ConversationMessage.Direction.OUT, "bob", "morning bob, how was the trip"),
            item("2026-11-25T08:01:00Z", ConversationMessage.Direction.IN, "bob", "fine"));

    private static List<String> kinds(ConversationRows rows) {
        return rows.rows().stream().map(r -> r.kind() + ":" + r.entry()).toList();
    }

    @Test
    void a_day_rule_at_each_new_day_and_the_new_rule_above_the_marked_message() {
        ConversationRows rows = ConversationRows.layOut(ITEMS, 2, null, 60, ZoneOffset.UTC, PLAIN);
        assertEquals(List.of("DAY:0", "FIRST:0", "DAY:1", "FIRST:1", "MARKER:2", "FIRST:2"), kinds(rows));
        assertEquals("Tue 24 Nov 2026", rows.rows().get(0).text());
        assertEquals("you->bob", rows.rows().get(3).name(), "everyone's view names the recipient");
        assertEquals(3, rows.firstRowOf(1));
        assertEquals(4, rows.topRowOf(2), "the new rule belongs to the message under it");
    }

    @Test
    void text_wraps_under_the_time_and_each_row_knows_where_it_starts_in_the_text() {
        ConversationRows rows = ConversationRows.layOut(ITEMS.subList(1, 2), -1, "bob", 24, ZoneOffset.UTC, PLAIN);
        List<Row> r = rows.rows();
        assertEquals(Kind.FIRST, r.get(1).kind());
        assertEquals("you", r.get(1).name(), "one correspondent's view: just you");
        assertEquals("morning bob,", r.get(1).text()); // 24 - "08:00 you: " = 13 columns
        assertEquals(11, r.get(1).x());
        assertEquals("how was the trip", r.get(2).text());
        assertEquals(6, r.get(2).x(), "continuation rows are indented past the time");
        assertEquals(
                "how was the trip",
                rows.texts()
                        .get(0)
                        .substring(
                                r.get(2).from(),
                                r.get(2).from() + r.get(2).text().length()));
    }

    @Test
    void wrap_breaks_at_line_breaks_and_spaces_never_splits_a_wide_character_and_always_progresses() {
        assertEquals(List.of("ab", "cd", ""), ranges("ab\ncd\n", 10, 10));
        assertEquals(List.of("one", "two"), ranges("one two", 5, 5));
        assertEquals(List.of("abc", "def", "g"), ranges("abcdefg", 3, 3));
        assertEquals(List.of("a", "\u4f60", "b"), ranges("a\u4f60b", 2, 2));
        assertEquals(List.of("\u4f60", "\u4f60"), ranges("\u4f60\u4f60", 1, 1));
    }

    @Test
    void the_place_on_screen_survives_an_older_page_arriving_above_it() {
        ConversationRows before = ConversationRows.layOut(ITEMS.subList(1, 3), -1, "bob", 24, ZoneOffset.UTC, PLAIN);
        // Rows: DAY:0, FIRST:0, MORE:0, FIRST:1; the screen starts at the continuation row of message 0.
        ConversationRows.Anchor at = before.anchorAt(2);
        assertEquals(new ConversationRows.Anchor(0, 2), at);
        // One older message arrives above (a day of its own): message 0 is now message 1.
        ConversationRows after = ConversationRows.layOut(ITEMS, -1, "bob", 24, ZoneOffset.UTC, PLAIN);
        int top = after.topFor(at, 1, ITEMS.size());
        assertEquals("how was the trip", after.rows().get(top).text(), "the same row is at the top");
        // The message gone (dropped from the other end): the nearest one, from its first row.
        assertEquals(after.topRowOf(2), after.topFor(new ConversationRows.Anchor(5, 1), 0, ITEMS.size()));
    }

    @Test
    void scrolling_stops_at_both_ends_and_starts_from_the_bottom_while_following() {
        ConversationRows rows = ConversationRows.layOut(ITEMS, -1, "bob", 24, ZoneOffset.UTC, PLAIN);
        int n = rows.rows().size();
        assertEquals(n - 2, rows.bottom(2));
        assertEquals(0, rows.scrolled(1, -5, 2, false));
        assertEquals(n - 2, rows.scrolled(0, 100, 2, false));
        assertEquals(n - 3, rows.scrolled(0, -1, 2, true), "one up from the bottom, not from the top");
        assertEquals(0, rows.bottom(100), "fewer rows than the screen: nothing to scroll");
    }

    private static List<String> ranges(String text, int first, int rest) {
        return ConversationRows.wrapRanges(text, first, rest, PLAIN).stream()
                .map(r -> text.substring(r[0], r[1]))
                .toList();
    }
}
