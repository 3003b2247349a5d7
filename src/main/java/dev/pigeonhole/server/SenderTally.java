package dev.pigeonhole.server;

/**
 * How many messages each sender has waiting (or reserved) in one {@link Mailbox}: an open-addressing table
 * (linear probing, backward-shift deletion) of sender names and counts, for the sender's share of a queue
 * ({@link FairShares#queueShare}). Every COMPOSE and READ updates it, so it is built for that: no boxing and
 * no allocation per update (a {@code HashMap<String, Integer>} made a node and an {@code Integer} per
 * message and was 5-7% of an event loop's time with 128 held connections, profiled). A sender with no
 * message has no entry.
 *
 * <p>Not thread-safe: its mailbox's lock guards it.
 */
final class SenderTally {
    /** Small mailboxes hold a message or two from a sender or two: 4 slots keep the load at most one half. */
    private static final int INITIAL_CAPACITY = 4;

    private String[] senders = new String[INITIAL_CAPACITY];
    private int[] counts = new int[INITIAL_CAPACITY];
    private int entries;

    /** The count for {@code sender}, 0 if it has none. */
    int get(String sender) {
        int mask = senders.length - 1;
        for (int i = slot(sender, mask); ; i = (i + 1) & mask) {
            String s = senders[i];
            if (s == null) {
                return 0;
            }
            if (s.equals(sender)) {
                return counts[i];
            }
        }
    }

    /**
     * Adds {@code delta} to {@code sender}'s count; an entry that reaches 0 goes. Removing more than was added is
     * a bug of the caller (asserted, on in tests); a count never goes below 0.
     */
    void add(String sender, int delta) {
        int mask = senders.length - 1;
        int i = slot(sender, mask);
        for (; ; i = (i + 1) & mask) {
            String s = senders[i];
            if (s == null) {
                break;
            }
            if (s.equals(sender)) {
                int n = counts[i] + delta;
                assert n >= 0 : "more messages from " + sender + " removed than added";
                if (n <= 0) {
                    remove(i, mask);
                } else {
                    counts[i] = n;
                }
                return;
            }
        }
        assert delta >= 0 : "a message from " + sender + " removed that was never added";
        if (delta <= 0) {
            return;
        }
        senders[i] = sender;
        counts[i] = delta;
        if (++entries * 2 > senders.length) {
            resize(senders.length * 2);
        }
    }

    /** Senders with a count above 0. */
    int size() {
        return entries;
    }

    /** The number of slots: for its mailbox, to drop a table a flood of senders made large once it is empty. */
    int capacity() {
        return senders.length;
    }

    private static int slot(String sender, int mask) {
        int h = sender.hashCode();
        return (h ^ (h >>> 16)) & mask;
    }

    /** Empties slot {@code hole} and moves later entries of its run back, so that every probe still finds them. */
    private void remove(int hole, int mask) {
        entries--;
        int i = hole;
        for (; ; ) {
            i = (i + 1) & mask;
            String s = senders[i];
            if (s == null) {
                break;
            }
            int home = slot(s, mask);
            // The entry at i may fill the hole if its home is not cyclically within (hole, i].
            if (hole <= i ? (home <= hole || home > i) : (home <= hole && home > i)) {
                senders[hole] = s;
                counts[hole] = counts[i];
                hole = i;
            }
        }
        senders[hole] = null;
        counts[hole] = 0;
    }

    private void resize(int capacity) {
        String[] oldSenders = senders;
        int[] oldCounts = counts;
        senders = new String[capacity];
        counts = new int[capacity];
        int mask = capacity - 1;
        for (int j = 0; j < oldSenders.length; j++) {
            String s = oldSenders[j];
            if (s != null) {
                int i = slot(s, mask);
                while (senders[i] != null) {
                    i = (i + 1) & mask;
                }
                senders[i] = s;
                counts[i] = oldCounts[j];
            }
        }
    }
}
