package dev.pigeonhole.compose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pigeonhole.client.HostAccounts.Answer;
import dev.pigeonhole.testing.SteppedClock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Who a message can go to: a typo'd name is never sent without a word, and Tab prefers real people. */
class RecipientsTest {
    private final SteppedClock clock = new SteppedClock(Instant.parse("2026-12-06T20:00:00Z"));

    private Compose compose() {
        return new Compose(clock, ZoneOffset.UTC, 4096);
    }

    @Test
    void tab_prefers_someone_who_wrote_to_you_over_a_more_recent_name_only_ever_typed() {
        Compose c = compose();
        c.recipients().heardFrom("bob");
        c.typedTo("bo");
        c.tab(List.of("bobb", "bob")); // the people pane: most recent first, and bobb was written to last
        assertEquals("bob", c.to());
    }

    @Test
    void tab_prefers_an_account_of_the_host_and_puts_a_name_that_is_not_one_last() {
        Recipients r = new Recipients();
        r.accounts(List.of("bob", "bobcat"), true);
        r.answer("bobby", Answer.NOT_AN_ACCOUNT);
        assertEquals(List.of("bob", "bobcat", "bobb", "bobby"), r.forCompletion(List.of("bobby", "bobb", "bob")));
    }

    @Test
    void a_name_that_is_not_an_account_is_flagged_and_enter_says_why_once_instead_of_sending() {
        Compose c = compose();
        c.typedTo("bobb");
        c.typedText("lunch?");
        c.recipients().answer("bobb", Answer.NOT_AN_ACCOUNT);
        Compose.Note flagged = c.check();
        assertEquals(Compose.Tone.BAD, flagged.tone());
        assertTrue(flagged.text().startsWith("bobb is not an account"), flagged.text());
        Compose.Send first = c.send();
        Compose.Send.Refused refused = assertInstanceOf(Compose.Send.Refused.class, first);
        assertTrue(refused.change().note().text().contains("Enter again sends anyway"));
        assertEquals("lunch?", c.text(), "nothing was sent: the text stays");
        assertInstanceOf(Compose.Send.Go.class, c.send(), "the second Enter sends: the server has the last word");
    }

    @Test
    void over_tcp_a_name_nobody_heard_from_is_flagged_and_its_sent_note_says_accounts_are_unknown() {
        Compose c = compose();
        c.recipients().accounts(List.of(), false);
        c.recipients().heardFrom("bob");
        c.typedTo("bob");
        c.typedText("hi");
        assertInstanceOf(Compose.Send.Go.class, c.send());
        Compose.Note toBob = c.sent(new SendResult("bob", "hi", SendResult.Outcome.SENT, null))
                .note();
        assertEquals(Compose.Tone.GOOD, toBob.tone(), "someone who wrote to you: " + toBob.text());
        c.typedTo("bobb");
        c.typedText("hi");
        assertTrue(
                c.check().text().contains("over TCP the client cannot tell"),
                c.check().text());
        assertInstanceOf(Compose.Send.Go.class, c.send(), "the server takes any name over TCP");
        Compose.Note toBobb = c.sent(new SendResult("bobb", "hi", SendResult.Outcome.SENT, null))
                .note();
        assertEquals(Compose.Tone.WARN, toBobb.tone());
        assertTrue(toBobb.text().contains("bobb has not written to you, and over TCP accounts are unknown"));
        assertNull(c.toLookUp(), "over TCP nothing is looked up");
    }

    @Test
    void to_is_looked_up_once_after_it_stays_unchanged_not_at_every_key() {
        Compose c = compose();
        c.typedTo("b");
        assertNull(c.toLookUp());
        clock.advance(Duration.ofMillis(100));
        c.typedTo("bo");
        assertNull(c.toLookUp());
        clock.advance(Duration.ofMillis(Recipients.LOOKUP_AFTER_MS - 1));
        assertNull(c.toLookUp(), "not yet: the name may still change");
        clock.advance(Duration.ofMillis(1));
        assertEquals("bo", c.toLookUp());
        clock.advance(Duration.ofSeconds(1));
        assertNull(c.toLookUp(), "asked once");
        c.recipients().answer("bob", Answer.ACCOUNT);
        c.typedTo("bob");
        clock.advance(Duration.ofSeconds(1));
        assertNull(c.toLookUp(), "the answer is known");
    }
}
