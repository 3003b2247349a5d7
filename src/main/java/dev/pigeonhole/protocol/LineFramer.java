package dev.pigeonhole.protocol;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Cuts a byte stream into LF-terminated lines (P1) while holding at most {@code limit} bytes of any
 * one line (P11), whatever arrives. Not thread-safe: one framer belongs to one connection.
 *
 * <p>Each call to {@link #next} consumes input until one {@link Event} happens. A line longer than the
 * limit given for it is reported once as {@link Event#TOO_LONG} as soon as the limit is passed; the
 * framer then discards bytes as they arrive and reports {@link Event#SKIPPED} when that line's LF is
 * consumed. The caller decides what an over-long line means (a dropped connection for a command, a
 * {@code MESSAGE FAILED} for a message).
 */
public final class LineFramer {
    /** What one call to {@link #next} found. */
    public enum Event {
        /** A complete line is in {@link #buffer()}[0 .. {@link #length()}), LF removed. */
        LINE,
        /** All input was consumed without finishing a line. */
        NEED_MORE,
        /** The current line passed its limit; its bytes are now being discarded. */
        TOO_LONG,
        /** The LF that ends an over-long line was consumed. */
        SKIPPED
    }

    private static final int INITIAL_CAPACITY = 128;

    private byte[] buf = new byte[INITIAL_CAPACITY];
    private int len;
    private boolean skipping;
    private boolean lineDelivered;

    /**
     * Consumes bytes from {@code in} (from its position to its limit) until an event happens.
     *
     * @param limit the most bytes the current line may hold, LF excluded
     */
    public Event next(ByteBuffer in, int limit) {
        if (lineDelivered) {
            lineDelivered = false;
            len = 0;
        }
        if (skipping) {
            return skip(in);
        }
        if (in.hasArray()) {
            byte[] a = in.array();
            int base = in.arrayOffset();
            int start = base + in.position();
            int end = base + in.limit();
            for (int i = start; i < end; i++) {
                if (a[i] == Ascii.LF) {
                    int n = i - start;
                    if (len + n > limit) {
                        return tooLong(in, limit);
                    }
                    append(a, start, n, limit);
                    in.position(i + 1 - base);
                    lineDelivered = true;
                    return Event.LINE;
                }
            }
            int n = end - start;
            if (len + n > limit) {
                return tooLong(in, limit);
            }
            append(a, start, n, limit);
            in.position(in.limit());
            return Event.NEED_MORE;
        }
        while (in.hasRemaining()) {
            byte c = in.get();
            if (c == Ascii.LF) {
                lineDelivered = true;
                return Event.LINE;
            }
            if (len == limit) {
                skipping = true;
                len = 0;
                return Event.TOO_LONG;
            }
            append(c, limit);
        }
        return Event.NEED_MORE;
    }

    /** The bytes of the line just returned as {@link Event#LINE}; valid until the next call. */
    public byte[] buffer() {
        return buf;
    }

    /** The length of the line just returned as {@link Event#LINE}. */
    public int length() {
        return len;
    }

    /** True if part of a line has been received (or is being skipped): the stream is not at a line boundary. */
    public boolean midLine() {
        return skipping || (!lineDelivered && len > 0);
    }

    /** The bytes of the current partial line, for error reports. */
    public int partialLength() {
        return lineDelivered ? 0 : len;
    }

    private Event tooLong(ByteBuffer in, int limit) {
        // Keep exactly `limit` bytes' worth of budget: consume what fits, then start discarding.
        int room = limit - len;
        in.position(in.position() + Math.max(0, room));
        skipping = true;
        len = 0;
        return Event.TOO_LONG;
    }

    private Event skip(ByteBuffer in) {
        if (in.hasArray()) {
            byte[] a = in.array();
            int base = in.arrayOffset();
            for (int i = base + in.position(), end = base + in.limit(); i < end; i++) {
                if (a[i] == Ascii.LF) {
                    in.position(i + 1 - base);
                    skipping = false;
                    return Event.SKIPPED;
                }
            }
            in.position(in.limit());
            return Event.NEED_MORE;
        }
        while (in.hasRemaining()) {
            if (in.get() == Ascii.LF) {
                skipping = false;
                return Event.SKIPPED;
            }
        }
        return Event.NEED_MORE;
    }

    private void append(byte[] a, int from, int n, int limit) {
        ensure(len + n, limit);
        System.arraycopy(a, from, buf, len, n);
        len += n;
    }

    private void append(byte c, int limit) {
        ensure(len + 1, limit);
        buf[len++] = c;
    }

    /** Grows geometrically, but never past the line's limit: the framer holds at most {@code limit} bytes. */
    private void ensure(int capacity, int limit) {
        if (capacity > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(capacity, Math.min(limit, buf.length * 2)));
        }
    }
}
