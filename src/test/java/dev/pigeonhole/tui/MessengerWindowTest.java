package dev.pigeonhole.tui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.googlecode.lanterna.TextColor;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import dev.pigeonhole.client.ConversationMessage;
import dev.pigeonhole.client.HostAccounts;
import dev.pigeonhole.compose.Outbox;
import dev.pigeonhole.compose.OutboxShown;
import dev.pigeonhole.compose.Recipients;
import dev.pigeonhole.compose.SendResult;
import dev.pigeonhole.courier.LinkState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The window's panes, keys and checks on a virtual 80x24 terminal, with a recording mailroom. */
class MessengerWindowTest {
    private static ConversationMessage msg(String at, String sender, String text) {
        return VirtualUi.in(at, sender, text);
    }

    @Test
    void layout_at_80x24_has_people_messages_compose_and_status_panes() {
        VirtualUi ui = new VirtualUi();
        String s = ui.screen();
        assertTrue(ui.row(0).startsWith("┌─People") && ui.row(0).contains("┌─Messages"), s);
        assertTrue(ui.row(0).endsWith("┐"), s);
        assertTrue(ui.row(1).contains(">All") && ui.row(1).contains("All conversations"), s);
        int compose = ui.rowOf("Compose");
        assertEquals(18, compose, s);
        assertTrue(ui.row(compose + 1).contains("To:") && ui.row(compose + 1).contains("Msg:"), s);
        assertTrue(ui.row(21).contains("alice@127.0.0.1:4554") && ui.row(21).contains("connecting"), s);
        assertTrue(ui.row(23).contains("F1 help") && ui.row(23).contains("^C quit"), s);
        assertTrue(ui.row(16).contains("No messages yet"), "the newest sits next to the input line:\n" + s);
    }

    @Test
    void status_pane_shows_connection_state_waiting_count_and_countdown() {
        VirtualUi ui = new VirtualUi();
        ui.window.onConnection(LinkState.connected(3));
        ui.pump();
        assertTrue(ui.row(21).contains("connected · 3 waiting"), ui.screen());
        ui.window.onConnection(LinkState.offline("connection refused", VirtualUi.NOW.plusSeconds(4)));
        ui.pump();
        assertTrue(
                ui.row(21).contains("offline, reconnecting in 4s · Ctrl-R: retry now · connection refused"),
                ui.screen());
        assertEquals(
                "offline, connection refused, reconnecting in 4s",
                LinkState.offline("connection refused", VirtualUi.NOW.plusSeconds(4))
                        .describe(VirtualUi.NOW));
        ui.window.onConnection(LinkState.offline("unknown host evil\u001b[2Jhost", null));
        ui.pump();
        assertTrue(ui.row(21).contains("offline · Ctrl-R: retry now · unknown host evil\uFFFD[2Jhost"), ui.screen());
    }

    @Test
    void typing_a_recipient_with_a_space_shows_the_problem_as_you_type_P3() {
        VirtualUi ui = new VirtualUi();
        ui.type("bob smith").pump();
        assertTrue(ui.row(22).contains("A recipient cannot contain spaces."), ui.screen());
        ui.key(KeyType.Tab).type("hi").key(KeyType.Enter).pump();
        assertTrue(ui.sent.isEmpty(), "nothing may be sent");
        assertTrue(ui.row(22).contains("Nothing was sent"), ui.screen());
    }

    @Test
    void counter_shows_length_against_the_limit_and_an_over_long_message_cannot_be_sent_P4() {
        VirtualUi ui = new VirtualUi();
        ui.type("bob").key(KeyType.Tab).pump();
        ui.window.messageField().setText("x".repeat(4120));
        ui.pump();
        assertTrue(ui.row(22).contains("4,120 / 4,096 characters"), ui.screen());
        ui.key(KeyType.Enter).pump();
        assertTrue(ui.sent.isEmpty());
        assertEquals(4120, ui.window.messageField().getText().length(), "the text stays");
        ui.window.messageField().setText("x".repeat(12));
        ui.pump();
        assertTrue(ui.row(22).contains("12 / 4,096 characters; Enter sends to bob"), ui.screen());
    }

