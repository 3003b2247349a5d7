package dev.pigeonhole.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The senders' byte ledger of {@link FairShares} under many threads charging and releasing the same
 * senders at once (G2: every accepted message is accounted for once): no sender's bytes ever pass its
 * share, and once every charge has been given back every sender is at 0. A lost or doubled update (a
 * fast path racing the locked one, or a counter reused after its entry left the map) leaves a sender
 * above or below 0 at the end.
 */
@Timeout(60)
class FairSharesStressTest {
    private static final int THREADS = 8;
    private static final int ROUNDS = 1_000_000;
    /** Two senders, so that counters keep falling to 0 (their entries leaving the map) and coming back. */
    private static final String[] SENDERS = {"alice", "bob"};

    @Test
    void concurrent_charges_and_releases_balance_to_zero_and_never_pass_the_share_G2() throws Exception {
        // Share: 200 bytes (--max-memory 2,000 over 10 colluders); messages of 1-50 bytes, up to 9 held per thread.
        FairShares shares = new FairShares(0, 2_000);
        long share = shares.memoryShare();
        AtomicLong overShare = new AtomicLong();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<Long>> refusals = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                long seed = t;
                refusals.add(pool.submit(() -> {
                    SplittableRandom random = new SplittableRandom(seed);
                    List<long[]> held = new ArrayList<>(); // sender index, bytes
                    long refused = 0;
                    start.await();
                    for (int i = 0; i < ROUNDS; i++) {
                        if (!held.isEmpty() && (held.size() > 8 || random.nextInt(4) > 0)) {
                            long[] h = held.remove(random.nextInt(held.size()));
                            shares.release(SENDERS[(int) h[0]], h[1]);
                        } else {
                            int s = random.nextInt(SENDERS.length);
                            long bytes = 1L + random.nextInt(50);
                            if (shares.tryCharge(SENDERS[s], bytes)) {
                                held.add(new long[] {s, bytes});
                            } else {
                                refused++;
                            }
                        }
                        if (shares.bytes(SENDERS[random.nextInt(SENDERS.length)]) > share) {
                            overShare.incrementAndGet();
                        }
                    }
                    for (long[] h : held) {
                        shares.release(SENDERS[(int) h[0]], h[1]);
                    }
                    return refused;
                }));
            }
            start.countDown();
            long refused = 0;
            for (Future<Long> f : refusals) {
                refused += f.get();
            }
            assertTrue(refused > 0, "the share was reached, so the check at its edge ran");
        } finally {
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
        }
        assertEquals(0, overShare.get(), "a sender's bytes passed its share");
        for (String sender : SENDERS) {
            assertEquals(0, shares.bytes(sender), sender + "'s bytes after every charge was released");
        }
    }
}
