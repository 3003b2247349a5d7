package dev.pigeonhole.history;

import dev.pigeonhole.client.Archive;
import dev.pigeonhole.client.ArchivedMessage;
import dev.pigeonhole.client.ConversationMessage;
import dev.pigeonhole.client.RecordFile;
import dev.pigeonhole.client.SentStore;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * Both sides of every conversation, read from the files rather than from memory: the {@link Archive}
 * (received) and the {@link SentStore} (sent). Whoever wrote a record (this client, another window of the
 * same user, {@code pigeonhole read} from cron), it is shown: the timeline follows the ends of both files.
 * History is read a page at a time in either direction, so a file of any size costs a page of memory.
 *
 * <p>All file work runs on one thread of its own, so neither the first frame nor the connection waits for
 * it; answers go to an {@link Observer} on that thread. Requests are served in order.
 */
public final class Timeline implements AutoCloseable {
    /** Messages per page. */
    public static final int PAGE = 500;
    /** At most this many new records are handed over per look; the next look continues. */
    public static final int ARRIVAL_BATCH = 5_000;

    /** A position in both files: record boundaries. */
    public record Cursor(long archive, long sent) {}

    /** A message and where it lies in its file (the archive for IN, the sent store for OUT). */
    public record Item(ConversationMessage message, long start, long end) {}

    /**
     * A page for the view showing {@code peer} (null: everyone), oldest first. {@code older}/{@code newer}
     * are the cursors just outside it; {@code atStart}/{@code atEnd}: nothing further that way.
     */
    public record Page(
            String peer, Kind kind, List<Item> items, Cursor older, Cursor newer, boolean atStart, boolean atEnd) {
        public enum Kind {
            /** The newest messages: the view starts again from the end. */
            LATEST,
            /** The oldest messages: the view starts again from the start (Ctrl-Home). */
            OLDEST,
            /** The messages around one (a search match): the view starts again there. */
            AROUND,
            OLDER,
            NEWER
        }

        /** True for a page that replaces what the view holds rather than extending it. */
        public boolean restarts() {
            return kind == Kind.LATEST || kind == Kind.OLDEST || kind == Kind.AROUND;
        }
    }

    /** Called on the timeline's thread. */
    public interface Observer {
        void page(Page page);

        /** Records appended to either file since the last look, oldest first; {@code tail} is the new end. */
        void arrived(List<Item> items, Cursor tail);

        /** Everyone in the files before the timeline started, with their latest message's time. */
        void correspondents(Map<String, Instant> latest);

        /** A file shrank or was replaced: every page so far is stale. */
        void reset();

        void failed(String problem);
    }

    private final RecordFile archive;
    private final RecordFile sent;
    private final Observer observer;
    private final ExecutorService thread;
    // Owned by the timeline thread.
    private Cursor tail;

