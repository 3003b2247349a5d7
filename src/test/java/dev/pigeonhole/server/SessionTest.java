package dev.pigeonhole.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A request ends in a reply or in the store call it waits for, and all of a wait is in that {@link
 * Session.Pending}: finishing it with the store's answer writes the reply (P7) or runs the line that confirmed a
 * READ (P8). The store here answers only when the test says so.
 */
class SessionTest {
    private final StoreCompletionTest.GatedStore store = new StoreCompletionTest.GatedStore();
    private final Mailboxes boxes = new Mailboxes(0, 0, 0, event -> {});
    private final List<Session.Pending> answered = new ArrayList<>();
    private final Session session = new Session(boxes, store, (p, failure) -> answered.add(p));
    private final Outbox out = new Outbox();

    @Test
    void login_and_an_empty_read_are_answered_at_once_P5_P8() {
        assertNull(session.handle(new Request.Login("alice"), out));
        assertNull(session.handle(Request.READ, out));
        assertEquals("0\nREAD ERROR\n", written());
    }

    @Test
    void compose_waits_for_the_store_and_its_answer_decides_the_reply_P7() throws Exception {
        session.handle(new Request.Login("alice"), out);
        written();
        Session.Pending sent = session.handle(compose("bob", "hi"), out);
        assertNotNull(sent, "a COMPOSE waits for the store");
        assertEquals("", written(), "no reply before the store answers");
        StoreCompletionTest.GatedStore.Call call = store.next();
        assertEquals("stored", call.kind());
        call.done().completed(null);
        assertEquals(List.of(sent), answered, "the answer goes to the waiter, not into the session");
        assertNull(sent.finish(null, out));
        assertEquals("MESSAGE SENT\n", written());
        assertEquals(1, Deliveries.count(boxes, "bob"));

        Session.Pending failed = session.handle(compose("bob", "lost"), out);
        store.next().done().completed(new java.io.IOException("disk full"));
        assertNull(failed.finish(new java.io.IOException("disk full"), out));
        assertEquals("MESSAGE FAILED\n", written());
        assertEquals(1, Deliveries.count(boxes, "bob"), "a refused message is not readable");
    }

    @Test
    void the_line_after_a_read_waits_for_the_removal_then_runs_P8() throws Exception {
        assertTrue(Deliveries.deliver(boxes, "bob", "alice", "first"));
        session.handle(new Request.Login("alice"), out);
        assertNull(session.handle(Request.READ, out));
        assertEquals("1\nbob\nfirst\n", written());
        Session.Pending removal = session.handle(Request.READ, out);
        assertNotNull(removal, "the next line confirms the read: its removal is recorded first");
        StoreCompletionTest.GatedStore.Call call = store.next();
        assertEquals("removed", call.kind());
        assertEquals("first", call.message().text());
        assertEquals("", written(), "the second READ waits for the removal");
        assertSame(null, removal.finish(null, out));
        assertEquals("READ ERROR\n", written(), "then runs, and finds nothing else");
    }

    @Test
    void a_session_that_ends_before_confirming_puts_the_message_back_P8() {
        Deliveries.deliver(boxes, "bob", "alice", "first");
        session.handle(new Request.Login("alice"), out);
        session.handle(Request.READ, out);
        assertNull(session.handle(new Request.Closed("test"), out));
        assertEquals(1, Deliveries.count(boxes, "alice"));
        assertEquals(0, store.calls.size(), "nothing was removed from the store");
    }

    private static Request compose(String to, String text) {
        return new Request.Compose(Name.of(to), text.getBytes(StandardCharsets.US_ASCII));
    }

    private String written() {
        ByteBuffer b = out.take(null);
        return b == null ? "" : StandardCharsets.US_ASCII.decode(b).toString();
    }
}
