package dev.pigeonhole.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.pigeonhole.testing.RawClient;
import dev.pigeonhole.testing.ServerFixture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Connections cost no thread: two event loops serve 500 connected, idle clients (G1). */
class PoolTest {
    @Test
    void two_event_loops_serve_500_idle_logged_in_clients_G1() {
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            try (ServerFixture server = ServerFixture.start(cfg -> cfg.poolSize(2))) {
                List<RawClient> clients = new ArrayList<>();
                try {
                    for (int i = 0; i < 500; i++) {
                        RawClient c = server.raw();
                        clients.add(c);
                        assertEquals("0", c.send("LOGIN idle" + i).readLine());
                    }
                    // All 500 sit idle and connected; now a message for each, from the last one.
                    RawClient last = clients.get(499);
                    for (int i = 0; i < 500; i++) {
                        assertEquals(
                                "MESSAGE SENT",
                                last.send("COMPOSE idle" + i)
                                        .send("wake up " + i)
                                        .readLine());
                    }
                    for (int i = 0; i < 500; i++) {
                        RawClient c = clients.get(i);
                        c.send("READ");
                        assertEquals("idle499", c.readLine());
                        assertEquals("wake up " + i, c.readLine());
                        assertEquals("READ ERROR", c.send("READ").readLine());
                    }
                } finally {
                    for (RawClient c : clients) {
                        c.close();
                    }
                }
            }
        });
    }
}