    @Test
    void typed_emoji_stays_whole_and_a_control_character_types_its_visible_escape() {
        VirtualUi ui = new VirtualUi();
        ui.type("bob").key(KeyType.Tab).type("hi \uD83D\uDE00 \u0007x \u202e").pump();
        assertEquals("hi \uD83D\uDE00 \\x07x \\u202e", ui.window.messageField().getText(), ui.screen());
        ui.key(KeyType.Enter).pump();
        assertEquals(1, ui.sent.size(), "sent as shown");
    }

    @Test
    void typed_emoji_is_drawn_as_the_wide_stand_in_and_edited_as_one_character() {
        VirtualUi ui = new VirtualUi();
        ui.type("bob").key(KeyType.Tab).type("a\uD83D\uDE00b").pump();
        String row = ui.row(ui.rowOf("Msg:"));
        // Lanterna would hand the terminal each half of the pair alone, which it shows as "??".
        assertTrue(row.contains("a" + ScreenText.WIDE_STAND_IN), ui.screen());
        assertTrue(row.chars().noneMatch(c -> Character.isSurrogate((char) c)), row);
        assertTrue(row.contains("b "), "the text after it keeps its place: " + row);

        ui.key(KeyType.ArrowLeft).key(KeyType.ArrowLeft).type("x").pump(); // over b, over the emoji
        assertEquals("ax\uD83D\uDE00b", ui.window.messageField().getText());
        ui.key(KeyType.Delete).pump();
        assertEquals("axb", ui.window.messageField().getText());
        ui.type("\uD83D\uDE00").key(KeyType.ArrowRight).key(KeyType.Backspace).pump();
        assertEquals("ax\uD83D\uDE00", ui.window.messageField().getText(), "Backspace took b");
        ui.key(KeyType.Backspace).pump();
        assertEquals("ax", ui.window.messageField().getText(), "and then the whole emoji");
        ui.key(KeyType.ArrowLeft).key(KeyType.Backspace).pump();
        assertEquals("x", ui.window.messageField().getText(), "plain characters as before");
    }

    @Test
    void two_problems_found_at_start_up_are_both_shown_and_a_typed_key_still_gets_its_answer() {
        VirtualUi ui = new VirtualUi();
        ui.window.onNotice("Archive was readable by others; made private.", true);
        ui.window.onNotice("Sent store was readable by others; made private.", true);
        ui.window.onNotice("Your draft to bob is back.", false);
        ui.pump();
        assertTrue(ui.screen().contains("Archive was readable"), ui.screen());
        ui.clock.advance(FeedbackRow.HOLD);
        ui.pump();
        assertTrue(ui.screen().contains("Sent store was readable"), "the second one, in its turn: " + ui.screen());
        ui.clock.advance(FeedbackRow.HOLD);
        ui.pump();
        assertTrue(ui.screen().contains("Your draft to bob is back."), ui.screen());

        ui.window.onNotice("Could not save your drafts (disk full).", true);
        ui.type("b o").pump(); // typed during the hold: its check answers at once
        assertTrue(ui.screen().contains("cannot contain spaces"), ui.screen());
    }

    @Test
    void enter_sends_once_and_the_field_clears_when_the_server_answers_sent() {
        VirtualUi ui = new VirtualUi();
        ui.type("bob").key(KeyType.Tab).type("hello bob").key(KeyType.Enter).pump();
        assertEquals(1, ui.sent.size());
        assertEquals("bob", ui.sent.get(0)[0]);
        assertEquals("hello bob", ui.sent.get(0)[1]);
        assertTrue(ui.row(22).contains("Sending to bob"), ui.screen());
        ui.key(KeyType.Enter).pump();
        assertEquals(1, ui.sent.size(), "a second Enter while the first is in flight sends nothing");
        ui.window.onSendResult(new SendResult("bob", "hello bob", SendResult.Outcome.SENT, null));
        ui.pump();
        assertEquals("", ui.window.messageField().getText());
        assertTrue(ui.row(22).contains("Sent to bob at 16:40 (9 characters)."), ui.screen());
    }

