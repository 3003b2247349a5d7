package dev.pigeonhole.server;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Rate limits events that clients can repeat at will, per kind and key (see {@link ServerLog#repeated}).
 * Within one window of a kind, the first event of each of up to {@link #KEYS_PER_KIND} keys is written in
 * full; later events are counted, and when the window ends one line per key says how many there were
 * ({@code message limit exceeded 52,114 times by #17 127.0.0.1:51234 in the last 10 s}), plus one line for
 * the events of every further key together. A kind's window starts with its first event, so a single
 * event is always written at once.
 *
 * <p>So one kind writes at most {@code 2 * KEYS_PER_KIND + 1} lines per window, whatever the clients do,
 * and the memory held is bounded the same way. Thread-safe: a monitor guards the counts, held only for
 * map work.
 */
final class LogThrottle {
    static final int KEYS_PER_KIND = 8;

    private final long windowNanos;
    private final String windowText;
    /** Guarded by this. Per kind: its window's start and its counts. */
    private final Map<String, Window> windows = new HashMap<>();

    private static final class Window {
        final long start;
        /** Events per key in this window, the first (written in full) included. Insertion order: fair output. */
        final LinkedHashMap<String, long[]> counts = new LinkedHashMap<>();

        long others;

        Window(long start) {
            this.start = start;
        }
    }

    LogThrottle(long windowNanos) {
        this.windowNanos = windowNanos;
        this.windowText =
                ServerLog.format(java.time.Duration.ofNanos(windowNanos)).replaceAll("^(\\d+)(ms|s|m|h)$", "$1 $2");
    }

    /** Counts one event; true if it is to be written in full now. */
    synchronized boolean admit(String kind, String key, long now) {
        Window w = windows.get(kind);
        if (w == null) {
            w = new Window(now);
            windows.put(kind, w);
        }
        long[] n = w.counts.get(key);
        if (n != null) {
            n[0]++;
            return false;
        }
        if (w.counts.size() < KEYS_PER_KIND) {
            w.counts.put(key, new long[] {1});
            return true;
        }
        w.others++;
        return false;
    }

    /** The summary lines of every window that ended by {@code now}; those windows are closed. */
    List<String> due(long now) {
        return due(now, false);
    }

    /** The summary lines of every open window, ended or not (the server is stopping); all are closed. */
    List<String> dueAll(long now) {
        return due(now, true);
    }

    private synchronized List<String> due(long now, boolean all) {
        List<String> lines = new ArrayList<>();
        var it = windows.entrySet().iterator();
        while (it.hasNext()) {
            var e = it.next();
            Window w = e.getValue();
            if (!all && now - w.start < windowNanos) {
                continue;
            }
            it.remove();
            for (var c : w.counts.entrySet()) {
                if (c.getValue()[0] > 1) {
                    String key = c.getKey().isEmpty() ? "" : " " + c.getKey();
                    lines.add(
                            e.getKey() + " " + count(c.getValue()[0]) + " times" + key + " in the last " + windowText);
                }
            }
            if (w.others > 0) {
                lines.add(e.getKey() + " " + count(w.others) + (w.others == 1 ? " time" : " times")
                        + " more, by others than the " + KEYS_PER_KIND + " above, in the last " + windowText
                        + " (not written one by one)");
            }
        }
        return lines;
    }

    /** True if a window is open: {@link #due} will have something to say. */
    synchronized boolean pending() {
        return !windows.isEmpty();
    }

    private static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
