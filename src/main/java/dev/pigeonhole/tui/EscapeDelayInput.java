package dev.pigeonhole.tui;

import java.io.IOException;
import java.io.InputStream;

/**
 * The terminal's input with an escape delay, like tmux's {@code escape-time} or vim's {@code ttimeoutlen}.
 * An ESC byte is held back until the next byte arrives or {@code delayMillis} pass: bytes that follow
 * within the delay reach the key decoder together with it (an arrow key, or Alt plus a key), while an ESC
 * alone is released alone, so that a letter typed after it is a letter. Lanterna's decoder, set to wait
 * 0 ms, asks {@link #available()} whether more follows; this class answers for the held ESC.
 *
 * <p>A reader thread copies the real input into a buffer; {@link #read} takes from it. Thread safe.
 */
final class EscapeDelayInput extends InputStream {
    private final InputStream in;
    private final long delayNanos;
    /** Guards every field below: the reader thread fills, the terminal's thread takes. */
    private final Object lock = new Object();

    private byte[] buf = new byte[4096];
    private int head;
    private int tail;
    /** Bytes before this index may be taken; an ESC at the end waits for the delay. */
    private int released;

    private long escAt;
    /** Index of an ESC released alone (its delay passed), until it is read; else -1. */
    private int loneEsc = -1;
    /**
     * Once a lone ESC was read, the decoder's "more?" questions are answered no for a moment (it asks
     * at once, through the reader's own check too), so it decodes Escape rather than Alt plus what follows.
     */
    private long hideUntil;

    private static final long HIDE_NANOS = 5_000_000L;
    private boolean eof;
    private IOException failure;

    EscapeDelayInput(InputStream in, long delayMillis) {
        this.in = in;
        this.delayNanos = delayMillis * 1_000_000L;
        Thread t = new Thread(this::pump, "pigeonhole-input");
        t.setDaemon(true);
        t.start();
    }

    private void pump() {
        byte[] chunk = new byte[4096];
        try {
            while (true) {
                int n = in.read(chunk);
                synchronized (lock) {
                    if (n < 0) {
                        eof = true;
                        released = tail;
                        lock.notifyAll();
                        return;
                    }
                    expire(); // a held ESC whose delay passed stays alone, however soon it is read
                    append(chunk, n);
                    // Everything that arrived is released, except an ESC that ends it: it waits for the delay.
                    released = chunk[n - 1] == 0x1b && delayNanos > 0 ? tail - 1 : tail;
                    if (released < tail) {
                        escAt = System.nanoTime();
                    }
                    lock.notifyAll();
                }
            }
        } catch (IOException e) {
            synchronized (lock) {
                failure = e;
                eof = true;
                released = tail;
                lock.notifyAll();
            }
        }
    }

    private void append(byte[] chunk, int n) {
        if (tail + n > buf.length) {
            int live = tail - head;
            byte[] grown = live + n > buf.length ? new byte[Math.max(buf.length * 2, live + n)] : buf;
            System.arraycopy(buf, head, grown, 0, live);
            buf = grown;
            released -= head;
            if (loneEsc >= 0) {
                loneEsc -= head;
            }
            tail = live;
            head = 0;
        }
        System.arraycopy(chunk, 0, buf, tail, n);
        tail += n;
    }

    /** Releases a held ESC once its delay has passed. Caller holds the lock. */
    private void expire() {
        if (released < tail && System.nanoTime() - escAt >= delayNanos) {
            loneEsc = released; // bytes arriving after this must not join it into Alt+key
            released = tail;
        }
    }

    /** How far a read may go: not past a lone ESC, so that it is read, and decoded, by itself. */
    private int limit() {
        return loneEsc >= head ? loneEsc + 1 : released;
    }

    @Override
    public int available() {
        synchronized (lock) {
            expire();
            if (System.nanoTime() - hideUntil < 0) {
                return 0;
            }
            return limit() - head;
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        synchronized (lock) {
            while (true) {
                expire();
                if (limit() > head) {
                    int n = Math.min(len, limit() - head);
                    System.arraycopy(buf, head, b, off, n);
                    head += n;
                    if (loneEsc >= 0 && head == loneEsc + 1) {
                        loneEsc = -1;
                        hideUntil = System.nanoTime() + HIDE_NANOS;
                    }
                    return n;
                }
                if (eof && head == tail) {
                    if (failure != null) {
                        throw failure;
                    }
                    return -1;
                }
                try {
                    long wait =
                            released < tail ? Math.max(1, (delayNanos - (System.nanoTime() - escAt)) / 1_000_000L) : 0;
                    lock.wait(wait);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException();
                }
            }
        }
    }
}
