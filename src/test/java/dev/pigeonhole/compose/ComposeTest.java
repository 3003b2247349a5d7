package dev.pigeonhole.compose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.pigeonhole.testing.SteppedClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The input line's model, without a terminal. */
class ComposeTest {
    @TempDir
    Path dir;

    private final SteppedClock clock = new SteppedClock(Instant.parse("2026-12-06T17:00:00Z"));

    private Compose compose() {
        return new Compose(clock, ZoneOffset.UTC, 4096);
    }

    private void tick() {
        clock.advance(Duration.ofMillis(10));
    }

    @Test
    void a_key_typed_before_the_saved_drafts_load_is_merged_in_and_loses_nothing() throws Exception {
        DraftFile file = new DraftFile(dir.resolve("me.drafts"));
        file.save(
                new DraftFile.Contents(
                        "bob",
                        1,
                        Map.of("bob", new Draft("bob", "draft to bob", 1), "carol", new Draft("carol", "to carol", 1))),
                clock.millis());
        Compose c = compose();
        tick();
        c.typedText("x"); // the first key, before the file is read
        DraftFile.Contents early = c.toSave(0);
        assertNotNull(early);
        DraftFile.Contents merged = file.save(early, clock.millis()); // saved before the load even arrives
        c.loaded(file.load());
        assertEquals("draft to bob", merged.text("bob"), "bob's draft survived the early save");
        assertEquals("to carol", merged.text("carol"));
        assertEquals("x", c.text(), "the key is kept");
        assertEquals("", c.to());
        // Choosing bob later brings his draft in after the key typed.
        Compose.Change ch = c.typedTo("bob");
        assertEquals("draft to bob x", c.text());
        assertNotNull(ch.note());
    }

    @Test
    void drafts_come_back_when_nothing_was_typed_and_a_restart_keeps_the_last_text() throws Exception {
        DraftFile file = new DraftFile(dir.resolve("me.drafts"));
        Compose c = compose();
        c.loaded(file.load());
        c.typedTo("bob");
        c.typedText("hello");
        tick();
        assertInstanceOf(Compose.Send.Go.class, c.send());
        c.sent(new SendResult("bob", "hello", SendResult.Outcome.SENT, null));
        tick();
        c.typedText("so quick kept over a restart");
        file.save(c.toSave(0), clock.millis());
        Compose again = compose();
        again.loaded(file.load());
        assertEquals("bob", again.to());
        assertEquals("so quick kept over a restart", again.text());
    }

    @Test
    void a_second_window_starts_empty_and_a_name_typed_in_to_brings_that_draft() throws Exception {
        DraftFile file = new DraftFile(dir.resolve("me.drafts"));
        Compose first = compose();
        first.loaded(file.load());
        first.typedTo("bob");
        first.typedText("half a thought");
        tick();
        file.save(first.toSave(0), clock.millis());

        Compose second = compose();
        Compose.Change opened = second.loaded(file.load(), false);
        assertEquals("", second.to(), "the first window has bob's draft open");
        assertEquals("", second.text());
        assertEquals(
                "Another window has your draft to bob open; this one starts empty.",
                opened.note().text());
        second.typedTo("bob");
        assertEquals("half a thought", second.text(), "the user chose it: the draft comes in");

        Compose afterBoth = compose();
        afterBoth.loaded(file.load(), true);
        assertEquals("bob", afterBoth.to(), "a first window reopens the last draft as before");
        assertEquals("half a thought", afterBoth.text());
    }

    @Test
    void the_debounce_reads_the_injected_clock() {
        Compose c = compose();
        c.loaded(DraftFile.Contents.EMPTY);
        c.typedText("a");
        assertNull(c.toSave(300), "not while typing");
        clock.advance(Duration.ofMillis(299));
        assertNull(c.toSave(300));
        clock.advance(Duration.ofMillis(1));
        assertEquals("a", c.toSave(300).text(""));
        assertNull(c.toSave(300), "handed out once");
    }

    @Test
    void tab_completes_a_single_match_and_moves_on_several_cycle_in_place() {
        Compose c = compose();
        c.typedTo("ca");
        Compose.Change one = c.tab(List.of("bob", "carol"));
        assertEquals("carol", c.to());
        assertEquals(Compose.Field.MSG, one.focus(), "one match: completed and on to Msg:");
        Compose d = compose();
        d.typedTo("b");
        Compose.Change first = d.tab(List.of("bob", "bobby"));
        assertEquals("bob", d.to());
        assertNull(first.focus(), "two matches: stay for the next Tab");
        d.tab(List.of("bob", "bobby"));
        assertEquals("bobby", d.to());
        assertEquals(Compose.Field.MSG, d.tab(List.of("carol")).focus(), "nothing to complete: on to Msg:");
    }

    @Test
    void a_failed_send_comes_back_to_its_recipients_draft_when_the_field_holds_something_new() {
        Compose c = compose();
        c.typedTo("bob");
        c.typedText("first");
        c.send();
        c.address("carol");
        c.typedText("to carol, typed meanwhile");
        c.sent(new SendResult("bob", "first", SendResult.Outcome.NOT_SENT, "no connection"));
        assertEquals("to carol, typed meanwhile", c.text(), "what is being typed is not replaced");
        c.address("bob");
        assertEquals("first", c.text(), "back in bob's draft");
        c.send();
        c.typedText("second to bob");
        c.sent(new SendResult("bob", "first", SendResult.Outcome.NOT_SENT, "no connection"));
        assertEquals("second to bob", c.text());
        c.recall(true);
        assertEquals("first", c.text(), "Up recalls it");
    }

    @Test
    void empty_fields_say_nothing_so_the_newcomer_hint_stays() {
        Compose c = compose();
        c.loaded(DraftFile.Contents.EMPTY);
        assertNull(c.check());
    }
}
