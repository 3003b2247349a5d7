package dev.pigeonhole.server;

import java.nio.channels.Selector;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Tasks that any thread hands to one event loop: {@link #add} queues a task and wakes the loop's selector,
 * at most once per batch; the loop calls {@link #runAll} after each select. A task added at any time is run
 * exactly once, by the loop, and never waits for a select timeout to pass.
 */
final class WakeupQueue {
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    /** True from a wake-up until the loop drains: later adds skip the (costly) selector wake-up. */
    private final AtomicBoolean wakeupPending = new AtomicBoolean();

    private final Selector selector;

    WakeupQueue(Selector selector) {
        this.selector = selector;
    }

    /** Any thread: queues {@code task} for the loop and makes sure the loop runs it soon. */
    void add(Runnable task) {
        tasks.add(task);
        wakeup();
    }

    /** Any thread: ends the loop's current or next select, once per batch. */
    void wakeup() {
        // Set after the task is queued: a loop that clears the flag drains afterwards and finds the task.
        if (wakeupPending.compareAndSet(false, true)) {
            selector.wakeup();
        }
    }

    /**
     * The loop, after each select: runs every task queued so far. Returns the number run. A task that throws
     * is passed to {@code failed} and the rest still run.
     */
    int runAll(java.util.function.BiConsumer<Runnable, RuntimeException> failed) {
        wakeupPending.set(false);
        int n = 0;
        Runnable task;
        while ((task = tasks.poll()) != null) {
            n++;
            try {
                task.run();
            } catch (RuntimeException e) {
                failed.accept(task, e);
            }
        }
        return n;
    }
}
