package dev.pigeonhole.history;

import dev.pigeonhole.client.ConversationMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What one conversation view holds of the files: a window of at most {@link #CAPACITY} messages of one
 * correspondent (or everyone), the cursors just outside it, whether the reader follows the newest message,
 * what arrived below while they did not, the "new" marker and the search match. Pages come from a
 * {@link Timeline}; this decides what to keep, what to ask for next, and which answers are stale (a page
 * asked for before the view jumped elsewhere is dropped, so it can never push the newest messages out).
 * It knows nothing of terminals: the view lays out and draws what it holds.
 *
 * <p>Not thread-safe: the GUI thread owns it.
 */
public final class Conversation {
    /** Messages held at most; the files keep all of them. */
    public static final int CAPACITY = 4 * Timeline.PAGE;

    /** Where pages come from; answers arrive through {@link #show}. */
    public interface Pager {
        void older(String peer, Timeline.Cursor from);

        void newer(String peer, Timeline.Cursor from);

        void latest(String peer);

        void oldest(String peer);

        void around(String peer, Timeline.Item item);
    }

    /** The search match shown: the message, and where the query matched in its (decoded) text. */
    public record Match(Timeline.Item item, String query) {}

    /**
     * What a page or an arrival did: {@code restarted} (the view holds a new set; {@code kind} says where to
     * scroll), else {@code shift} entries were added (positive) or dropped (negative) before the old first
     * one, so that the reader's place can be kept. {@link #NOTHING} when nothing changed.
     */
    public record Change(boolean restarted, Timeline.Page.Kind kind, int shift) {
        public static final Change NOTHING = new Change(false, null, 0);
    }

    private final List<Timeline.Item> items = new ArrayList<>();
    private Pager pager;
    private String peer;
    private boolean loaded;
    private Timeline.Cursor older;
    private Timeline.Cursor newer;
    private boolean atStart;
    private boolean atEnd;
    private boolean askedOlder;
    private boolean askedNewer;
    private boolean follow = true;
    private int unseenBelow;
    /** Incoming messages at or after this archive offset arrived while the view was open; -1: none yet. */
    private long freshFrom = -1;

    private Match match;

    public void pager(Pager pager) {
        this.pager = pager;
    }

    /** The correspondent shown, or null for everyone. */
    public String peer() {
        return peer;
    }

    /** Whether this view shows messages with {@code who}. */
    public boolean shows(String who) {
        return peer == null || peer.equals(who);
    }

    /** Starts over for {@code peer} (null: everyone); the caller asks for a page. */
    public void switchTo(String peer) {
        this.peer = peer;
        items.clear();
        loaded = false;
        older = newer = null; // pages asked for before are stale: none can match these
        askedOlder = askedNewer = false;
        follow = true;
        unseenBelow = 0;
        freshFrom = -1;
        match = null;
    }

    /** Applies a page from the {@link Timeline}; pages for another view, or asked for before a jump, are dropped. */
    public Change show(Timeline.Page page) {
        if (!Objects.equals(page.peer(), peer)) {
            return Change.NOTHING;
        }
        if (page.restarts()) {
            items.clear();
            items.addAll(page.items());
            older = page.older();
            newer = page.newer();
            atStart = page.atStart();
            atEnd = page.atEnd();
            loaded = true;
            follow = page.kind() == Timeline.Page.Kind.LATEST;
            unseenBelow = 0;
            askedOlder = askedNewer = false;
            return new Change(true, page.kind(), 0);
        }
        if (page.kind() == Timeline.Page.Kind.OLDER) {
            if (!loaded || !page.newer().equals(older)) {
                return Change.NOTHING; // asked for before the view jumped: it does not join what is held
            }
            askedOlder = false;
            items.addAll(0, page.items());
            older = page.older();
            atStart = page.atStart();
            // Too many now: let go of the newest, furthest from where the reader is looking.
            int drop = items.size() - CAPACITY;
            if (drop > 0) {
                List<Timeline.Item> dropped = items.subList(items.size() - drop, items.size());
                newer = cursorBefore(dropped, newer);
                dropped.clear();
                atEnd = false;
                follow = false;
            }
            return new Change(false, page.kind(), page.items().size());
        }
        if (!loaded || !page.older().equals(newer)) {
            return Change.NOTHING;
        }
        askedNewer = false;
        items.addAll(page.items());
        newer = page.newer();
        atEnd = page.atEnd();
        return new Change(false, page.kind(), -dropOldest());
    }

    /**
     * Records just found at the end of the files. Shown at once if this view holds the newest messages and
     * either follows them or has room; otherwise counted, and loaded when the reader scrolls down.
     */
    public Change arrived(List<Timeline.Item> arrivals, Timeline.Cursor tail) {
        List<Timeline.Item> mine =
                arrivals.stream().filter(i -> shows(i.message().peer())).toList();
        if (freshFrom < 0) {
            mine.stream().filter(i -> i.message().incoming()).findFirst().ifPresent(i -> freshFrom = i.start());
        }
        if (!loaded || mine.isEmpty()) {
            return Change.NOTHING; // not loaded: the page being read, read after these, will hold them
        }
        if (atEnd && (follow || items.size() + mine.size() <= CAPACITY)) {
            items.addAll(mine);
            newer = tail;
            if (!follow) {
                unseenBelow += mine.size();
            }
            return new Change(false, Timeline.Page.Kind.NEWER, -dropOldest());
        }
        atEnd = false;
        unseenBelow += mine.size();
        return Change.NOTHING;
    }

    /** Drops the oldest beyond capacity; returns how many. */
    private int dropOldest() {
        int drop = items.size() - CAPACITY;
        if (drop <= 0) {
            return 0;
        }
        List<Timeline.Item> dropped = items.subList(0, drop);
        older = cursorAfter(dropped, older);
        dropped.clear();
        atStart = false;
        return drop;
    }

    /** The cursor just after {@code dropped} (the oldest held), per file. */
    private static Timeline.Cursor cursorAfter(List<Timeline.Item> dropped, Timeline.Cursor was) {
        long a = was.archive();
        long s = was.sent();
        for (Timeline.Item e : dropped) {
            if (e.message().incoming()) {
                a = e.end();
            } else {
                s = e.end();
            }
        }
        return new Timeline.Cursor(a, s);
    }

    /** The cursor just before {@code dropped} (the newest held), per file. */
    private static Timeline.Cursor cursorBefore(List<Timeline.Item> dropped, Timeline.Cursor was) {
        long a = was.archive();
        long s = was.sent();
        for (int k = dropped.size() - 1; k >= 0; k--) {
            Timeline.Item e = dropped.get(k);
            if (e.message().incoming()) {
                a = e.start();
            } else {
                s = e.start();
            }
        }
        return new Timeline.Cursor(a, s);
    }

    // ---- what the reader does ---------------------------------------------------------------------

    /**
     * The reader scrolled to the top ({@code top}) or the bottom of what is held: asks for the next page
     * that way, once.
     */
    public void reachedEdge(boolean top, boolean bottom) {
        if (pager == null || !loaded) {
            return;
        }
        if (top && !atStart && !askedOlder) {
            askedOlder = true;
            pager.older(peer, older);
        }
        if (bottom && !atEnd && !askedNewer) {
            askedNewer = true;
            pager.newer(peer, newer);
        }
    }

    /**
     * Ctrl-End: follow the newest message. Returns true if it is held (the view scrolls there now); else the
     * newest page is asked for and the view starts again when it comes.
     */
    public boolean toNewest() {
        if (atEnd || !loaded) {
            follow = true;
            unseenBelow = 0;
            return true;
        }
        switchTo(peer);
        if (pager != null) {
            pager.latest(peer);
        }
        return false;
    }

    /** Ctrl-Home: the oldest message, in one step. Returns true if it is held; else it is asked for. */
    public boolean toOldest() {
        follow = false;
        if (atStart || !loaded) {
            return true;
        }
        String p = peer;
        switchTo(p);
        follow = false;
        if (pager != null) {
            pager.oldest(p);
        }
        return false;
    }

    /**
     * Shows a search match: if held, returns its index; else asks for the page around it and returns -1 (the
     * view starts again there, and {@link #matchIndex} finds it).
     */
    public int reveal(Match m) {
        int at = indexOf(m.item());
        if (at >= 0) {
            match = m;
            follow = false;
            return at;
        }
        switchTo(peer);
        match = m;
        follow = false;
        if (pager != null) {
            pager.around(peer, m.item());
        }
        return -1;
    }

    /** Removes the search match. */
    public void clearMatch() {
        match = null;
    }

    /** The reader scrolled away from the bottom, or back to it ({@code true}). */
    public void follow(boolean follow) {
        this.follow = follow && atEnd;
        if (this.follow) {
            unseenBelow = 0;
        }
    }

    // ---- what the view draws ----------------------------------------------------------------------

    public List<Timeline.Item> items() {
        return java.util.Collections.unmodifiableList(items);
    }

    public int size() {
        return items.size();
    }

    public boolean loaded() {
        return loaded;
    }

    public boolean following() {
        return follow;
    }

    public boolean atStart() {
        return atStart;
    }

    public boolean atEnd() {
        return atEnd;
    }

    public int unseenBelow() {
        return unseenBelow;
    }

    public Match match() {
        return match;
    }

    /** Where the match is among the messages held, or -1. */
    public int matchIndex() {
        return match == null ? -1 : indexOf(match.item());
    }

    /**
     * The index of the message above which the red "new" rule goes, or -1: the first incoming message that
     * arrived while the view was open, wherever paging has put it, and only if it is held (never at the top
     * of a page just because older ones are not loaded).
     */
    public int newMarker() {
        if (freshFrom < 0) {
            return -1;
        }
        for (int i = 0; i < items.size(); i++) {
            Timeline.Item it = items.get(i);
            if (it.message().incoming() && it.start() >= freshFrom) {
                boolean firstHeld = i == 0 && !atStart;
                // At the top of what is held: the rule belongs here only if nothing older is new too.
                return firstHeld && older != null && older.archive() > freshFrom ? -1 : i;
            }
        }
        return -1;
    }

    /** The peer of the newest message held (of an incoming one, if {@code incomingOnly}), or null. */
    public String newestPeer(boolean incomingOnly) {
        for (int k = items.size() - 1; k >= 0; k--) {
            ConversationMessage m = items.get(k).message();
            if (!incomingOnly || m.incoming()) {
                return m.peer();
            }
        }
        return null;
    }

    private int indexOf(Timeline.Item item) {
        for (int i = 0; i < items.size(); i++) {
            Timeline.Item it = items.get(i);
            if (it.start() == item.start()
                    && it.message().direction() == item.message().direction()) {
                return i;
            }
        }
        return -1;
    }
}
