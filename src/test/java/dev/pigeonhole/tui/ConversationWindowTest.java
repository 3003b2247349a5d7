package dev.pigeonhole.tui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import dev.pigeonhole.client.ConversationMessage;
import dev.pigeonhole.compose.Draft;
import dev.pigeonhole.compose.DraftFile;
import dev.pigeonhole.compose.SendResult;
import dev.pigeonhole.courier.LinkState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Issue 10 on the virtual terminal: conversations, the input line, notifications, search, one key map. */
class ConversationWindowTest {
    private static ConversationMessage in(String at, String from, String text) {
        return VirtualUi.in(at, from, text);
    }

    private static ConversationMessage out(String at, String to, String text) {
        return VirtualUi.out(at, to, text);
    }

    @Test
    void both_directions_show_in_place_and_a_correspondent_has_a_view_of_their_own() {
        VirtualUi ui = new VirtualUi();
        ui.window.onCorrespondents(
                Map.of("alice", VirtualUi.NOW.minusSeconds(60), "carol", VirtualUi.NOW.minusSeconds(600)));
        ui.history(List.of(
                in("2026-11-25T16:30:00Z", "carol", "standup at 10"),
                in("2026-11-25T16:38:00Z", "alice", "lunch?"),
                out("2026-11-25T16:39:00Z", "alice", "yes, noon")));
        String s = ui.screen();
        assertTrue(s.contains("16:38 alice: lunch?"), s);
        assertTrue(s.contains("16:39 you → alice: yes, noon"), s);
        assertTrue(ui.row(2).contains(" alice") && ui.row(3).contains(" carol"), "most recent first:\n" + s);
        ui.ctrl('n').pump();
        assertEquals(List.of("latest alice"), ui.pageRequests);
        assertEquals("alice", ui.window.recipientField().getText(), "To: follows the conversation");
        assertTrue(ui.screen().contains("Conversation with alice"), ui.screen());
        ui.history(List.of(in("2026-11-25T16:38:00Z", "alice", "lunch?"), out("2026-11-25T16:39:00Z", "alice", "ok")));
        assertTrue(ui.screen().contains("16:39 you: ok"), ui.screen());
        ui.arrive(List.of(in("2026-11-25T16:40:00Z", "carol", "ping")));
        assertFalse(ui.screen().contains("ping"), "carol's message is not in alice's conversation");
        assertTrue(ui.row(ui.rowOf(" carol")).contains("carol           1│"), "carol has 1 unread:\n" + ui.screen());
        assertEquals("Pigeonhole (1)", ui.titles.get(ui.titles.size() - 1), "the unread count is in the title");
    }

    @Test
    void tab_completes_known_names_and_ctrl_t_replies_to_whoever_wrote_last() {
        VirtualUi ui = new VirtualUi();
        ui.window.onCorrespondents(
                Map.of("carol", VirtualUi.NOW.minusSeconds(60), "carl", VirtualUi.NOW.minusSeconds(600)));
        ui.type("ca").key(KeyType.Tab).pump();
        assertEquals("carol", ui.window.recipientField().getText());
        ui.key(KeyType.Tab).pump();
        assertEquals("carl", ui.window.recipientField().getText(), "Tab again: the next match");
        ui.ctrl('u').pump();
        ui.history(List.of(in("2026-11-25T16:38:00Z", "dave", "are you there?")));
        ui.ctrl('t').type("yes").key(KeyType.Enter).pump();
        assertEquals("dave", ui.sent.get(0)[0]);
        assertEquals("yes", ui.sent.get(0)[1]);
    }

    @Test
    void line_editing_keys_work_in_the_field() {
        VirtualUi ui = new VirtualUi();
        ui.type("bob").key(KeyType.Tab).type("one two three").pump();
        ui.ctrl('w').pump();
        assertEquals("one two ", ui.window.messageField().getText());
        ui.ctrl('a').type(">").pump();
        assertEquals(">one two ", ui.window.messageField().getText());
        ui.alt('f').alt('f').ctrl('k').pump();
        assertEquals(">one two", ui.window.messageField().getText());
        ui.alt('b').ctrl('u').pump();
        assertEquals("two", ui.window.messageField().getText());
        ui.ctrl('e')
                .type("!")
                .key(KeyType.Home)
                .type("<")
                .key(KeyType.End)
                .type("?")
                .pump();
        assertEquals("<two!?", ui.window.messageField().getText());
    }