    public Timeline(Archive archive, SentStore sent, Observer observer) {
        this.archive = new RecordFile(archive.file());
        this.sent = new RecordFile(sent.file());
        this.observer = observer;
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "pigeonhole-timeline");
            t.setDaemon(true);
            return t;
        });
    }

    /** Shows the newest page of everyone's messages, then learns the correspondents. */
    public Timeline start() {
        submit(() -> {
            tail = new Cursor(archive.end(), sent.end());
            observer.page(olderPage(null, tail, Page.Kind.LATEST, PAGE));
            scanCorrespondents(tail);
        });
        return this;
    }

    /** The newest page of {@code peer}'s conversation (null: everyone). */
    public void latest(String peer) {
        submit(() -> observer.page(olderPage(peer, tail, Page.Kind.LATEST, PAGE)));
    }

    public void older(String peer, Cursor from) {
        submit(() -> observer.page(olderPage(peer, from, Page.Kind.OLDER, PAGE)));
    }

    public void newer(String peer, Cursor from) {
        submit(() -> observer.page(newerPage(peer, from, Page.Kind.NEWER, PAGE)));
    }

    /** The oldest page of {@code peer}'s conversation (null: everyone), in one step however long the files. */
    public void oldest(String peer) {
        submit(() -> observer.page(newerPage(peer, new Cursor(0, 0), Page.Kind.OLDEST, PAGE)));
    }

    /**
     * A page of {@code peer}'s conversation with {@code item} in its middle: half a page up to and including
     * it, half a page after it. The other file is entered where its records pass the item's time (a
     * bisection, so a jump costs a few reads however far back the item lies).
     */
    public void around(String peer, Item item) {
        submit(() -> {
            Cursor at = item.message().incoming()
                    // On a tie the sent message counts as older (as paging has it).
                    ? new Cursor(item.end(), sent.firstAfter(item.message().at()))
                    : new Cursor(archive.firstAfter(item.message().at().minusNanos(1)), item.end());
            Page before = olderPage(peer, at, Page.Kind.AROUND, PAGE / 2);
            Page after = newerPage(peer, at, Page.Kind.AROUND, PAGE / 2);
            List<Item> items = new ArrayList<>(before.items());
            items.addAll(after.items());
            observer.page(new Page(
                    peer, Page.Kind.AROUND, items, before.older(), after.newer(), before.atStart(), after.atEnd()));
        });
    }

    /**
     * Runs {@code search} one step on this thread (it reads the files) and hands the result to {@code done}
     * there; {@link HistorySearch#older} when {@code older}, else {@link HistorySearch#newer}.
     */
    public void search(HistorySearch search, boolean older, Consumer<Optional<HistorySearch.Hit>> done) {
        submit(() -> {
            try {
                done.accept(older ? search.older() : search.newer());
            } catch (HistorySearch.Cancelled replaced) {
                // a newer query is on its way
            }
        });
    }

    /**
     * A new search for {@code query} (not empty) in {@code peer}'s conversation (null: everyone's), from the
     * newest record of both files back; run its steps with {@link #search}.
     */
    public HistorySearch newSearch(String peer, String query, UnaryOperator<String> decode) {
        return new HistorySearch(archive, Long.MAX_VALUE, sent, Long.MAX_VALUE, peer, query, decode);
    }

    /** Checks both files for new records now. */
    public void look() {
        submit(this::follow);
    }

    /** Runs {@code work} on the timeline thread (e.g. saving drafts, so that the GUI never waits for a disk). */
    public void run(IoTask work) {
        submit(work);
    }

    /** A piece of file work. */
    public interface IoTask {
        void run() throws IOException;
    }

    @Override
    public void close() {
        thread.shutdown();
        try {
            thread.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void submit(IoTask task) {
        try {
            thread.execute(() -> {
                try {
                    task.run();
                } catch (IOException | RuntimeException e) {
                    observer.failed("Could not read " + archive.file().getFileName() + " or "
                            + sent.file().getFileName() + ": " + e.getMessage());
                }
            });
        } catch (RejectedExecutionException closed) {
            // shutting down: nothing left to show
        }
    }

    private static Predicate<ArchivedMessage> about(String peer) {
        return peer == null ? m -> true : m -> m.peer().equals(peer);
    }

    private Page olderPage(String peer, Cursor from, Page.Kind kind, int size) throws IOException {
        RecordFile.Page a = archive.before(from.archive(), size, about(peer));
        RecordFile.Page s = sent.before(from.sent(), size, about(peer));
        // Take the newest PAGE of both, walking back from the newest end: each file gives a suffix.
        List<Item> newestFirst = new ArrayList<>();
        int i = a.records().size() - 1;
        int j = s.records().size() - 1;
        while (newestFirst.size() < size && (i >= 0 || j >= 0)) {
            boolean takeA = j < 0
                    || (i >= 0
                            && !a.records()
                                    .get(i)
                                    .record()
                                    .at()
                                    .isBefore(s.records().get(j).record().at()));
            newestFirst.add(takeA ? in(a.records().get(i--)) : out(s.records().get(j--)));
        }
        long olderA = olderCursor(a, i, from.archive());
        long olderS = olderCursor(s, j, from.sent());
        List<Item> items = new ArrayList<>(newestFirst.size());
        for (int k = newestFirst.size() - 1; k >= 0; k--) {
            items.add(newestFirst.get(k));
        }
        Cursor older = new Cursor(olderA, olderS);
        boolean atEnd = kind == Page.Kind.LATEST;
        return new Page(peer, kind, items, older, from, olderA == 0 && olderS == 0, atEnd);
    }

    private Page newerPage(String peer, Cursor from, Page.Kind kind, int size) throws IOException {
        RecordFile.Page a = archive.after(from.archive(), tail.archive(), size, about(peer));
        RecordFile.Page s = sent.after(from.sent(), tail.sent(), size, about(peer));
        List<Item> items = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (items.size() < size && (i < a.records().size() || j < s.records().size())) {
            // On a tie the sent one is older, as olderPage has it: paging either way gives one order.
            boolean takeA = j >= s.records().size()
                    || (i < a.records().size()
                            && a.records()
                                    .get(i)
                                    .record()
                                    .at()
                                    .isBefore(s.records().get(j).record().at()));
            items.add(takeA ? in(a.records().get(i++)) : out(s.records().get(j++)));
        }
        long newerA = newerCursor(a, i, from.archive());
        long newerS = newerCursor(s, j, from.sent());
        Cursor newer = new Cursor(newerA, newerS);
        boolean atStart = kind == Page.Kind.OLDEST;
        return new Page(peer, kind, items, from, newer, atStart, newer.equals(tail));
    }

    private void follow() throws IOException {
        if (tail == null) {
            return; // start() has not run yet; it will read up to the end
        }
        long endA = archive.end();
        long endS = sent.end();
        if (endA < tail.archive() || endS < tail.sent()) {
            tail = new Cursor(endA, endS);
            observer.reset();
            return;
        }
        if (endA == tail.archive() && endS == tail.sent()) {
            return;
        }
        RecordFile.Page a = archive.after(tail.archive(), endA, ARRIVAL_BATCH, m -> true);
        RecordFile.Page s = sent.after(tail.sent(), endS, ARRIVAL_BATCH, m -> true);
        List<Item> items = new ArrayList<>(a.records().size() + s.records().size());
        a.records().forEach(r -> items.add(in(r)));
        s.records().forEach(r -> items.add(out(r)));
        items.sort((x, y) -> x.message().at().compareTo(y.message().at()));
        tail = new Cursor(a.reached(), s.reached());
        observer.arrived(items, tail);
        if (a.reached() < endA || s.reached() < endS) {
            submit(this::follow); // more than one batch: carry on after whatever else is queued
        }
    }

    private void scanCorrespondents(Cursor upTo) throws IOException {
        Map<String, Instant> latest = new HashMap<>();
        for (RecordFile file : List.of(archive, sent)) {
            long at = 0;
            long limit = file == archive ? upTo.archive() : upTo.sent();
            while (at < limit) {
                RecordFile.Page p = file.after(at, limit, 10_000, m -> true);
                for (RecordFile.Located r : p.records()) {
                    latest.merge(r.record().peer(), r.record().at(), (x, y) -> x.isAfter(y) ? x : y);
                }
                if (p.reached() == at) {
                    break;
                }
                at = p.reached();
            }
        }
        observer.correspondents(latest);
    }

    /** Where the next older page starts, given that records after index {@code untaken} were taken. */
    private static long olderCursor(RecordFile.Page p, int untaken, long from) {
        if (untaken < 0) {
            return p.reached(); // all taken: carry on from where the read got to
        }
        return untaken == p.records().size() - 1
                ? from
                : p.records().get(untaken + 1).start();
    }

    /** Where the next newer page starts, given that the first {@code taken} records were taken. */
    private static long newerCursor(RecordFile.Page p, int taken, long from) {
        if (taken == p.records().size()) {
            return p.reached();
        }
        return taken == 0 ? from : p.records().get(taken - 1).end();
    }

    private static Item in(RecordFile.Located r) {
        return new Item(ConversationMessage.received(r.record()), r.start(), r.end());
    }

    private static Item out(RecordFile.Located r) {
        return new Item(ConversationMessage.sent(r.record()), r.start(), r.end());
    }
}
