package dev.pigeonhole.compose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The outbox on disk: nothing handed to send is lost, and nothing is sent twice by itself. */
class OutboxTest {
    static final Instant AT = Instant.parse("2026-12-06T19:00:00Z");

    @TempDir
    Path dir;

    private Outbox box(long pid) {
        return new Outbox(dir.resolve("me.outbox"), pid, p -> p == 1 || p == 2);
    }

    @Test
    void pending_messages_are_claimed_oldest_first_and_leave_only_when_removed() throws Exception {
        Outbox box = box(1);
        Outbox.Entry a = box.add("bob", "first", AT, false);
        Outbox.Entry b = box.add("carol", "second", AT.plusSeconds(1), false);
        assertEquals(Optional.of(a.id()), box.claimNext().map(Outbox.Entry::id));
        assertEquals(Optional.of(b.id()), box.claimNext().map(Outbox.Entry::id));
        assertEquals(Optional.empty(), box.claimNext(), "both are being sent");
        box.remove(a.id());
        assertEquals(
                List.of(b.id()), box.entries().stream().map(Outbox.Entry::id).toList());
    }

    @Test
    void an_unconfirmed_message_survives_a_restart_and_is_never_claimed_again_by_itself() throws Exception {
        Outbox box = box(1);
        Outbox.Entry m = box.add("bob", "pay the invoice", AT, true);
        box.settle(m.id(), Outbox.State.UNCONFIRMED, "the connection broke");
        Outbox restarted = box(2);
        List<Outbox.Entry> seen = restarted.entries();
        assertEquals(1, seen.size());
        assertEquals(Outbox.State.UNCONFIRMED, seen.get(0).state());
        assertEquals("pay the invoice", seen.get(0).text());
        assertEquals(Optional.empty(), restarted.claimNext(), "unconfirmed: only the user sends it again");
        assertTrue(restarted.retry(m.id()));
        assertEquals(Optional.of(m.id()), restarted.claimNext().map(Outbox.Entry::id));
        assertFalse(restarted.retry(m.id()), "a message being sent cannot be put in line twice");
    }

    @Test
    void a_message_whose_sender_died_in_mid_send_turns_unconfirmed_not_pending() throws Exception {
        Outbox dead = box(3); // the test's liveness check: only 1 and 2 are alive
        Outbox.Entry m = dead.add("bob", "hi", AT, true);
        Outbox alive = box(1);
        assertEquals(Optional.empty(), alive.claimNext());
        assertEquals(Outbox.State.UNCONFIRMED, alive.entries().get(0).state());
        assertEquals(Optional.empty(), alive.remove(99), "no such message");
        Outbox other = box(2);
        Outbox.Entry sending = other.add("carol", "x", AT, true);
        assertEquals(Optional.empty(), alive.remove(sending.id()), "another live client is sending it");
        assertTrue(alive.remove(m.id()).isPresent());
    }

    @Test
    void a_pending_message_is_sent_by_the_window_that_put_it_in_line_while_that_window_lives() throws Exception {
        Outbox one = box(1);
        Outbox two = box(2);
        Outbox.Entry mine = two.add("carol", "from the second window", AT, false);
        assertEquals(Optional.empty(), one.claimNext(), "another live window's message is left to it");
        assertEquals(Optional.of(mine.id()), two.claimNext().map(Outbox.Entry::id));
        Outbox.Entry orphan = box(3).add("dave", "put in line by a client that is gone", AT, false);
        assertEquals(Optional.of(orphan.id()), one.claimNext().map(Outbox.Entry::id), "anyone sends an orphan");
    }

