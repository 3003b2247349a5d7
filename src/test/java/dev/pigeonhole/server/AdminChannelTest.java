package dev.pigeonhole.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pigeonhole.testing.OsUsers;
import dev.pigeonhole.testing.RawClient;
import dev.pigeonhole.testing.ServerFixture;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Issue 19 point 4: an operator sees who holds what and undoes one user's flood in two commands. */
class AdminChannelTest {
    private static OsUsers users;
    private static String alice;
    private static String bob;

    @BeforeAll
    static void makeUsers() throws Exception {
        users = OsUsers.create("phadmalice", "phadmbob");
        alice = users.name(0);
        bob = users.name(1);
    }

    @AfterAll
    static void removeUsers() {
        if (users != null) {
            users.close();
        }
    }

    private static List<String> admin(ServerFixture server, String request) throws IOException {
        try (RawClient c = RawClient.connect(server.server().adminSocket())) {
            c.send(request);
            List<String> lines = new ArrayList<>();
            for (String line; (line = c.readLine()) != null; ) {
                lines.add(line);
            }
            return lines;
        }
    }

    private static String compose(RawClient c, String to, String text) throws IOException {
        return c.send("COMPOSE " + to).send(text).readLine();
    }

    @Test
    void usage_names_the_flooding_sender_and_drop_frees_the_room() throws Exception {
        try (ServerFixture server =
                        ServerFixture.start(ServerFixture.Transport.UNIX_SOCKET, cfg -> cfg.maxQueue(1000));
                RawClient mallory = server.raw();
                RawClient other = server.raw()) {
            mallory.send("LOGIN mallory").readLine();
            while (compose(mallory, bob, "spam").equals("MESSAGE SENT")) {
                // until mallory's share of bob's queue is full
            }
            other.send("LOGIN " + alice).readLine();
            assertEquals("MESSAGE SENT", compose(other, bob, "lunch?"));

            List<String> usage = admin(server, "USAGE");
            assertTrue(usage.get(0).startsWith("SENDER mallory 100 "), usage.toString());
            assertTrue(usage.contains("END"), usage.toString());
            assertTrue(usage.stream().anyMatch(l -> l.startsWith("RECIPIENT " + bob + " 101 ")), usage.toString());

            assertEquals(List.of("DROPPED 100"), admin(server, "DROP FROM mallory"));
            assertEquals(1, Deliveries.count(server.server().mailboxes(), bob), "alice's message stays");
            assertEquals("MESSAGE SENT", compose(mallory, bob, "room again"), "the share is free again");
            assertEquals(List.of("DROPPED 2"), admin(server, "DROP TO " + bob));
            assertEquals(0, Deliveries.count(server.server().mailboxes(), bob));
        }
    }

    @Test
    void a_user_who_is_not_an_operator_is_refused() throws Exception {
        try (ServerFixture server = ServerFixture.start(ServerFixture.Transport.UNIX_SOCKET, cfg -> cfg)) {
            Path adminSocket = server.server().adminSocket();
            List<String> out = SocketIdentityTest.runAsNobody(adminSocket.getParent(), adminSocket, "USAGE");
            assertEquals(List.of("< REFUSED nobody is not root and not in group pigeonhole-admin", "EOF"), out);
        }
    }
}