    @Test
    void a_letter_that_arrives_as_alt_after_esc_is_still_typed() {
        VirtualUi ui = new VirtualUi();
        ui.type("bob").key(KeyType.Tab).type("hell").alt('o').pump();
        assertEquals("hello", ui.window.messageField().getText());
    }

    @Test
    void enter_and_the_next_words_in_one_burst_send_the_first_line() {
        VirtualUi ui = new VirtualUi();
        ui.type("bob").key(KeyType.Tab).type("hi").pump();
        ui.key(KeyType.Enter).type("next one").pump(); // a laggy ssh link: one packet
        assertEquals(1, ui.sent.size());
        assertEquals("hi", ui.sent.get(0)[1]);
        assertEquals("next one", ui.window.messageField().getText());
    }

    @Test
    void a_burst_of_200_is_counted_exactly_and_rings_once() {
        VirtualUi ui = new VirtualUi();
        List<ConversationMessage> burst = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            burst.add(in("2026-11-25T16:39:00Z", List.of("a", "b", "c").get(i % 3), "m" + i));
        }
        ui.arrive(burst);
        assertTrue(ui.screen().contains("200 new messages from a, b and c."), ui.screen());
        ui.arrive(burst.subList(0, 3)); // the same burst, found by the next look at the files
        assertTrue(ui.screen().contains("203 new messages from a, b and c."), ui.screen());
        assertEquals(1, ui.bells);
    }

    @Test
    void a_problem_said_while_first_connecting_stays_once_connected() {
        VirtualUi ui = new VirtualUi();
        ui.window.onConnection(LinkState.connecting());
        ui.window.onNotice("Could not read your drafts (test)", true);
        ui.pump();
        ui.window.onConnection(LinkState.connected(0));
        ui.pump();
        assertTrue(ui.screen().contains("Could not read your drafts (test)"), ui.screen());
        assertFalse(ui.screen().contains("Connected again."), ui.screen());
    }

    @Test
    void offline_shows_ctrl_r_and_the_failure_line_clears_once_connected() {
        VirtualUi ui = new VirtualUi();
        ui.window.onConnection(LinkState.offline("connection refused", VirtualUi.NOW.plusSeconds(4)));
        ui.type("bob").key(KeyType.Tab).type("hi").key(KeyType.Enter).pump();
        ui.window.onSendResult(new SendResult("bob", "hi", SendResult.Outcome.NOT_SENT, "no connection"));
        ui.pump();
        assertTrue(ui.row(21).contains("Ctrl-R: retry now"), ui.screen());
        assertTrue(ui.row(22).contains("Not sent"), ui.screen());
        assertEquals("hi", ui.window.messageField().getText(), "the text is back");
        ui.window.onConnection(LinkState.connected(0));
        ui.pump();
        assertFalse(ui.screen().contains("Not sent"), ui.screen());
        assertTrue(ui.row(22).contains("Connected again."), ui.screen());
    }

    @Test
    void an_unconfirmed_send_says_so_and_leaves_nothing_to_send_twice_by_accident() {
        VirtualUi ui = new VirtualUi();
        ui.type("bob")
                .key(KeyType.Tab)
                .type("pay the invoice")
                .key(KeyType.Enter)
                .pump();
        ui.window.onSendResult(new SendResult("bob", "pay the invoice", SendResult.Outcome.UNCONFIRMED, "broke"));
        ui.pump();
        assertTrue(ui.screen().contains("may already have it"), ui.screen());
        ui.key(KeyType.Enter).pump();
        assertEquals(1, ui.sent.size(), "Enter again sends nothing");
        ui.key(KeyType.ArrowUp).pump();
        assertEquals("pay the invoice", ui.window.messageField().getText(), "Up brings it back if wanted");
    }

    @Test
    void ctrl_f_searches_with_next_and_previous_and_highlights_the_match_not_the_time() {
        VirtualUi ui = new VirtualUi();
        List<ConversationMessage> many = new ArrayList<>();
        for (int i = 1; i <= 60; i++) {
            many.add(in("2026-11-25T10:00:00Z", "bob", (i % 20 == 0 ? "a needle " : "hay ") + i));
        }
        ui.history(many);
        ui.type("bob").key(KeyType.Tab).type("draft").pump();
        ui.ctrl('f').type("NEEDLE").pump().pump();
        assertTrue(ui.screen().contains("Match 1 (newest first): from bob"), ui.screen());
        ui.key(KeyType.Enter).pump().pump();
        assertTrue(ui.screen().contains("Match 2 (newest first)"), ui.screen());
        int row = ui.rowOf("a needle 40");
        int time = ui.row(row).indexOf("10:00");
        int word = ui.row(row).indexOf("needle 40");
        assertTrue(
                ui.cell(word, row).getModifiers().contains(com.googlecode.lanterna.SGR.REVERSE)
                        && ui.cell(word + 5, row).getModifiers().contains(com.googlecode.lanterna.SGR.REVERSE),
                "the matched word is marked:\n" + ui.screen());
        assertFalse(ui.cell(word - 2, row).getModifiers().contains(com.googlecode.lanterna.SGR.REVERSE));
        assertFalse(
                ui.cell(time, row).getModifiers().contains(com.googlecode.lanterna.SGR.REVERSE),
                "the time is not the match");
        ui.key(KeyType.ArrowDown).pump().pump();
        assertTrue(ui.screen().contains("Match 1 (newest first)"), ui.screen());
        ui.key(KeyType.Escape).pump();
        assertTrue(ui.screen().contains("Msg:"), ui.screen());
        assertEquals("draft", ui.window.messageField().getText(), "the draft was never touched");
        ui.ctrl('f').pump();
        assertTrue(
                ui.row(ui.rowOf("Find:")).matches(".*Find: *│?.*")
                        && !ui.screen().contains("Find: NEEDLE"),
                "reopening search starts a fresh query:\n" + ui.screen());
        ui.type("hay 1").pump().pump();
        assertTrue(ui.screen().contains("Match 1 (newest first)"), ui.screen());
    }

    @Test
    void a_match_older_than_what_is_held_is_fetched_around_it_from_the_files() {
        VirtualUi ui = new VirtualUi();
        // Only the newest page is held; the match lies in the files before it.
        ui.items(List.of(in("2026-11-20T09:00:00Z", "bob", "the old needle")));
        ui.history(List.of(in("2026-11-25T10:00:00Z", "bob", "recent hay")));
        ui.ctrl('f').type("needle").pump().pump();
        assertTrue(
                ui.pageRequests.contains("around null the old needle"),
                "the page around the match is asked for: " + ui.pageRequests);
        assertTrue(ui.screen().contains("Match 1 (newest first): from bob on 20 Nov 2026"), ui.screen());
    }

    @Test
    void hints_and_help_come_from_the_one_key_map() {
        for (KeyMap.Binding b : KeyMap.BINDINGS) {
            assertTrue(b.keys().length() > 0 && b.does().length() > 0);
        }
        VirtualUi ui = new VirtualUi(120, 40, new Look(true, false));
        String hints = ui.row(39);
        for (var h : KeyHints.of(KeyMap.Mode.TO)) {
            assertTrue(hints.contains(h.key() + " " + h.action()), "hint " + h + " in\n" + hints);
        }
        for (char c = ' '; c < 0x7f; c++) {
            KeyStroke k = new KeyStroke(c, false, false);
            assertTrue(KeyMap.find(k, KeyMap.Mode.MSG).isEmpty(), "no printable key is bound: " + c);
        }
    }

    @Test
    void drafts_are_saved_shortly_after_typing_and_come_back() {
        VirtualUi ui = new VirtualUi(
                80,
                24,
                new Look(true, false),
                new DraftFile.Contents("carol", 1, Map.of("carol", new Draft("carol", "half written", 1))));
        ui.pump();
        assertEquals("carol", ui.window.recipientField().getText());
        assertEquals("half written", ui.window.messageField().getText());
        assertTrue(ui.screen().contains("Your draft to carol is back."), ui.screen());
        ui.type(" more").pump();
        int before = ui.savedDrafts.size();
        ui.clock.advance(Duration.ofMillis(MessengerWindow.DRAFT_SAVE_MS - 1));
        ui.pump();
        assertEquals(before, ui.savedDrafts.size(), "not while typing");
        ui.clock.advance(Duration.ofMillis(1));
        ui.pump();
        assertEquals(
                "half written more",
                ui.savedDrafts.get(ui.savedDrafts.size() - 1).text("carol"));
    }
}