    @Test
    void a_refused_message_stays_under_the_conversation_with_its_keys_and_ctrl_x_takes_it_back_to_the_field() {
        VirtualUi ui = new VirtualUi();
        ui.type("bob").key(KeyType.Tab).type("keep me").key(KeyType.Enter).pump();
        Outbox.Entry failed = new Outbox.Entry(
                7, VirtualUi.NOW, Outbox.State.FAILED, 0, "bob", "keep me", "MESSAGE FAILED: queue full");
        ui.window.onOutbox(List.of(failed));
        ui.window.onSendResult(new SendResult("bob", "keep me", SendResult.Outcome.REFUSED, "queue full"));
        ui.pump();
        assertTrue(ui.screen().contains("[not delivered: ^O resend, ^X back] you → bob: keep me"), ui.screen());
        assertTrue(ui.row(22).contains("Not delivered to bob"), ui.screen());
        assertTrue(ui.row(23).contains("^O resend"), "the outbox's keys lead the hint row:\n" + ui.screen());
        ui.ctrl('x').pump();
        assertEquals(List.of("take back 7"), ui.outboxAsks);
        ui.window.onOutbox(List.of());
        ui.window.onSendResult(new SendResult("bob", "keep me", SendResult.Outcome.TAKEN_BACK, null));
        ui.pump();
        assertEquals("keep me", ui.window.messageField().getText());
        assertFalse(ui.screen().contains("[not delivered"), ui.screen());
        ui.key(KeyType.Enter).pump();
        assertEquals(2, ui.sent.size(), "the text taken back can be sent again");
    }

    @Test
    void a_typo_in_to_is_looked_up_on_the_host_flagged_and_not_sent_without_a_word() {
        VirtualUi ui = new VirtualUi();
        ui.type("bobb").pump();
        ui.clock.advance(Duration.ofMillis(Recipients.LOOKUP_AFTER_MS));
        ui.pump();
        assertEquals(List.of("bobb"), ui.lookups, "one lookup, once the name stayed unchanged");
        ui.window.onAccount("bobb", HostAccounts.Answer.NOT_AN_ACCOUNT);
        ui.pump();
        assertTrue(ui.row(22).contains("bobb is not an account"), ui.screen());
        ui.key(KeyType.Tab).type("hello").key(KeyType.Enter).pump();
        assertTrue(ui.sent.isEmpty(), "not sent");
        assertTrue(ui.row(22).contains("bobb is not an account"), ui.screen());
        assertEquals("hello", ui.window.messageField().getText());
    }

    @Test
    void an_unconfirmed_message_is_shown_marked_and_ctrl_o_resends_ctrl_x_records_it_never_by_itself() {
        VirtualUi ui = new VirtualUi();
        Outbox.Entry unconfirmed = new Outbox.Entry(
                9, VirtualUi.NOW, Outbox.State.UNCONFIRMED, 0, "bob", "pay the invoice", "the connection broke");
        ui.window.onOutbox(List.of(unconfirmed));
        ui.pump();
        assertTrue(ui.screen().contains("[unconfirmed: ^X arrived, ^O resend] you → bob: pay the i"), ui.screen());
        assertTrue(ui.outboxAsks.isEmpty(), "nothing is sent again without a key");
        ui.ctrl('o').pump();
        ui.ctrl('x').pump();
        assertEquals(List.of("resend 9", "record 9"), ui.outboxAsks);
        assertTrue(ui.sent.isEmpty(), "no new send: the same message, once");
        ui.window.onOutbox(List.of());
        ui.ctrl('o').pump();
        assertTrue(ui.row(22).contains("Nothing to send again here"), ui.screen());
        assertEquals(2, ui.outboxAsks.size());
    }

