package dev.pigeonhole.compose;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongPredicate;

/**
 * Messages the server has not confirmed, on disk beside the archive ({@code bob.log} -> {@code bob.outbox}),
 * shared by every client of the user, so that nothing handed to "send" is lost: not by a broken connection,
 * not by being offline, not by a crash or a restart of the client.
 *
 * <p>Each message goes in before it is sent and leaves only when the server answered {@code MESSAGE SENT}
 * (it is then in the sent store) or the user decides (taken back to edit, or recorded as sent because they
 * know it arrived). Until then it is {@link State#PENDING} (to be sent when connected), {@link State#SENDING}
 * (one client has claimed it and is sending), {@link State#UNCONFIRMED} (the connection broke after it went
 * out: the server may or may not have it, so it is never sent again without the user) or {@link State#FAILED}
 * (the server refused it, or the name is invalid). A claim is made under the file's lock, so two clients
 * never send the same message; a claim whose process is gone (a crash in mid-send) turns
 * {@link State#UNCONFIRMED}, never back to pending.
 *
 * <p>Every change is a read-modify-write of the whole file under a lock, forced to disk before it returns
 * ({@link PrivateFile}); 0600. Format: {@code pigeonhole-outbox 1}, then one line per message, oldest first:
 * {@code <id> <millis> <state> <pid> <recipient> <text> <reason>}, fields escaped as in the drafts file.
 * Thread-safe; every method does file I/O, so call it off the GUI thread.
 */
public final class Outbox {
    /** Where a message stands. */
    public enum State {
        PENDING,
        SENDING,
        UNCONFIRMED,
        FAILED
    }

    /**
     * One message.
     *
     * @param id     unique within the file
     * @param at     when it was first handed to send
     * @param owner  for {@link State#SENDING}: the process sending it; for {@link State#PENDING}: the process
     *               that put it in line, which sends it (another one only once that process is gone, so that
     *               each window sends, and hears the answer to, its own messages); else 0
     * @param reason for {@link State#UNCONFIRMED} and {@link State#FAILED}: why, in words (else "")
     */
    public record Entry(long id, Instant at, State state, long owner, String recipient, String text, String reason) {
        Entry with(State s, long newOwner, String why) {
            return new Entry(id, at, s, newOwner, recipient, text, why);
        }

        /** True for a message that waits for the user: it will not be sent again by itself. */
        public boolean needsYou() {
            return state == State.UNCONFIRMED || state == State.FAILED;
        }
    }

    static final String HEADER = "pigeonhole-outbox 1";

    private final PrivateFile file;
    private final long pid;
    private final LongPredicate alive;

    public Outbox(Path file) {
        this(
                file,
                ProcessHandle.current().pid(),
                p -> ProcessHandle.of(p).map(ProcessHandle::isAlive).orElse(false));
    }

    /** With this process's id and a test of whether a process lives given (tests). */
    Outbox(Path file, long pid, LongPredicate alive) {
        this.file = new PrivateFile(file);
        this.pid = pid;
        this.alive = alive;
    }

    /** The outbox for an archive: {@code bob.log} -> {@code bob.outbox}. */
    public static Path beside(Path archive) {
        return PrivateFile.beside(archive, ".outbox");
    }

    public Path file() {
        return file.path();
    }

    /** Every message, oldest first. */
    public List<Entry> entries() throws IOException {
        return parse(file.read());
    }

    /**
     * Puts a message in: {@link State#SENDING}, claimed by this process, when {@code sendNow} (the caller sends
     * it at once), else {@link State#PENDING}.
     */
    public Entry add(String recipient, String text, Instant at, boolean sendNow) throws IOException {
        return change(all -> {
            long id;
            do {
                id = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
            } while (find(all, id) >= 0);
            Entry e = new Entry(id, at, sendNow ? State.SENDING : State.PENDING, pid, recipient, text, "");
            all.add(e);
            return e;
        });
    }

    /**
     * Claims the oldest {@link State#PENDING} message for this process ({@link State#SENDING}), if there is
     * one: one this process put in line, or one whose process is gone (a client that quit or crashed while
     * offline). A message another live client put in line is left to it. On the way, a message claimed by a
     * process that is gone turns {@link State#UNCONFIRMED}.
     */
    public Optional<Entry> claimNext() throws IOException {
        return change(all -> {
            Optional<Entry> got = Optional.empty();
            for (int i = 0; i < all.size(); i++) {
                Entry e = all.get(i);
                if (e.state() == State.SENDING && e.owner() != pid && !alive.test(e.owner())) {
                    all.set(
                            i,
                            e.with(State.UNCONFIRMED, 0, "the client sending it stopped before the server answered"));
                } else if (e.state() == State.PENDING
                        && got.isEmpty()
                        && (e.owner() == 0 || e.owner() == pid || !alive.test(e.owner()))) {
                    Entry claimed = e.with(State.SENDING, pid, "");
                    all.set(i, claimed);
                    got = Optional.of(claimed);
                }
            }
            return got;
        });
    }

