package dev.pigeonhole.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pigeonhole.testing.RawClient;
import dev.pigeonhole.testing.ServerFixture;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A READ's message is removed for good only once the reader's connection sends its next line; if the
 * connection ends first, the message is the oldest again. The store sees exactly that.
 */
@Timeout(20)
class LossSafeReadTest {
    private final RecordingStore store = new RecordingStore();

    private static void compose(ServerFixture server, String to, String... texts) throws Exception {
        try (RawClient c = server.raw()) {
            c.send("LOGIN sender").readLine();
            for (String t : texts) {
                assertEquals("MESSAGE SENT", c.send("COMPOSE " + to).send(t).readLine());
            }
        }
    }

    private static String[] read(RawClient c) throws Exception {
        c.send("READ");
        String sender = c.readLine();
        return "READ ERROR".equals(sender) ? null : new String[] {sender, c.readLine()};
    }

    /**
     * Waits until LOGIN reports {@code expected} for {@code user}, then returns that connection: a connection
     * just cut is handled on another worker, so its message may take a moment to come back.
     */
    private static RawClient loginWhenCount(ServerFixture server, String user, long expected) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (true) {
            RawClient c = server.raw();
            String count = c.send("LOGIN " + user).readLine();
            if (count.equals(Long.toString(expected))) {
                return c;
            }
            c.close();
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("LOGIN " + user + " still says " + count + ", expected " + expected);
            }
            Thread.sleep(5);
        }
    }

    private static void awaitRemoved(RecordingStore store, int n) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (store.removedSoFar().size() < n) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("expected " + n + " removals, got " + store.removedSoFar());
            }
            Thread.sleep(5);
        }
    }

    @Test
    void a_message_read_by_a_connection_that_breaks_is_read_again_first_P8_P12() throws Exception {
        try (ServerFixture server = ServerFixture.start(store, cfg -> cfg)) {
            compose(server, "u", "one", "two");
            try (RawClient c = server.raw()) {
                c.send("LOGIN u").readLine();
                assertEquals("one", read(c)[1]);
                c.abort();
            }
            try (RawClient c = loginWhenCount(server, "u", 2)) {
                assertEquals("one", read(c)[1]);
                assertEquals("two", read(c)[1]);
                assertEquals(null, read(c));
            }
            assertEquals(
                    List.of("one", "two"),
                    store.removedSoFar().stream().map(StoredMessage::text).toList());
        }
    }

    @Test
    void a_clean_close_without_another_line_also_puts_the_message_back() throws Exception {
        try (ServerFixture server = ServerFixture.start(store, cfg -> cfg)) {
            compose(server, "u", "one");
            try (RawClient c = server.raw()) {
                c.send("LOGIN u").readLine();
                assertEquals("one", read(c)[1]);
            }
            loginWhenCount(server, "u", 1).close();
            assertEquals(List.of(), store.removedSoFar());
        }
    }

    @Test
    void the_next_line_confirms_a_read_and_a_second_read_gets_a_different_message_P8() throws Exception {
        try (ServerFixture server = ServerFixture.start(store, cfg -> cfg)) {
            compose(server, "u", "one", "two");
            try (RawClient c = server.raw()) {
                c.send("LOGIN u").readLine();
                assertEquals("one", read(c)[1]);
                assertEquals(List.of(), store.removedSoFar(), "not removed before the client shows it got it");
                assertEquals("two", read(c)[1]);
                awaitRemoved(store, 1);
                c.send("EXIT");
                assertTrue(c.closedByServer());
            }
            awaitRemoved(store, 2);
            assertEquals(
                    List.of("one", "two"),
                    store.removedSoFar().stream().map(StoredMessage::text).toList());
        }
    }

    @Test
    void any_valid_command_confirms_the_read_before_it_is_handled() throws Exception {
        try (ServerFixture server = ServerFixture.start(store, cfg -> cfg)) {
            compose(server, "u", "one");
            try (RawClient c = server.raw()) {
                c.send("LOGIN u").readLine();
                assertEquals("one", read(c)[1]);
                assertEquals("MESSAGE SENT", c.send("COMPOSE v").send("reply").readLine());
                assertEquals(
                        List.of("one"),
                        store.removedSoFar().stream().map(StoredMessage::text).toList());
            }
        }
    }

    @Test
    void a_protocol_error_after_a_read_puts_the_message_back_P10() throws Exception {
        try (ServerFixture server = ServerFixture.start(store, cfg -> cfg)) {
            compose(server, "u", "one");
            try (RawClient c = server.raw()) {
                c.send("LOGIN u").readLine();
                assertEquals("one", read(c)[1]);
                c.send("read");
                assertTrue(c.closedByServer());
            }
            loginWhenCount(server, "u", 1).close();
        }
    }

    @Test
    void an_idle_timeout_after_a_read_puts_the_message_back() throws Exception {
        try (ServerFixture server = ServerFixture.start(store, cfg -> cfg.idleTimeout(Duration.ofMillis(200)))) {
            compose(server, "u", "one");
            try (RawClient c = server.raw()) {
                c.send("LOGIN u").readLine();
                assertEquals("one", read(c)[1]);
                assertTrue(c.closedByServer());
            }
            server.awaitLog("idle timeout (200ms): closed", Duration.ofSeconds(5));
            loginWhenCount(server, "u", 1).close();
        }
    }

    /** Decision: LOGIN counts what a READ could return now; a message in flight on another connection is not counted. */
    @Test
    void login_does_not_count_messages_in_flight_on_other_connections_P5() throws Exception {
        try (ServerFixture server = ServerFixture.start(store, cfg -> cfg)) {
            compose(server, "u", "one", "two");
            try (RawClient first = server.raw();
                    RawClient second = server.raw()) {
                first.send("LOGIN u").readLine();
                assertEquals("one", read(first)[1]);
                assertEquals("1", second.send("LOGIN u").readLine());
                assertEquals("two", read(second)[1]);
            }
        }
    }

    @Test
    void message_sent_means_stored_first_and_a_failing_store_means_message_failed_P7() throws Exception {
        try (ServerFixture server = ServerFixture.start(store, cfg -> cfg)) {
            try (RawClient c = server.raw()) {
                c.send("LOGIN w").readLine();
                assertEquals("MESSAGE SENT", c.send("COMPOSE u").send("kept").readLine());
                StoredMessage m = store.storedSoFar().get(0);
                assertEquals(List.of("u", "w", "kept"), List.of(m.recipient(), m.sender(), m.text()));
                store.failStores = true;
                assertEquals("MESSAGE FAILED", c.send("COMPOSE u").send("lost").readLine());
                store.failStores = false;
                assertEquals(
                        "MESSAGE SENT", c.send("COMPOSE u").send("kept too").readLine());
            }
            server.awaitLog("store failed", Duration.ofSeconds(5));
            try (RawClient c = loginWhenCount(server, "u", 2)) {
                assertEquals("kept", read(c)[1]);
                assertEquals("kept too", read(c)[1]);
            }
        }
    }

    @Test
    void recovered_messages_are_counted_and_read_in_order_and_ids_keep_increasing() throws Exception {
        RecordingStore recovering = new RecordingStore(
                List.of(new StoredMessage(7, "r", "a", "old one"), new StoredMessage(9, "r", "b", "old two")));
        try (ServerFixture server = ServerFixture.start(recovering, cfg -> cfg)) {
            try (RawClient c = server.raw()) {
                assertEquals("2", c.send("LOGIN r").readLine());
                assertEquals("MESSAGE SENT", c.send("COMPOSE r").send("new").readLine());
                String[] m = read(c);
                assertEquals(List.of("a", "old one"), List.of(m));
                assertEquals("old two", read(c)[1]);
                assertEquals("new", read(c)[1]);
            }
            assertTrue(recovering.storedSoFar().get(0).id() > 9);
            assertTrue(
                    server.log().get(0).contains("2 messages recovered"),
                    server.log().toString());
        }
        assertTrue(recovering.closed, "closing the server closes its store");
    }
}