    @Test
    void a_send_answered_within_a_second_never_shows_a_row_and_one_still_waiting_after_a_second_does() {
        VirtualUi ui = new VirtualUi();
        ui.type("bob").key(KeyType.Tab).pump();
        Outbox.Entry sending = new Outbox.Entry(3, VirtualUi.NOW, Outbox.State.SENDING, 0, "bob", "quick one", "");
        ui.window.onOutbox(List.of(sending));
        ui.pump();
        assertFalse(ui.screen().contains("[sending]"), "no row for a send the server answers at once:\n" + ui.screen());
        ui.clock.advance(OutboxShown.SENDING_UNSHOWN);
        ui.pump(); // a turn of the loop: tick() notices the second has passed
        assertTrue(ui.screen().contains("[sending] you → bob: quick one"), ui.screen());
        ui.window.onOutbox(List.of());
        ui.pump();
        assertFalse(ui.screen().contains("[sending]"), ui.screen());
    }

    @Test
    void up_and_down_recall_sent_messages_and_the_draft() {
        VirtualUi ui = new VirtualUi();
        ui.type("bob").key(KeyType.Tab);
        for (String text : List.of("one", "two")) {
            ui.type(text).key(KeyType.Enter).pump();
            ui.window.onSendResult(new SendResult("bob", text, SendResult.Outcome.SENT, null));
            ui.pump();
        }
        ui.type("dra").key(KeyType.ArrowUp).pump();
        assertEquals("two", ui.window.messageField().getText());
        ui.key(KeyType.ArrowUp).pump();
        assertEquals("one", ui.window.messageField().getText());
        ui.key(KeyType.ArrowDown).key(KeyType.ArrowDown).pump();
        assertEquals("dra", ui.window.messageField().getText());
    }

    @Test
    void a_bracketed_paste_keeps_its_lines_as_one_message_and_is_not_sent() {
        VirtualUi ui = new VirtualUi();
        ui.type("bob").key(KeyType.Tab).type("note: ");
        ui.input(new BracketedPaste.Boundary(true))
                .type("first line")
                .key(KeyType.Enter)
                .type("second line")
                .key(KeyType.Enter)
                .input(new BracketedPaste.Boundary(false))
                .pump();
        assertEquals("note: first line\nsecond line", ui.window.messageField().getText());
        assertTrue(ui.sent.isEmpty(), "a paste never sends");
        assertTrue(ui.screen().contains("Pasted 2 lines as one message"), ui.screen());
        ui.key(KeyType.Enter).pump();
        assertEquals(1, ui.sent.size());
        assertEquals("note: first line\nsecond line", ui.sent.get(0)[1], "one message, its lines kept");
    }

    @Test
    void several_lines_arriving_in_one_burst_without_brackets_are_kept_not_sent() {
        VirtualUi ui = new VirtualUi();
        ui.type("bob").key(KeyType.Tab).pump();
        ui.type("alpha line")
                .key(KeyType.Enter)
                .type("beta")
                .key(KeyType.Enter)
                .type("gamma")
                .key(KeyType.Enter)
                .pump();
        assertEquals("alpha line\nbeta\ngamma", ui.window.messageField().getText());
        assertTrue(ui.sent.isEmpty(), "neither the inner nor the trailing line break sends");
        assertTrue(ui.row(22).contains("Pasted 3 lines"), ui.screen());
    }

    @Test
    void a_name_enter_and_text_typed_ahead_in_one_burst_fill_to_and_msg_and_send_nothing() {
        VirtualUi ui = new VirtualUi();
        // Typed while the client was starting: it all arrives as one burst, like an unbracketed paste.
        ui.type("carol").key(KeyType.Enter).type("typed at once").pump();
        assertEquals("carol", ui.window.recipientField().getText());
        assertEquals("typed at once", ui.window.messageField().getText());
        assertTrue(ui.sent.isEmpty(), "the burst's line break ended the name; it sent nothing");
        assertTrue(ui.screen().contains("The first line went to To:"), ui.screen());
    }

    @Test
    void a_bracketed_paste_into_to_ends_the_name_at_its_first_line_break() {
        VirtualUi ui = new VirtualUi();
        ui.input(new BracketedPaste.Boundary(true))
                .type("bob")
                .key(KeyType.Enter)
                .type("first line")
                .key(KeyType.Enter)
                .type("second line")
                .input(new BracketedPaste.Boundary(false))
                .pump();
        assertEquals("bob", ui.window.recipientField().getText());
        assertEquals("first line\nsecond line", ui.window.messageField().getText());
        assertTrue(ui.sent.isEmpty(), "a paste never sends");
    }