    /** Marks message {@code id} {@link State#UNCONFIRMED} or {@link State#FAILED} with {@code reason}. */
    public void settle(long id, State state, String reason) throws IOException {
        change(all -> {
            int i = find(all, id);
            if (i >= 0) {
                all.set(i, all.get(i).with(state, 0, reason));
            }
            return null;
        });
    }

    /**
     * Puts an unconfirmed or failed message back in line to be sent (the user asked: Ctrl-O). Returns false if
     * it is not there, or not waiting for the user (e.g. another client is sending it).
     */
    public boolean retry(long id) throws IOException {
        return change(all -> {
            int i = find(all, id);
            if (i < 0 || !all.get(i).needsYou()) {
                return false;
            }
            all.set(i, all.get(i).with(State.PENDING, pid, "")); // this window asked: it sends it
            return true;
        });
    }

    /**
     * Takes message {@code id} out: it was sent (the server said so, or the user knows), or the user takes it
     * back to edit. A message another process is sending stays (returns empty).
     */
    public Optional<Entry> remove(long id) throws IOException {
        return change(all -> {
            int i = find(all, id);
            Entry e = i < 0 ? null : all.get(i);
            if (e == null || (e.state() == State.SENDING && e.owner() != pid)) {
                return Optional.empty();
            }
            all.remove(i);
            return Optional.of(e);
        });
    }

    /** What the keys act on in a view of {@code peer} (null: everyone): the oldest message waiting for the user. */
    public static Optional<Entry> waitingForYou(List<Entry> entries, String peer) {
        return entries.stream()
                .filter(e -> e.needsYou() && (peer == null || peer.equals(e.recipient())))
                .findFirst();
    }

    /** What Ctrl-X acts on: the oldest message waiting for the user, or else the oldest still pending. */
    public static Optional<Entry> toSettle(List<Entry> entries, String peer) {
        Optional<Entry> e = waitingForYou(entries, peer);
        return e.isPresent()
                ? e
                : entries.stream()
                        .filter(x -> x.state() == State.PENDING && (peer == null || peer.equals(x.recipient())))
                        .findFirst();
    }

    private interface Step<T> {
        T apply(List<Entry> all);
    }

    private <T> T change(Step<T> step) throws IOException {
        return file.change(text -> {
            List<Entry> all = parse(text);
            String before = format(all);
            T result = step.apply(all);
            String after = format(all);
            return new PrivateFile.Written<>(after.equals(before) ? null : after, result);
        });
    }

    private static int find(List<Entry> all, long id) {
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).id() == id) {
                return i;
            }
        }
        return -1;
    }

    static String format(List<Entry> all) {
        StringBuilder b = new StringBuilder(HEADER).append('\n');
        for (Entry e : all) {
            b.append(e.id())
                    .append(' ')
                    .append(e.at().toEpochMilli())
                    .append(' ')
                    .append(e.state().name())
                    .append(' ')
                    .append(e.owner())
                    .append(' ')
                    .append(PrivateFile.escape(e.recipient()))
                    .append(' ')
                    .append(PrivateFile.escape(e.text()))
                    .append(' ')
                    .append(PrivateFile.escape(e.reason()))
                    .append('\n');
        }
        return b.toString();
    }

    /** Lines it cannot make sense of are skipped, never fatal: the rest of the file is still good. */
    static List<Entry> parse(String text) {
        List<Entry> out = new ArrayList<>();
        if (text == null) {
            return out;
        }
        String[] lines = text.split("\n", -1);
        for (int i = 1; i < lines.length; i++) {
            String[] f = lines[i].split(" ", -1);
            if (f.length != 7) {
                continue;
            }
            try {
                out.add(new Entry(
                        Long.parseLong(f[0]),
                        Instant.ofEpochMilli(Long.parseLong(f[1])),
                        State.valueOf(f[2]),
                        Long.parseLong(f[3]),
                        PrivateFile.unescape(f[4]),
                        PrivateFile.unescape(f[5]),
                        PrivateFile.unescape(f[6])));
            } catch (IllegalArgumentException damaged) {
                // NumberFormatException included: skip the line
            }
        }
        return out;
    }
}
