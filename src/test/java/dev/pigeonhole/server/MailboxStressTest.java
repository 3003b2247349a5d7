package dev.pigeonhole.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * One {@link Mailbox} hammered directly by 8 writers and 8 readers at once, as the event loops share it
 * (G2): every message committed is polled exactly once, each reader sees each writer's messages in the order
 * they were committed (P8), and the queue limit is never exceeded. Without the mailbox's lock this fails at
 * once (messages lost or polled twice, or the deque's invariants broken).
 */
@Timeout(60)
class MailboxStressTest {
    private static final int WRITERS = 8;
    private static final int READERS = 8;
    private static final int PER_WRITER = 100_000;

    @Test
    void eight_writers_and_eight_readers_account_for_every_message_exactly_once_in_order_G2_P8() throws Exception {
        Mailbox box = new Mailbox(Name.of("stress"));
        int total = WRITERS * PER_WRITER;
        AtomicInteger writersDone = new AtomicInteger();
        CyclicBarrier start = new CyclicBarrier(WRITERS + READERS);
        ExecutorService threads = Executors.newFixedThreadPool(WRITERS + READERS);
        try {
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                writers.add(threads.submit(() -> {
                    start.await();
                    for (int i = 0; i < PER_WRITER; i++) {
                        assertEquals(Mailbox.Reservation.GRANTED, box.reserve(0));
                        box.commit(new StoredMessage((long) writer * PER_WRITER + i, "stress", "w" + writer, ""));
                    }
                    writersDone.incrementAndGet();
                    return null;
                }));
            }
            List<Future<List<StoredMessage>>> readers = new ArrayList<>();
            for (int r = 0; r < READERS; r++) {
                readers.add(threads.submit(() -> {
                    start.await();
                    List<StoredMessage> got = new ArrayList<>();
                    // Until the writers are done and the box is found empty after that: a lost message shows
                    // as a short count, not as a hang.
                    while (true) {
                        boolean done = writersDone.get() == WRITERS;
                        StoredMessage m = box.poll();
                        if (m != null) {
                            got.add(m);
                        } else if (done) {
                            return got;
                        }
                    }
                }));
            }
            for (Future<?> f : writers) {
                f.get(50, TimeUnit.SECONDS);
            }
            BitSet seen = new BitSet(total);
            int count = 0;
            for (Future<List<StoredMessage>> f : readers) {
                long[] lastByWriter = new long[WRITERS];
                java.util.Arrays.fill(lastByWriter, -1);
                for (StoredMessage m : f.get(50, TimeUnit.SECONDS)) {
                    int id = (int) m.id();
                    assertTrue(id >= 0 && id < total && !seen.get(id), "message " + id + " polled twice (or garbled)");
                    seen.set(id);
                    count++;
                    int writer = id / PER_WRITER;
                    assertTrue(m.id() > lastByWriter[writer], "writer " + writer + "'s messages out of order");
                    lastByWriter[writer] = m.id();
                }
            }
            assertEquals(total, count, "every committed message polled exactly once");
            assertEquals(0, box.size());
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void concurrent_reservations_never_exceed_the_limit_P7() throws Exception {
        Mailbox box = new Mailbox(Name.of("limited"));
        int limit = 1_000;
        AtomicInteger granted = new AtomicInteger();
        CyclicBarrier start = new CyclicBarrier(WRITERS);
        ExecutorService threads = Executors.newFixedThreadPool(WRITERS);
        try {
            List<Future<?>> all = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                all.add(threads.submit(() -> {
                    start.await();
                    for (int i = 0; i < 10_000; i++) {
                        if (box.reserve(limit) == Mailbox.Reservation.GRANTED) {
                            granted.incrementAndGet();
                            box.commit(new StoredMessage((long) writer * 10_000 + i, "limited", "w", ""));
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : all) {
                f.get(50, TimeUnit.SECONDS);
            }
            assertEquals(limit, granted.get());
            assertEquals(limit, box.size());
        } finally {
            threads.shutdownNow();
        }
    }
}
