package dev.pigeonhole.server;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The heap the server's mailboxes may hold ({@code --max-memory}) and an estimate of what they hold now.
 * A COMPOSE whose message would take the estimate past the limit is refused ({@code MESSAGE FAILED}), so
 * that no sender can fill the heap: the server degrades by refusing, never by running out of memory.
 *
 * <p>The estimate counts what a message really costs on a 64-bit HotSpot JVM with compressed references
 * (the default below 32 GiB of heap), checked with {@code HeapProbe} (src/bench; 500,000 items, serial
 * collector, heap after a full GC):
 *
 * <ul>
 *   <li>{@link #MESSAGE_BYTES} per message: the {@link StoredMessage} (32 bytes), its text's array header
 *       (16: the text is kept as the bytes that arrived), the sender string's object and array header (40: a
 *       sender's name is shared by the messages of one session, but counted per message since a million
 *       one-message senders share nothing), and its slot in the mailbox's deque (4, and up to as much again
 *       of spare room): 92 to 96. Plus the text's and the sender's characters (one byte each: the protocol
 *       admits only printable ASCII), each rounded up to 8.
 *   <li>{@link #MAILBOX_BYTES} per mailbox: the {@link Mailbox} (40), its lock (16, and 32 for its
 *       synchronizer), its deque (24, and 24 for its first, 2-slot array), the owner's name string (40) and
 *       {@link Name} (24 and 16 for its bytes' header), the map's node (32) and its share of the map's table
 *       (4 to 8): 248 to 252. Plus the name's characters, twice. Empty mailboxes are dropped; the map's table does not shrink, so a name seen
 *       once keeps costing about 8 bytes of table until the number of names with a mailbox grows back.
 *   <li>the store's own index per message ({@link MessageStore#bytesPerMessage}): the journal keeps a
 *       map entry per live message (node 32, boxed id 16, table 8 to 16); measured 64.4.
 * </ul>
 *
 * <p>Thread-safe: a counter updated with compare-and-set.
 */
final class MemoryBudget {
    static final int MESSAGE_BYTES = 96;
    static final int MAILBOX_BYTES = 256;

    private final long limit;
    private final AtomicLong used = new AtomicLong();

    /** {@code limit} 0 means no limit. */
    MemoryBudget(long limit) {
        this.limit = limit;
    }

    /** The heap a message costs in a mailbox, its store index included. */
    static long messageCost(String sender, byte[] text, long storeBytesPerMessage) {
        return MESSAGE_BYTES + aligned(text.length) + aligned(sender.length()) + storeBytesPerMessage;
    }

    /** The heap an empty mailbox costs whose owner's name is {@code nameLength} bytes long. */
    static long mailboxCost(int nameLength) {
        return MAILBOX_BYTES + 2 * aligned(nameLength); // the name as a String and as a Name's bytes
    }

    /** Bytes of characters (one each: printable ASCII, Latin-1 compact strings) rounded up to the 8-byte alignment. */
    private static long aligned(int bytes) {
        return (bytes + 7L) & ~7L;
    }

    /**
     * Charges {@code bytes} if the estimate stays within the limit with {@code spare} more: false (and
     * nothing charged) if it would not.
     */
    boolean tryCharge(long bytes, long spare) {
        while (true) {
            long now = used.get();
            if (limit > 0 && now + bytes + spare > limit) {
                return false;
            }
            if (used.compareAndSet(now, now + bytes)) {
                return true;
            }
        }
    }

    /** Charges {@code bytes} whatever the limit: for what is already in memory (recovery, a message put back). */
    void charge(long bytes) {
        used.addAndGet(bytes);
    }

    void release(long bytes) {
        used.addAndGet(-bytes);
    }

    long used() {
        return used.get();
    }

    /** The limit in bytes, 0 for none. */
    long limit() {
        return limit;
    }

    /** Bytes as an operator reads them: {@code 25.6 MiB}. */
    static String format(long bytes) {
        if (bytes < 1024) {
            return bytes + " bytes";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(java.util.Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
