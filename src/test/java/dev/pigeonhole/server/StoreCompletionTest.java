package dev.pigeonhole.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pigeonhole.testing.RawClient;
import dev.pigeonhole.testing.ServerFixture;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A durable store answers later, from its own thread: the connection waits for the answer (MESSAGE SENT only
 * after it, P7; the removal a READ confirms is recorded before the next line is handled, P8), while its
 * event loop goes on serving every other connection. The store here answers only when the test says so.
 */
@Timeout(30)
class StoreCompletionTest {
    /** A store whose calls are answered by the test, from the test's thread. */
    static final class GatedStore implements MessageStore {
        record Call(String kind, StoredMessage message, Completion done) {}

        final LinkedBlockingQueue<Call> calls = new LinkedBlockingQueue<>();

        @Override
        public void recover(Consumer<StoredMessage> sink) {}

        @Override
        public void stored(StoredMessage message, Completion done) {
            calls.add(new Call("stored", message, done));
        }

        @Override
        public void removed(StoredMessage message, Completion done) {
            calls.add(new Call("removed", message, done));
        }

        Call next() throws InterruptedException {
            Call c = calls.poll(5, TimeUnit.SECONDS);
            assertTrue(c != null, "no store call within 5 s");
            return c;
        }

        @Override
        public void close() {}
    }

    private static void assertNothingWithin(RawClient c, int millis) throws IOException {
        c.timeout(millis);
        try {
            int b = c.input().read();
            throw new AssertionError("the server answered before the store did: byte " + b);
        } catch (SocketTimeoutException expected) {
            c.timeout(5000);
        }
    }

    @Test
    void message_sent_comes_only_after_the_store_answers_and_the_loop_serves_others_meanwhile_P7() throws Exception {
        GatedStore store = new GatedStore();
        try (ServerFixture server = ServerFixture.start(store, cfg -> cfg.poolSize(1));
                RawClient alice = server.raw();
                RawClient bob = server.raw()) {
            assertEquals("0", alice.send("LOGIN alice").readLine());
            alice.send("COMPOSE alice").send("kept").send("READ");
            GatedStore.Call call = store.next();
            assertEquals("stored", call.kind());
            assertNothingWithin(alice, 200);
            // The one event loop is not blocked: another connection is served while alice waits.
            assertEquals("0", bob.send("LOGIN bob").readLine());
            assertEquals("READ ERROR", bob.send("READ").readLine());
            call.done().completed(null); // from the test's thread, as a journal writer would
            assertEquals("MESSAGE SENT", alice.readLine());
            assertEquals("alice", alice.readLine());
            assertEquals("kept", alice.readLine());
        }
    }

    @Test
    void a_failed_store_answers_MESSAGE_FAILED_and_the_message_is_not_readable_P7() throws Exception {
        GatedStore store = new GatedStore();
        try (ServerFixture server = ServerFixture.start(store, cfg -> cfg.poolSize(1));
                RawClient c = server.raw()) {
            c.send("LOGIN carol").readLine();
            c.send("COMPOSE carol").send("lost disk");
            store.next().done().completed(new IOException("disk full (test)"));
            assertEquals("MESSAGE FAILED", c.readLine());
            assertEquals("READ ERROR", c.send("READ").readLine());
            server.awaitLog("store failed: message", java.time.Duration.ofSeconds(5));
        }
    }

    @Test
    void the_line_after_a_READ_is_handled_only_once_the_removal_is_recorded_P8() throws Exception {
        GatedStore store = new GatedStore();
        try (ServerFixture server = ServerFixture.start(store, cfg -> cfg.poolSize(1));
                RawClient c = server.raw()) {
            c.send("LOGIN dave").readLine();
            c.send("COMPOSE dave").send("one");
            store.next().done().completed(null);
            assertEquals("MESSAGE SENT", c.readLine());
            c.send("READ");
            assertEquals("dave", c.readLine());
            assertEquals("one", c.readLine());
            c.send("READ"); // confirms "one": its removal goes to the store first
            GatedStore.Call removal = store.next();
            assertEquals("removed", removal.kind());
            assertEquals("one", removal.message().text());
            assertNothingWithin(c, 200);
            removal.done().completed(null);
            assertEquals("READ ERROR", c.readLine());
        }
    }
}