    @Test
    void after_a_bracketed_paste_an_unbracketed_burst_still_never_sends_by_its_line_breaks() {
        VirtualUi ui = new VirtualUi();
        ui.type("bob").key(KeyType.Tab);
        ui.input(new BracketedPaste.Boundary(true))
                .type("pasted")
                .input(new BracketedPaste.Boundary(false))
                .pump();
        // tmux paste-buffer without -p, even in a terminal that brackets its own pastes: "raw one" is short.
        ui.type("raw one").key(KeyType.Enter).type("raw two").key(KeyType.Enter).pump();
        assertEquals(0, ui.sent.size(), "nothing sent by the burst's own line breaks");
        assertEquals("pastedraw one\nraw two", ui.window.messageField().getText());
        ui.key(KeyType.Enter).pump();
        assertEquals(1, ui.sent.size(), "an Enter on its own sends");
    }

    @Test
    void messages_show_time_name_wrapping_and_a_new_marker_newest_next_to_the_input() {
        VirtualUi ui = new VirtualUi();
        ui.history(List.of(msg("2026-11-24T09:15:00Z", "carol", "from yesterday")));
        String longText = "This message is long enough that it has to wrap at eighty columns, and the rest "
                + "continues on the next row, indented under the sender.";
        ui.arrive(List.of(msg("2026-11-25T16:39:00Z", "bob", longText)));
        String s = ui.screen();
        int day1 = ui.rowOf("Tue 24 Nov 2026");
        assertTrue(ui.row(day1 + 1).contains("09:15 carol: from yesterday"), s);
        assertTrue(ui.row(day1 + 2).contains("── new ──"), s);
        assertTrue(ui.row(day1 + 3).contains("Wed 25 Nov 2026"), s);
        assertTrue(ui.row(day1 + 4).contains("16:39 bob: This message is long enough"), s);
        assertTrue(ui.row(day1 + 5).contains("│      "), "continuation indented under the sender:\n" + s);
        assertTrue(ui.row(16).contains("indented under the sender."), "newest right above the input:\n" + s);
        for (String row : ui.rows()) {
            assertTrue(
                    row.endsWith("┐")
                            || row.endsWith("│")
                            || row.endsWith("┘")
                            || row.endsWith("┤")
                            || row.endsWith(" "),
                    "nothing spills over the border:\n" + s);
        }
        assertEquals(1, ui.bells, "the bell rings for new messages, not for history");
        assertTrue(ui.row(22).contains("New message from bob at 16:39"), s);
    }

    @Test
    void the_conversation_scrolls_with_pages_from_the_input_line_and_counts_what_arrives_below() {
        VirtualUi ui = new VirtualUi();
        List<ConversationMessage> many = new ArrayList<>();
        for (int i = 1; i <= 40; i++) {
            many.add(msg("2026-11-25T10:00:00Z", "bob", "message number " + i));
        }
        ui.history(many);
        assertTrue(ui.screen().contains("message number 40"), ui.screen());
        ui.input(new com.googlecode.lanterna.input.KeyStroke(KeyType.Home, true, false, false))
                .pump();
        assertTrue(ui.screen().contains("message number 1 "), ui.screen());
        assertFalse(ui.screen().contains("message number 40"), ui.screen());
        ui.arrive(List.of(msg("2026-11-25T16:00:00Z", "dave", "late")));
        assertTrue(ui.screen().contains("1 new below; Esc jumps there"), ui.screen());
        ui.key(KeyType.PageDown).key(KeyType.PageDown).key(KeyType.PageDown).pump();
        assertTrue(ui.screen().contains("16:00 dave: late"), ui.screen());
        ui.key(KeyType.PageUp).key(KeyType.PageUp).pump();
        assertFalse(ui.screen().contains("16:00 dave: late"), ui.screen());
        ui.key(KeyType.Escape).pump();
        assertTrue(ui.screen().contains("16:00 dave: late"), ui.screen());
        assertEquals("", ui.window.recipientField().getText(), "scrolling never typed anything");
    }

