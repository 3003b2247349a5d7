package dev.pigeonhole.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pigeonhole.cli.Cli.Result;
import dev.pigeonhole.testing.RawClient;
import dev.pigeonhole.testing.ServerFixture;
import org.junit.jupiter.api.Test;

/** Issue 19 point 4: {@code pigeonhole admin usage} and {@code admin drop}, as an operator (root) runs them. */
class AdminCommandTest {
    @Test
    void usage_names_the_flooding_sender_and_drop_from_removes_their_messages() throws Exception {
        try (ServerFixture server =
                        ServerFixture.start(ServerFixture.Transport.UNIX_SOCKET, cfg -> cfg.maxQueue(1000));
                RawClient mallory = server.raw()) {
            mallory.send("LOGIN mallory").readLine();
            // daemon: an account on every host, so the socket lets it receive.
            while (mallory.send("COMPOSE daemon").send("spam").readLine().equals("MESSAGE SENT")) {
                // until mallory's share of daemon's queue is full
            }
            String socket = server.socket().toString();
            Result usage = Cli.run("admin", "usage", "--socket", socket);
            assertEquals(0, usage.code(), usage.err());
            assertTrue(usage.out().startsWith("Senders (their messages waiting):\n  mallory "), usage.out());
            assertTrue(usage.out().contains("     100 messages"), usage.out());

            assertEquals(
                    new Result(0, "dropped 100 waiting messages from mallory\n", ""),
                    Cli.run("admin", "drop", "--from", "mallory", "--socket", socket));
            assertEquals(new Result(0, "No messages wait.\n", ""), Cli.run("admin", "usage", "--socket", socket));
        }
    }

    @Test
    void drop_needs_exactly_one_of_from_and_to() {
        String line = Cli.run("admin", "drop", "--socket", "/x.sock").oneErrorLine(2);
        assertEquals("pigeonhole admin: drop takes exactly one of --from USER and --to USER", line);
    }

    @Test
    void a_missing_admin_socket_says_how_to_check_the_service() {
        String line = Cli.run("admin", "usage", "--socket", "/nonexistent/pigeonhole.sock")
                .oneErrorLine(1);
        assertTrue(
                line.startsWith("pigeonhole admin: cannot reach the admin channel at /nonexistent/admin.sock"), line);
        assertTrue(line.endsWith("(is the service running? systemctl status pigeonhole)"), line);
    }
}
