package dev.pigeonhole.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pigeonhole.testing.RawClient;
import dev.pigeonhole.testing.ServerFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class ServerSmokeTest {
    @Test
    void worked_example_2_line_for_line() throws Exception {
        try (ServerFixture server = ServerFixture.start(); RawClient bob = server.raw()) {
            assertEquals("0", bob.send("LOGIN bob").readLine());
            assertEquals("MESSAGE SENT", bob.send("COMPOSE alice").send("Hi Alice!").readLine());
            assertEquals("READ ERROR", bob.send("READ").readLine());
            assertEquals("MESSAGE SENT", bob.send("COMPOSE alice").send("I guess you're not online").readLine());
            assertEquals("MESSAGE SENT", bob.send("COMPOSE bob").send("At least you'll talk to me").readLine());
            bob.send("READ");
            assertEquals("bob", bob.readLine());
            assertEquals("At least you'll talk to me", bob.readLine());
            bob.send("EXIT");
            assertTrue(bob.closedByServer());
        }
    }
}