    @Test
    void control_characters_from_outside_never_reach_the_screen() {
        VirtualUi ui = new VirtualUi();
        ui.arrive(List.of(msg(
                "2026-11-25T16:00:00Z", "mallory", "bell\u0007 esc\u001b[2J nul\u0000 c1\u009b emoji\uD83D\uDE00")));
        ui.pump();
        String s = ui.screen();
        assertTrue(s.contains("bell\\x07 esc\\x1b[2J nul\\x00 c1\\x9b emoji" + ScreenText.WIDE_STAND_IN), s);
    }

    @Test
    void resizing_80x24_120x40_40x10_80x24_redraws_cleanly() {
        VirtualUi ui = new VirtualUi();
        ui.arrive(List.of(msg("2026-11-25T16:00:00Z", "bob", "hello")));
        ui.type("bob").pump();
        int[][] sizes = {{120, 40}, {40, 10}, {80, 24}};
        for (int[] size : sizes) {
            ui.resize(size[0], size[1]);
            String s = ui.screen();
            int cols = size[0];
            int rows = size[1];
            assertTrue(ui.row(0).contains("Messages") && ui.row(0).endsWith("┐"), size[0] + "x" + size[1] + "\n" + s);
            assertEquals(rows - 6, ui.rowOf("Compose"), s);
            assertTrue(ui.row(rows - 7).startsWith("└") && ui.row(rows - 7).endsWith("┘"), s);
            assertTrue(ui.row(rows - 3).contains("alice@127.0.0.1:4554"), s);
            assertTrue(s.contains("16:00 bob: hello"), s);
            assertEquals("bob", ui.window.recipientField().getText());
            for (String row : ui.rows()) {
                assertEquals(cols, row.length(), s);
            }
        }
    }

    @Test
    void below_40x10_a_notice_replaces_the_layout_and_the_layout_comes_back() {
        VirtualUi ui = new VirtualUi();
        ui.type("bob").pump();
        ui.resize(30, 8);
        assertTrue(ui.screen().contains("Terminal too small: 30x8."), ui.screen());
        ui.resize(1, 1);
        ui.resize(80, 24);
        assertTrue(ui.row(0).contains("┌─Messages"), ui.screen());
        ui.type("x").pump();
        assertEquals("bobx", ui.window.recipientField().getText(), "focus is back where it was");
    }

    @Test
    void help_overlay_lists_every_key_of_the_key_map_and_any_key_closes_it() {
        VirtualUi ui = new VirtualUi(120, 50, new Look(true, false));
        ui.key(KeyType.F1).pump();
        String s = ui.screen();
        for (String[] k : KeyMap.rows()) {
            assertTrue(s.contains(k[0]), "help lists " + k[0] + "\n" + s);
        }
        ui.key(KeyType.Escape).pump();
        assertFalse(ui.screen().contains("Esc closes;"), ui.screen());
        assertEquals("", ui.window.recipientField().getText(), "Esc only closes");
        ui.ctrl('g').pump();
        assertTrue(ui.screen().contains("Esc closes;"), "Ctrl-G, the F1 twin, opens help too");
        ui.ctrl('c').pump();
        assertTrue(ui.window.quitRequested(), "Ctrl-C quits from the help too");
    }

    @Test
    void at_80x24_the_help_scrolls_to_its_last_key() {
        VirtualUi ui = new VirtualUi();
        ui.key(KeyType.F1).pump();
        assertTrue(ui.screen().contains("Up/Down scroll"), ui.screen());
        assertFalse(ui.screen().contains("Paste "), ui.screen());
        ui.key(KeyType.PageDown).key(KeyType.PageDown).pump();
        assertTrue(ui.screen().contains("Paste "), ui.screen());
        assertTrue(ui.screen().contains("any other key closes"), ui.screen());
        ui.type("x").pump();
        assertFalse(ui.screen().contains("any other key closes"), ui.screen());
        assertEquals("x", ui.window.recipientField().getText(), "the key that closes the help is not lost");
    }

