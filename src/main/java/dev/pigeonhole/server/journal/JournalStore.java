package dev.pigeonhole.server.journal;

import dev.pigeonhole.server.MessageStore;
import dev.pigeonhole.server.StoredMessage;
import dev.pigeonhole.system.IoReason;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;

/**
 * A {@link MessageStore} that keeps messages in a write-ahead journal in a data directory
 * (format: src/docs/journal.md).
 *
 * <p>Files: the data directory is created 0700 and every file in it is 0600, whatever the umask; a
 * directory found wider is reported in one log line and left as it is (see {@code PrivateFiles}).
 *
 * <p>Life cycle: {@link #open} locks the directory (a second store on it fails with a clear message);
 * {@link #recover} replays the journal, hands back the stored messages in id order and starts the
 * writer; then {@link #stored} and {@link #removed} may be called from any number of threads, and return at
 * once: the writer's thread answers each through its {@link MessageStore.Completion};
 * {@link #close} writes what is queued and releases the lock.
 *
 * <p>Durability: {@code stored} is answered when its record is as durable as {@link FsyncPolicy} says;
 * {@code removed} once its record is written to the kernel (safe from a killed process) without
 * waiting for a force, since losing a removal can only deliver a message again, never lose one.
 *
 * <p>Failures: {@code stored} is answered with the failure when its record could not be written (the server
 * answers {@code MESSAGE FAILED}), and nothing of it remains on disk. {@code removed} is answered with the
 * failure when its record could not be written, but the removal is not lost: it is written again, ahead of everything else,
 * as soon as the disk accepts writes. Until then a restart would bring that message back (it is
 * delivered again, never lost). The first failure of an incident is logged with its cause; later
 * ones are counted until a write succeeds again.
 */
public final class JournalStore implements MessageStore {
    private final JournalConfig config;
    private final DirectoryLock lock;
    private final Object lifecycle = new Object(); // guards writer and closed
    private JournalWriter writer;
    private boolean closed;
    private volatile long highestId;

    private JournalStore(JournalConfig config, DirectoryLock lock) {
        this.config = config;
        this.lock = lock;
    }

    /**
     * Creates the data directory if needed and locks it.
     *
     * @throws IOException if another server (or another store in this process) holds the directory, or it
     *                     cannot be created
     */
    public static JournalStore open(JournalConfig config) throws IOException {
        DirectoryLock lock = DirectoryLock.acquire(config.directory());
        try {
            // Files written by an older version, or copied in, may be wider: they hold messages all the same.
            int tightened = PrivateFiles.tightenFiles(config.directory());
            PrivateFiles.report(config.directory(), lock.widerMode, tightened, config.log());
        } catch (IOException | RuntimeException e) {
            lock.close();
            throw new IOException("cannot make the files in " + config.directory() + " private: " + e, e);
        }
        return new JournalStore(config, lock);
    }

    /** Opens {@code directory} with {@code fsync}, 64 MiB segments and group commit. */
    public static JournalStore open(Path directory, FsyncPolicy fsync) throws IOException {
        return open(JournalConfig.in(directory).withFsync(fsync));
    }

    public Path directory() {
        return config.directory();
    }

    /**
     * Replays the journal and hands every stored message to {@code sink}, in id order (which is, for each
     * recipient, the order they are read in). Torn tails are truncated; any other damage throws a
     * {@link CorruptJournalException} naming the file and offset, and changes nothing.
     *
     * @throws IllegalStateException if called twice, or after {@link #close}
     */
    @Override
    public void recover(Consumer<StoredMessage> sink) throws IOException {
        synchronized (lifecycle) {
            if (closed || writer != null) {
                throw new IllegalStateException(closed ? "journal closed" : "journal already recovered");
            }
        }
        Recovery.State state = Recovery.replay(config);
        highestId = state.highestId();
        List<StoredMessage> messages = state.messages();
        messages.forEach(sink);
        messages.clear();
        JournalWriter started = new JournalWriter(config, state);
        synchronized (lifecycle) {
            writer = started;
        }
    }

    /**
     * The highest id of any record in the journal, removed messages included. Compaction tells records
     * apart by id, so an id must never be reused while a record with it is on disk.
     */
    @Override
    public long highestId() {
        return highestId;
    }

