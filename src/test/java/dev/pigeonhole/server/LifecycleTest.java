package dev.pigeonhole.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pigeonhole.testing.RawClient;
import dev.pigeonhole.testing.ServerFixture;
import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Starting, limits and stopping (G1: the server stops only when told to, and then gracefully). */
@Timeout(30)
class LifecycleTest {

    /** A store that answers {@code stored} from a thread of its own once the test says so: a COMPOSE in flight. */
    private static final class SlowStore extends RecordingStore {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public void stored(StoredMessage message, Completion done) {
            entered.countDown();
            Thread writer = new Thread(() -> {
                try {
                    if (release.await(20, TimeUnit.SECONDS)) {
                        super.stored(message, done);
                    }
                } catch (InterruptedException e) {
                    done.completed(e);
                }
            });
            writer.setDaemon(true);
            writer.start();
        }
    }

    @Test
    void close_answers_the_command_in_flight_then_closes_connections_and_the_port_G1() throws Exception {
        SlowStore store = new SlowStore();
        List<String> log = new CopyOnWriteArrayList<>();
        CountDownLatch stopping = new CountDownLatch(1);
        ServerLog recording = line -> {
            log.add(line);
            if (line.startsWith("stopping:")) {
                stopping.countDown();
            }
        };
        ServerFixture server = ServerFixture.start(store, recording, cfg -> cfg.shutdownGrace(Duration.ofSeconds(5)));
        try (RawClient busy = server.raw();
                RawClient idle = server.raw()) {
            busy.send("LOGIN busy").readLine();
            idle.send("LOGIN idle").readLine();
            busy.send("COMPOSE idle").send("in flight");
            assertTrue(store.entered.await(5, TimeUnit.SECONDS));
            Thread closer = new Thread(server::close);
            closer.start();
            // close() has stopped accepting and is about to wait for the store: only now is the answer let go.
            assertTrue(stopping.await(5, TimeUnit.SECONDS), "close() never said it was stopping: " + log);
            store.release.countDown();
            // Without the wait, close() would have closed both connections before the answer existed.
            assertEquals("MESSAGE SENT", busy.readLine(), "close() waits for the COMPOSE in flight");
            assertTrue(busy.closedByServer());
            assertTrue(idle.closedByServer());
            closer.join(5000);
            assertTrue(store.closed);
        }
        assertThrows(ConnectException.class, server::raw);
        assertTrue(log.get(log.size() - 1).endsWith("stopped"), log.toString());
    }

    @Test
    void close_gives_up_on_a_stuck_command_after_the_grace_period() throws Exception {
        SlowStore store = new SlowStore();
        ServerFixture server = ServerFixture.start(store, cfg -> cfg.shutdownGrace(Duration.ofMillis(300)));
        try (RawClient c = server.raw()) {
            c.send("LOGIN stuck").readLine();
            c.send("COMPOSE stuck").send("never stored");
            assertTrue(store.entered.await(5, TimeUnit.SECONDS));
            long start = System.nanoTime();
            server.close();
            assertTrue(System.nanoTime() - start < Duration.ofSeconds(10).toNanos());
            // The store never answered before the close: the connection is closed without a reply.
            assertEquals(null, readOrNull(c));
        } finally {
            store.release.countDown();
        }
        assertTrue(
                server.log().stream().anyMatch(l -> l.contains("grace period over")),
                server.log().toString());
    }

    @Test
    void a_second_server_on_the_same_port_fails_to_bind() throws Exception {
        try (ServerFixture first = ServerFixture.start()) {
            assertThrows(
                    BindException.class,
                    () -> PigeonholeServer.start(
                            first.server().config().toBuilder()
                                    .port(first.port())
                                    .build(),
                            MessageStore.IN_MEMORY,
                            first.server().log()));
            try (RawClient c = first.raw()) {
                assertEquals("0", c.send("LOGIN still-serving").readLine());
            }
        }
    }

    @Test
    void connections_beyond_the_limit_are_closed_at_once_and_logged() throws Exception {
        try (ServerFixture server = ServerFixture.start(cfg -> cfg.maxConnections(2));
                RawClient one = server.raw();
                RawClient two = server.raw()) {
            assertEquals("0", one.send("LOGIN one").readLine());
            assertEquals("0", two.send("LOGIN two").readLine());
            try (RawClient three = server.raw()) {
                assertTrue(three.closedByServer());
            }
            server.awaitLog("connection limit reached (2)", Duration.ofSeconds(5));
            one.send("EXIT");
            assertTrue(one.closedByServer());
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (true) { // the slot frees once the server has closed its side
                try (RawClient again = server.raw()) {
                    again.send("LOGIN again");
                    if ("0".equals(readOrNull(again))) {
                        break;
                    }
                }
                assertTrue(System.nanoTime() < deadline, "no slot freed");
                Thread.sleep(10);
            }
        }
    }

    private static String readOrNull(RawClient c) {
        try {
            return c.readLine();
        } catch (IOException e) {
            return null;
        }
    }

    @Test
    void an_idle_connection_is_closed_and_logged_but_an_active_one_is_not() throws Exception {
        try (ServerFixture server = ServerFixture.start(cfg -> cfg.idleTimeout(Duration.ofMillis(300)));
                RawClient idle = server.raw();
                RawClient active = server.raw()) {
            idle.send("LOGIN idle").readLine();
            active.send("LOGIN active").readLine();
            long end = System.nanoTime() + Duration.ofMillis(900).toNanos();
            while (System.nanoTime() < end) {
                assertEquals("READ ERROR", active.send("READ").readLine());
                Thread.sleep(50);
            }
            assertTrue(idle.closedByServer());
            assertEquals("READ ERROR", active.send("READ").readLine());
            server.awaitLog("idle timeout (300ms): closed", Duration.ofSeconds(5));
        }
    }
}
