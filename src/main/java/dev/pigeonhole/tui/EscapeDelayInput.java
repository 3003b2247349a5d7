package dev.pigeonhole.tui;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * The terminal's input with an escape delay, like tmux's {@code escape-time} or vim's {@code ttimeoutlen}.
 * An ESC byte is held back until the next byte arrives or {@code delayMillis} pass: bytes that follow
 * within the delay reach the key decoder together with it (an arrow key, or Alt plus a key), while an ESC
 * alone is released alone, so that a letter typed after it is a letter. Lanterna's decoder, set to wait
 * 0 ms, asks {@link #available()} whether more follows; this class answers for the held ESC.
 *
 * <p>Once {@link #splitLineEnds} is on (the terminal's {@code icrnl} is off, so Enter arrives as CR and
 * Ctrl-J as LF), the two keys are told apart here, where the bytes are seen: CR becomes LF, which Lanterna
 * decodes as Enter, and a raw LF typed outside a bracketed paste becomes ESC LF, which it decodes as
 * Ctrl-Alt-J: the line-break key, like Alt-Enter. Lanterna alone maps both to Enter, so Ctrl-J sent.
 * Inside a bracketed paste both stay line ends of the pasted text.
 *
 * <p>Focus reports (xterm's {@code CSI I} and {@code CSI O}, sent once {@link #FOCUS_ON} was printed) are
 * taken out here and passed to {@link #onFocus}: Lanterna knows no such key and would hand the bytes on as
 * Escape, '[' and a letter. So that a report split across reads is still recognised, an {@code ESC [} that
 * ends a read is held for the escape delay like a lone ESC.
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
    private static final long PASTE_START = markerBits("\u001b[200~");
    private static final long PASTE_END = markerBits("\u001b[201~");
    private static final long LAST_SIX_BYTES = 0xFFFF_FFFF_FFFFL;

    /** Whether CR and LF are told apart (see the class comment). */
    private boolean splitLineEnds;
    /** The last six bytes seen, to find the bracketed-paste markers across reads. */
    private long recent;
    /** Between a bracketed paste's start and end markers. */
    private boolean inPaste;

    private boolean eof;
    private IOException failure;

    /** Asks the terminal for focus reports (xterm mode 1004; tmux forwards them with focus-events on). */
    static final String FOCUS_ON = "\u001b[?1004h";

    static final String FOCUS_OFF = "\u001b[?1004l";

    /** Told true on focus in, false on focus out, on the reader thread; never while the lock is held. */
    private volatile Consumer<Boolean> focus = f -> {};

    EscapeDelayInput(InputStream in, long delayMillis) {
        this.in = in;
        this.delayNanos = delayMillis * 1_000_000L;
        Thread t = new Thread(this::pump, "pigeonhole-input");
        t.setDaemon(true);
        t.start();
    }

    /**
     * Tells Enter (CR) from Ctrl-J (LF) from now on; call it only once the terminal no longer turns CR into
     * LF ({@code stty -icrnl}), or Enter would insert line breaks.
     */
    void splitLineEnds() {
        synchronized (lock) {
            splitLineEnds = true;
        }
    }

    /** Where focus reports go from now on (see the class comment); by default nowhere. */
    void onFocus(Consumer<Boolean> listener) {
        focus = listener;
    }

    private static long markerBits(String marker) {
        long bits = 0;
        for (int i = 0; i < marker.length(); i++) {
            bits = bits << 8 | marker.charAt(i);
        }
        return bits;
    }

    /** The bytes as the key decoder should see them (see the class comment). Caller holds the lock. */
    private byte[] lineEnds(byte[] chunk, int n) {
        byte[] out = new byte[2 * n];
        int k = 0;
        for (int i = 0; i < n; i++) {
            byte b = chunk[i];
            recent = (recent << 8 | (b & 0xFF)) & LAST_SIX_BYTES;
            if (recent == PASTE_START) {
                inPaste = true;
            } else if (recent == PASTE_END) {
                inPaste = false;
            }
            if (splitLineEnds && b == '\r') {
                out[k++] = '\n';
            } else if (splitLineEnds && b == '\n' && !inPaste) {
                out[k++] = 0x1b;
                out[k++] = '\n';
            } else {
                out[k++] = b;
            }
        }
        return Arrays.copyOf(out, k);
    }

    private void pump() {
        byte[] chunk = new byte[4096];
        try {
            while (true) {
                int n = in.read(chunk);
                List<Boolean> reports = new ArrayList<>(0);
                synchronized (lock) {
                    if (n < 0) {
                        eof = true;
                        released = tail;
                        lock.notifyAll();
                        return;
                    }
                    expire(); // a held ESC whose delay passed stays alone, however soon it is read
                    byte[] keys = lineEnds(chunk, n);
                    int from = Math.max(head, tail - 2); // a report may have begun in the last read
                    append(keys, keys.length);
                    takeFocusReports(from, reports);
                    // Everything that arrived is released, except an ESC or ESC [ that ends it: it waits for the
                    // delay (the start of a key, or of a focus report, whose rest may be in the next read).
                    released = tail - held();
                    if (released < tail) {
                        escAt = System.nanoTime();
                    }
                    lock.notifyAll();
                }
                for (Boolean focused : reports) {
                    focus.accept(focused);
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

    /** How many bytes at the end wait for the delay: an ESC, or ESC [. Caller holds the lock. */
    private int held() {
        if (delayNanos == 0 || tail == head) {
            return 0;
        }
        if (buf[tail - 1] == 0x1b) {
            return 1;
        }
        boolean escBracket = tail - head >= 2 && buf[tail - 2] == 0x1b && buf[tail - 1] == '[';
        return escBracket && loneEsc != tail - 2 ? 2 : 0;
    }

    /** Removes the unread focus reports at or after {@code from} and adds them to {@code reports}. */
    private void takeFocusReports(int from, List<Boolean> reports) {
        int i = from;
        while (i + 2 < tail) {
            boolean report = buf[i] == 0x1b && buf[i + 1] == '[' && (buf[i + 2] == 'I' || buf[i + 2] == 'O');
            if (!report || i == loneEsc) {
                i++;
                continue;
            }
            reports.add(buf[i + 2] == 'I');
            System.arraycopy(buf, i + 3, buf, i, tail - i - 3);
            tail -= 3;
            if (loneEsc > i) {
                loneEsc -= 3;
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
            if (tail - released == 1) {
                loneEsc = released; // bytes arriving after this must not join it into Alt+key
            }
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