    /**
     * The writer's index keeps one {@code HashMap} entry per live message: its node (32 bytes), the boxed
     * id (16) and its share of the table (8 to 16); measured with {@code HeapProbe} (src/bench): 64.4 bytes.
     */
    @Override
    public long bytesPerMessage() {
        return 64;
    }

    /** Hands the record to the writer and returns at once; {@code done} is told on the writer's thread. */
    @Override
    public void stored(StoredMessage message, Completion done) {
        submit(storing(message), "storing message " + message.id(), done, null);
    }

    /** Hands the removal to the writer and returns at once; {@code done} is told once it is written. */
    @Override
    public void removed(StoredMessage message, Completion done) {
        submit(removing(message), removingWhat(message), done, null);
    }

    /**
     * A round that holds its records until {@code flush} and then queues them for the writer in one step: the
     * writer wakes once per round and writes (and forces) the round's records together, instead of waking at
     * the first record and forcing a batch of one while the loop is still reading the rest.
     */
    @Override
    public Round round() {
        return new Round() {
            private final List<JournalWriter.Job> held = new ArrayList<>(); // the loop's own: no lock
            private Thread loop; // the thread of the first call: every later one must be the same (asserted)

            @Override
            public void stored(StoredMessage message, Completion done) {
                assert confined();
                submit(storing(message), "storing message " + message.id(), done, held);
            }

            @Override
            public void removed(StoredMessage message, Completion done) {
                assert confined();
                submit(removing(message), removingWhat(message), done, held);
            }

            private boolean confined() {
                if (loop == null) {
                    loop = Thread.currentThread();
                }
                return loop == Thread.currentThread();
            }

            @Override
            public void flush() {
                assert confined();
                if (held.isEmpty()) {
                    return;
                }
                try {
                    writer().submitAll(held);
                } catch (IOException | RuntimeException e) { // closed since the calls: they fail, told as usual
                    for (JournalWriter.Job job : held) {
                        job.done().completeExceptionally(e);
                    }
                }
                held.clear();
            }
        };
    }

    private static JournalWriter.Append storing(StoredMessage message) {
        return new JournalWriter.Append(
                message.id(), JournalFormat.stored(message), false, 0, new CompletableFuture<>());
    }

    private static JournalWriter.Append removing(StoredMessage message) {
        return new JournalWriter.Append(
                message.id(),
                JournalFormat.removed(message.id()),
                true,
                JournalFormat.storedLength(message),
                new CompletableFuture<>());
    }

    private static String removingWhat(StoredMessage message) {
        return "recording the removal of message " + message.id() + " (retried when the disk recovers)";
    }

    /**
     * Queues {@code job} for the writer now, or holds it in {@code held} (a round's) until that round's flush;
     * {@code done} is told the outcome, {@code what} names the work in a failure's message. A store that is
     * closed (or not recovered yet) tells {@code done} at once.
     */
    // The future whenComplete returns is dropped on purpose: the callback reports every outcome to done, and it
    // catches nothing, so nothing can be lost in that future.
    @SuppressWarnings("FutureReturnValueIgnored")
    private void submit(JournalWriter.Append job, String what, Completion done, List<JournalWriter.Job> held) {
        JournalWriter w;
        try {
            w = writer();
        } catch (IOException | RuntimeException e) {
            done.completed(e);
            return;
        }
        job.done().whenComplete((ok, e) -> {
            if (e == null) {
                done.completed(null);
            } else {
                Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                done.completed(new IOException(what + " failed: " + IoReason.of(cause), cause));
            }
        });
        if (held == null) {
            w.submit(job);
        } else {
            held.add(job);
        }
    }

    private JournalWriter writer() throws IOException {
        synchronized (lifecycle) {
            if (closed) {
                throw new IOException("the journal is closed");
            }
            if (writer == null) {
                throw new IllegalStateException("recover() must be called first");
            }
            return writer;
        }
    }

    /** Writes what is queued, forces it, stops the writer and releases the directory. Idempotent. */
    @Override
    public void close() throws IOException {
        JournalWriter running;
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            closed = true;
            running = writer;
        }
        try {
            if (running != null) {
                running.close();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while closing the journal");
        } finally {
            lock.close();
        }
    }

    @Override
    public String toString() {
        return "journal in " + config.directory() + " (fsync " + config.fsync() + ")";
    }
}