    @Test
    void two_clients_claiming_at_once_never_send_the_same_message() throws Exception {
        Outbox a = box(1);
        Outbox b = box(2);
        Outbox gone = box(3); // put in line by a client that quit: either live one may send them
        for (int i = 0; i < 40; i++) {
            gone.add("bob", "m" + i, AT.plusSeconds(i), false);
        }
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<List<Long>>> both = new ArrayList<>();
            for (Outbox box : List.of(a, b)) {
                both.add(pool.submit(() -> {
                    List<Long> got = new ArrayList<>();
                    for (Optional<Outbox.Entry> e = box.claimNext(); e.isPresent(); e = box.claimNext()) {
                        got.add(e.get().id());
                    }
                    return got;
                }));
            }
            List<Long> all = new ArrayList<>(both.get(0).get());
            all.addAll(both.get(1).get());
            assertEquals(40, all.size());
            assertEquals(40, all.stream().distinct().count(), "each message claimed exactly once");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void any_name_and_any_text_round_trip_and_the_file_is_private() throws Exception {
        long seed = new Random().nextLong();
        Random r = new Random(seed);
        Outbox box = box(1);
        List<String[]> put = new ArrayList<>();
        int[] pool = "ab >#\\\t\n\r \u00fc\u4f60\ud83d\ude00=?".codePoints().toArray();
        for (int i = 0; i < 30; i++) {
            String name = r.nextBoolean() ? ">" : "#x" + i;
            StringBuilder t = new StringBuilder();
            for (int k = r.nextInt(20); k > 0; k--) {
                t.appendCodePoint(pool[r.nextInt(pool.length)]);
            }
            box.add(name, t.toString(), AT, false);
            put.add(new String[] {name, t.toString()});
        }
        List<Outbox.Entry> back = box(2).entries();
        for (int i = 0; i < put.size(); i++) {
            assertEquals(put.get(i)[0], back.get(i).recipient(), "seed " + seed);
            assertEquals(put.get(i)[1], back.get(i).text(), "seed " + seed);
        }
        assertEquals(
                "rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("me.outbox"))));
    }

    @Test
    void the_view_shows_its_correspondents_messages_and_names_the_keys() {
        List<Outbox.Entry> all = new ArrayList<>();
        all.add(new Outbox.Entry(1, AT, Outbox.State.PENDING, 0, "bob", "a", ""));
        all.add(new Outbox.Entry(2, AT, Outbox.State.UNCONFIRMED, 0, "carol", "b", "broke"));
        all.add(new Outbox.Entry(3, AT, Outbox.State.FAILED, 0, "bob", "c", "MESSAGE FAILED"));
        List<OutboxShown.Row> bob = OutboxShown.rows(all, "bob", AT);
        assertEquals(List.of("a", "c"), bob.stream().map(OutboxShown.Row::text).toList());
        assertTrue(bob.get(1).label().contains("^O resend"));
        assertEquals(Optional.of(3L), Outbox.waitingForYou(all, "bob").map(Outbox.Entry::id));
        assertEquals(Optional.of(2L), Outbox.waitingForYou(all, null).map(Outbox.Entry::id));
        assertEquals(Optional.of(1L), Outbox.toSettle(all.subList(0, 1), "bob").map(Outbox.Entry::id));
        for (int i = 0; i < 5; i++) {
            all.add(new Outbox.Entry(10 + i, AT, Outbox.State.PENDING, 0, "dan", "d" + i, ""));
        }
        List<OutboxShown.Row> everyone = OutboxShown.rows(all, null, AT);
        assertEquals(OutboxShown.MAX_ROWS, everyone.size());
        assertEquals("[6 more in the outbox]", everyone.get(2).label());
    }

    @Test
    void a_message_being_sent_shows_only_once_it_has_waited_a_second_for_its_answer() {
        List<Outbox.Entry> sending = List.of(new Outbox.Entry(1, AT, Outbox.State.SENDING, 0, "bob", "hi", ""));
        assertEquals(List.of(), OutboxShown.rows(sending, "bob", AT));
        assertEquals(List.of(), OutboxShown.rows(sending, "bob", AT.plusMillis(999)));
        List<OutboxShown.Row> late = OutboxShown.rows(sending, "bob", AT.plus(OutboxShown.SENDING_UNSHOWN));
        assertEquals(
                List.of("[sending]"), late.stream().map(OutboxShown.Row::label).toList());
    }
}