    @Test
    void tab_in_msg_stays_there_says_why_and_qqq_types_into_the_message() {
        VirtualUi ui = new VirtualUi();
        ui.type("bob").key(KeyType.Tab).type("so quick").pump();
        ui.key(KeyType.Tab).key(KeyType.Tab).key(KeyType.Tab).pump();
        assertTrue(ui.row(22).contains("Tab does nothing in Msg:; Shift-Tab goes back to To:."), ui.screen());
        ui.type("qqq").pump();
        assertFalse(ui.window.quitRequested());
        assertEquals("bob", ui.window.recipientField().getText(), "Tab in Msg: never jumps into the name");
        assertEquals("so quickqqq", ui.window.messageField().getText());
        ui.key(KeyType.ArrowUp)
                .key(KeyType.ArrowUp)
                .key(KeyType.ReverseTab)
                .key(KeyType.ReverseTab)
                .type("?q")
                .pump();
        assertFalse(ui.window.quitRequested(), "no printable key quits, wherever the arrows went");
        assertEquals("so quickqqq?q", ui.window.messageField().getText());
    }

    @Test
    void ctrl_d_quits_only_from_an_empty_field_and_ctrl_c_always() {
        VirtualUi ui = new VirtualUi();
        ui.type("bob").ctrl('d').pump();
        assertFalse(ui.window.quitRequested());
        assertEquals("bob", ui.window.recipientField().getText(), "Ctrl-D types no letter");
        assertTrue(
                ui.row(22).contains("Ctrl-D quits only when the field is empty"),
                "a refused key says why\n" + ui.screen());
        ui.key(KeyType.Escape).pump();
        assertEquals("bob", ui.window.recipientField().getText(), "Esc never clears text");
        ui.ctrl('u').pump();
        assertEquals("", ui.window.recipientField().getText(), "Ctrl-U does");
        ui.ctrl('d').pump();
        assertTrue(ui.window.quitRequested());
        VirtualUi other = new VirtualUi();
        other.type("text").ctrl('c').pump();
        assertTrue(other.window.quitRequested());
        assertEquals("text", other.window.unsavedDrafts().to(), "what was typed is kept as a draft");
    }

    @Test
    void ctrl_l_repaints_what_something_else_scribbled_over() throws Exception {
        VirtualUi ui = new VirtualUi();
        String before = ui.row(5);
        ui.vt.setCursorPosition(10, 5);
        ui.vt.putString("SCRIBBLE"); // like a stray thread dump printed over the UI
        ui.pump();
        assertTrue(ui.row(5).contains("SCRIBBLE"), "an ordinary redraw does not notice");
        ui.ctrl('l').pump();
        assertEquals(before, ui.row(5));
    }

    @Test
    void ctrl_r_asks_for_a_poll_now() {
        VirtualUi ui = new VirtualUi();
        ui.ctrl('r').pump();
        assertEquals(1, ui.polls);
        assertEquals("", ui.window.recipientField().getText());
    }

