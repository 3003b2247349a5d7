package dev.pigeonhole.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The hand-off from other threads (the journal's writer answering store calls, the accepting loop handing
 * over connections) to an event loop: 8 threads add tasks while a loop selects and drains, as
 * {@link EventLoop} does. Every task runs exactly once, and no wake-up is lost: the loop selects with a
 * timeout far longer than the test, so a lost wake-up would leave tasks unrun.
 */
@Timeout(60)
class WakeupQueueTest {
    private static final int PRODUCERS = 8;
    private static final int PER_PRODUCER = 100_000;

    @Test
    void every_task_added_from_eight_threads_runs_exactly_once_without_a_lost_wakeup() throws Exception {
        int total = PRODUCERS * PER_PRODUCER;
        AtomicIntegerArray runs = new AtomicIntegerArray(total);
        int[] ran = {0}; // the loop thread only
        try (Selector selector = Selector.open()) {
            WakeupQueue queue = new WakeupQueue(selector);
            Thread loop = new Thread(() -> {
                try {
                    while (ran[0] < total) {
                        selector.select(600_000); // only a wake-up ends it in time
                        ran[0] += queue.runAll((task, e) -> {
                            throw e;
                        });
                    }
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            loop.start();
            CyclicBarrier start = new CyclicBarrier(PRODUCERS);
            ExecutorService producers = Executors.newFixedThreadPool(PRODUCERS);
            try {
                List<Future<?>> all = new ArrayList<>();
                for (int p = 0; p < PRODUCERS; p++) {
                    int base = p * PER_PRODUCER;
                    all.add(producers.submit(() -> {
                        start.await();
                        for (int i = 0; i < PER_PRODUCER; i++) {
                            int id = base + i;
                            queue.add(() -> runs.incrementAndGet(id));
                            if (i % 1000 == 0) {
                                // Let the loop catch up and go back to sleep now and then.
                                java.util.concurrent.locks.LockSupport.parkNanos(10_000);
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> f : all) {
                    f.get(50, TimeUnit.SECONDS);
                }
            } finally {
                producers.shutdownNow();
            }
            loop.join(30_000);
            assertTrue(
                    !loop.isAlive(),
                    "the loop did not run every task: a wake-up was lost (" + ran[0] + " of " + total + ")");
        }
        for (int i = 0; i < total; i++) {
            assertEquals(1, runs.get(i), "task " + i);
        }
    }
}
