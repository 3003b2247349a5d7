package dev.pigeonhole.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pigeonhole.testing.OsUsers;
import dev.pigeonhole.testing.RawClient;
import dev.pigeonhole.testing.ServerFixture;
import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Issue 19 points 2 and 3: over the Unix socket one hostile user (mallory) can neither park messages for
 * names nobody reads nor take a recipient's queue or the server's memory from the others. The sessions log in
 * through the fixture's trusted socket user (root), so each LOGIN name is the sender the server holds to its
 * share; recipients are real accounts made with useradd.
 */
class HostileSenderTest {
    private static OsUsers users;
    private static String alice;
    private static String bob;
    private static String carol;

    @BeforeAll
    static void makeUsers() throws Exception {
        users = OsUsers.create("phalice", "phbob", "phcarol");
        alice = users.name(0);
        bob = users.name(1);
        carol = users.name(2);
    }

    @AfterAll
    static void removeUsers() {
        if (users != null) {
            users.close();
        }
    }

    private static String compose(RawClient c, String to, String text) throws IOException {
        return c.send("COMPOSE " + to).send(text).readLine();
    }

    @Test
    @DisplayName("over the socket a COMPOSE to a name that is no account is MESSAGE FAILED; over TCP any name (P7)")
    void compose_to_a_non_account_over_the_socket_fails_P7() throws Exception {
        // Nobody trusted: the test's own user (root) logs in as itself, as every user of the socket does.
        try (ServerFixture server = ServerFixture.start(
                        ServerFixture.Transport.UNIX_SOCKET, cfg -> cfg.trustedSocketUsers(java.util.Set.of()));
                RawClient socket = server.raw();
                RawClient tcp = RawClient.connect(server.host(), server.port())) {
            socket.send("LOGIN " + System.getProperty("user.name")).readLine();
            assertEquals("MESSAGE FAILED", compose(socket, "bobb", "typo"));
            assertEquals("MESSAGE FAILED", compose(socket, "made-up-557713", "flood"));
            assertEquals("MESSAGE FAILED", compose(socket, "0", "a uid is no name"));
            assertEquals("MESSAGE SENT", compose(socket, bob, "to a real account"));
            assertEquals("MESSAGE SENT", compose(socket, bob, "again, from the cache"));
            tcp.send("LOGIN x").readLine();
            assertEquals("MESSAGE SENT", compose(tcp, "bobb", "TCP keeps the seed's free names"));
            assertEquals(2, Deliveries.count(server.server().mailboxes(), bob));
        }
    }

    @Test
    @DisplayName(
            "with --max-queue 1000 one sender holds at most 100 of a recipient's queue; another still gets in (P7)")
    void one_sender_cannot_fill_a_recipients_queue_P7() throws Exception {
        try (ServerFixture server =
                        ServerFixture.start(ServerFixture.Transport.UNIX_SOCKET, cfg -> cfg.maxQueue(1000));
                RawClient mallory = server.raw();
                RawClient other = server.raw()) {
            mallory.send("LOGIN mallory").readLine();
            int sent = 0;
            for (int i = 0; i < 1000; i++) {
                if (compose(mallory, bob, "spam " + i).equals("MESSAGE SENT")) {
                    sent++;
                }
            }
            assertEquals(FairShares.queueShare(1000), sent, "mallory's share of bob's queue");
            assertEquals(100, sent);
            other.send("LOGIN " + alice).readLine();
            assertEquals("MESSAGE SENT", compose(other, bob, "lunch?"), "alice still reaches bob");
            assertTrue(
                    server.log().stream().anyMatch(l -> l.startsWith("queue share full: mallory")),
                    () -> server.log().toString());
        }
    }

    @Test
    @DisplayName("with a small --max-memory one sender flooding real accounts leaves room for another (P7)")
    void one_sender_flooding_real_accounts_leaves_room_for_another_P7() throws Exception {
        String big = "m".repeat(4000);
        try (ServerFixture server = ServerFixture.start(
                        ServerFixture.Transport.UNIX_SOCKET,
                        cfg -> cfg.maxQueue(0).maxMemory(4 << 20));
                RawClient mallory = server.raw();
                RawClient other = server.raw()) {
            mallory.send("LOGIN mallory").readLine();
            String[] victims = {alice, bob, carol, "root", "daemon", "nobody"};
            int sent = 0;
            for (int i = 0; i < 10_000; i++) {
                if (!compose(mallory, victims[i % victims.length], big).equals("MESSAGE SENT")) {
                    break;
                }
                sent++;
            }
            long held = server.server().mailboxes().memoryUsed();
            assertTrue(sent > 0 && sent < 10_000, "mallory was stopped after " + sent);
            assertTrue(held <= (4 << 20) / FairShares.COLLUDERS + 8 * 1024, "mallory holds " + held);
            other.send("LOGIN " + alice).readLine();
            assertEquals("MESSAGE SENT", compose(other, bob, big), "alice still has room");
            assertTrue(
                    server.log().stream().anyMatch(l -> l.startsWith("memory share full: mallory")),
                    () -> server.log().toString());
        }
    }
}