    @Test
    void ascii_look_uses_no_line_drawing_characters() {
        VirtualUi ui = new VirtualUi(80, 24, new Look(true, true));
        ui.arrive(List.of(msg("2026-11-25T16:00:00Z", "bob", "hello")));
        ui.pump();
        String s = ui.screen();
        assertTrue(ui.row(0).startsWith("+-People") && ui.row(0).contains("+-Messages"), s);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            assertTrue(c < 0x80, "only ASCII on screen, found U+" + Integer.toHexString(c) + "\n" + s);
        }
    }

    @Test
    void no_color_look_draws_every_cell_in_the_terminal_default_colours() {
        VirtualUi ui = new VirtualUi(80, 24, new Look(false, false));
        ui.arrive(List.of(msg("2026-11-25T16:00:00Z", "bob", "hello")));
        ui.window.onConnection(LinkState.offline("connection refused", null));
        ui.type("bob smith").pump();
        for (int r = 0; r < 24; r++) {
            for (int c = 0; c < 80; c++) {
                assertEquals(TextColor.ANSI.DEFAULT, ui.cell(c, r).getForegroundColor(), "fg at " + c + "," + r);
                assertEquals(TextColor.ANSI.DEFAULT, ui.cell(c, r).getBackgroundColor(), "bg at " + c + "," + r);
            }
        }
        VirtualUi colored = new VirtualUi();
        colored.window.onConnection(LinkState.offline("connection refused", null));
        colored.pump();
        int c = colored.row(21).indexOf("offline");
        assertNotEquals(TextColor.ANSI.DEFAULT, colored.cell(c, 21).getForegroundColor());
    }

    @Test
    void colour_is_off_when_NO_COLOR_is_set_or_the_flag_given() {
        assertTrue(Look.colorWanted(false, null));
        assertTrue(Look.colorWanted(false, ""));
        assertFalse(Look.colorWanted(false, "1"));
        assertFalse(Look.colorWanted(true, null));
    }

    @Test
    void enter_in_to_moves_on_to_msg_and_sends_nothing() {
        VirtualUi ui = new VirtualUi();
        ui.type("bo")
                .key(KeyType.Tab)
                .type("hi")
                .key(KeyType.ReverseTab)
                .type("b")
                .key(KeyType.Enter)
                .pump();
        assertEquals(0, ui.sent.size(), "Enter in To: never sends, even with a message typed");
        ui.type("!").pump();
        assertEquals("bob", ui.window.recipientField().getText());
        assertEquals("hi!", ui.window.messageField().getText(), "the focus went on to Msg:");
        ui.key(KeyType.Enter).pump();
        assertEquals(1, ui.sent.size());
    }

    @Test
    void tab_completes_a_known_name_and_moves_on_so_the_next_letters_are_the_message() {
        VirtualUi ui = new VirtualUi();
        ui.window.onCorrespondents(java.util.Map.of("carol", VirtualUi.NOW));
        ui.type("ca").key(KeyType.Tab).type("hi").pump();
        assertEquals("carol", ui.window.recipientField().getText());
        assertEquals("hi", ui.window.messageField().getText());
    }

    @Test
    void ctrl_z_suspends_through_the_hook() {
        VirtualUi ui = new VirtualUi();
        ui.ctrl('z').pump();
        assertEquals(1, ui.suspends);
        assertFalse(ui.window.quitRequested());
    }

    @Test
    void any_text_is_taken_and_the_counter_counts_the_encoded_wire_line() {
        VirtualUi ui = new VirtualUi();
        ui.type("bob")
                .key(KeyType.Tab)
                .type("Lunch at the café? it’s “fine” 你好 \uD83D\uDE42")
                .pump();
        assertEquals(
                "Lunch at the café? it’s “fine” 你好 \uD83D\uDE42",
                ui.window.messageField().getText());
        int wire =
                dev.pigeonhole.text.WireText.wireLength(ui.window.messageField().getText());
        assertTrue(wire > 40, "encoded: " + wire);
        assertTrue(ui.row(22).contains(String.format("%d / 4,096 characters; Enter sends to bob", wire)), ui.screen());
        ui.key(KeyType.Enter).pump();
        assertEquals(1, ui.sent.size(), "non-ASCII text is sent");
        assertEquals("Lunch at the café? it’s “fine” 你好 \uD83D\uDE42", ui.sent.get(0)[1]);
    }

    @Test
    void alt_enter_and_ctrl_j_insert_a_line_break_and_the_field_grows() {
        VirtualUi ui = new VirtualUi();
        ui.type("bob").key(KeyType.Tab).type("line one");
        ui.input(new KeyStroke(KeyType.Enter, false, true)).type("line two");
        ui.input(new KeyStroke('j', true, false)).type("three").pump();
        assertEquals("line one\nline two\nthree", ui.window.messageField().getText());
        assertEquals(0, ui.sent.size());
        assertTrue(ui.screen().contains("line two"), ui.screen());
        ui.key(KeyType.ArrowUp).pump();
        assertEquals("line one\nline two\nthree", ui.window.messageField().getText(), "Up moves a line first");
        ui.key(KeyType.Enter).pump();
        assertEquals("line one\nline two\nthree", ui.sent.get(0)[1], "one message, lines kept");
    }
}
