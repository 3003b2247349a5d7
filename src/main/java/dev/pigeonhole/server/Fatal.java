package dev.pigeonhole.server;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * The one way a server process ends after something it cannot survive: an {@link OutOfMemoryError}, or a
 * server thread (an event loop, a worker, the journal writer, the log writer) dying of an unexpected
 * exception or error. A server in that state might hang holding its data directory's lock, so it stops at
 * once: one line on standard error, then {@link Runtime#halt} with a documented code, and the service
 * manager restarts it. Nothing acknowledged is lost: every {@code MESSAGE SENT} is in the journal.
 *
 * <p>{@code pigeonhole server} installs {@link #handler()} as the default uncaught-exception handler, and
 * server threads let errors escape to it instead of swallowing them. A server embedded in another program
 * (tests) keeps that program's handler.
 */
public final class Fatal {
    /** Exit code after an {@link OutOfMemoryError}: the JVM's own with {@code -XX:+ExitOnOutOfMemoryError}. */
    public static final int OUT_OF_MEMORY = 3;
    /** Exit code after any other unexpected death of a server thread ({@code EX_SOFTWARE} in sysexits.h). */
    public static final int THREAD_DIED = 70;
    /** How long the last line may take to write: a standard error nobody reads must not keep a dying server. */
    private static final long WRITE_MILLIS = 1000;

    private Fatal() {}

    /**
     * Heap set aside for the last line: freed first thing after an out-of-memory error, so that the line
     * can be built and written (otherwise the handler itself runs out of memory, and the JVM only says
     * "OutOfMemoryError thrown from the UncaughtExceptionHandler" and leaves the process up).
     */
    @SuppressWarnings("unused") // held only to be let go
    private static volatile byte[] reserve = new byte[1 << 20];

    /** The lines written when even the full line cannot be built: made in advance, they need no memory. */
    private static final byte[] PLAIN_OUT_OF_MEMORY =
            "fatal: java.lang.OutOfMemoryError in a server thread; exiting with code 3 (raise -Xmx, or lower --max-memory)\n"
                    .getBytes(StandardCharsets.US_ASCII);

    private static final byte[] PLAIN_THREAD_DIED =
            "fatal: a server thread died; exiting with code 70 (a bug: please report this line)\n"
                    .getBytes(StandardCharsets.US_ASCII);
    private static final FileOutputStream STDERR = new FileOutputStream(FileDescriptor.err);
    /**
     * Set by the first thread to end the process. An out-of-memory error usually hits several threads at
     * once; the operator is promised one line, so the others wait for the halt instead of writing theirs.
     */
    private static final AtomicBoolean ENDING = new AtomicBoolean();

    /** Ends the process for {@code error} that killed (or would kill) {@code thread}. Never returns. */
    public static void halt(Thread thread, Throwable error) {
        if (!ENDING.compareAndSet(false, true)) {
            while (true) {
                LockSupport.park(); // the first thread halts the process; this one never runs on
            }
        }
        reserve = null;
        int code = error instanceof OutOfMemoryError ? OUT_OF_MEMORY : THREAD_DIED;
        try {
            write(Instant.now() + " fatal: " + error + " in thread " + thread.getName() + "; exiting with code "
                    + code
                    + (code == OUT_OF_MEMORY
                            ? " (raise -Xmx, or lower --max-memory)"
                            : " (a bug: please report this line)")
                    + "\n");
        } catch (Throwable stillNoMemory) {
            try {
                STDERR.write(code == OUT_OF_MEMORY ? PLAIN_OUT_OF_MEMORY : PLAIN_THREAD_DIED);
            } catch (Throwable ignored) {
                // nothing left to tell it with
            }
        } finally {
            Runtime.getRuntime().halt(code);
        }
    }

    /** The uncaught-exception handler of a server process: any thread that dies ends it. */
    public static Thread.UncaughtExceptionHandler handler() {
        return Fatal::halt;
    }

    /** Writes straight to file descriptor 2, from another thread, waiting at most {@link #WRITE_MILLIS}. */
    private static void write(String line) {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        Runnable w = () -> {
            try {
                STDERR.write(bytes);
            } catch (Throwable ignored) {
                // nothing left to tell it with
            }
        };
        try {
            Thread t = new Thread(w, "pigeonhole-fatal");
            t.setDaemon(true);
            t.start();
            t.join(WRITE_MILLIS);
        } catch (Throwable cannotStartThread) {
            w.run(); // out of memory for a thread: write from here, and hope the pipe takes it
        }
    }
}
