package dev.pigeonhole.server;

import java.util.HashMap;

/**
 * Measures what mailboxes and messages really cost on this JVM, against the {@link MemoryBudget}'s
 * estimate: run it with a fixed heap and the serial collector, so that "heap used after a full GC" is exact
 * enough. The argument is the text's length (default 20):
 *
 * <pre>
 * mvn -B -q -Pjmh -DskipTests test-compile
 * java -Xmx2g -XX:+UseSerialGC -cp target/test-classes:target/classes dev.pigeonhole.server.HeapProbe 20
 * </pre>
 *
 * Prints, per case, the measured bytes per item and the budget's estimate.
 */
public final class HeapProbe {
    private static final int N = 500_000;

    private HeapProbe() {}

    public static void main(String[] args) {
        char[] text =
                "x".repeat(args.length > 0 ? Integer.parseInt(args[0]) : 20).toCharArray();
        // Every string a COMPOSE brings is made afresh, as the parser makes it; the recipients' names are also
        // kept here (for the reads below), so one copy of each is not counted.
        String[] names = new String[N];
        for (int i = 0; i < N; i++) {
            names[i] = String.format("user%07d", i);
        }
        long base = used();
        Mailboxes one = new Mailboxes(0, 0, 0, event -> {});
        for (int i = 0; i < N; i++) {
            Deliveries.deliver(one, String.format("from%07d", i), "bob", new String(text));
        }
        long measured = used() - base;
        report("message in one mailbox (distinct senders)", measured, one.memoryUsed());
        one = null;

        base = used();
        Mailboxes many = new Mailboxes(0, 0, 0, event -> {});
        for (int i = 0; i < N; i++) {
            // The recipient as parsed from each COMPOSE: a fresh string the mailbox keeps.
            Deliveries.deliver(many, "alice", new String(names[i].toCharArray()), new String(text));
        }
        measured = used() - base;
        report("mailbox holding one message (one sender)", measured, many.memoryUsed());
        for (int i = 0; i < N; i++) {
            many.confirm(Deliveries.take(many, names[i]));
        }
        measured = used() - base;
        System.out.printf(
                "after reading every one: %d mailboxes left, %d bytes of heap above the start, estimate %d%n",
                many.mailboxCount(), measured, many.memoryUsed());
        many = null;

        base = used();
        HashMap<Long, Object> index = new HashMap<>();
        Object segment = new Object();
        for (long i = 1_000_000; i < 1_000_000 + N; i++) {
            index.put(i, segment);
        }
        measured = used() - base;
        report("journal index entry", measured, 64L * N);
        System.out.println(index.size() + names.length);
    }

    private static void report(String what, long measured, long estimate) {
        System.out.printf(
                "%-45s measured %6.1f bytes each, estimate %6.1f (%d items)%n",
                what, (double) measured / N, (double) estimate / N, N);
    }

    private static long used() {
        Runtime r = Runtime.getRuntime();
        for (int i = 0; i < 4; i++) {
            System.gc();
        }
        return r.totalMemory() - r.freeMemory();
    }
}
