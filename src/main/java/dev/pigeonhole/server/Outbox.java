package dev.pigeonhole.server;

import dev.pigeonhole.protocol.Ascii;
import dev.pigeonhole.protocol.Reply;
import java.nio.ByteBuffer;

/**
 * The replies of one connection waiting to be written: the session appends complete reply lines, and the
 * connection takes everything appended so far in one piece to write it (a double buffer: it hands back the
 * buffer it finished writing and receives the filled one). Confined to the connection's event loop, like
 * everything of a connection but the store's answer, so it needs no lock.
 */
final class Outbox {
    static final byte[] MESSAGE_SENT = line(Reply.MESSAGE_SENT);
    static final byte[] MESSAGE_FAILED = line(Reply.MESSAGE_FAILED);
    static final byte[] READ_ERROR = line(Reply.READ_ERROR);

    private static final int INITIAL_CAPACITY = 256;
    /** A buffer grown beyond this (by a long message) is not kept for reuse, so idle connections stay small. */
    private static final int KEEP_CAPACITY = 16 * 1024;

    /** Bytes appended and not yet taken, in write mode; null until the first reply. */
    private ByteBuffer pending;

    /** Appends a pre-encoded reply line (LF included). */
    void line(byte[] line) {
        room(line.length).put(line);
    }

    /** P5: appends the count reply. */
    void count(long n) {
        byte[] digits = new byte[20];
        int at = digits.length;
        digits[--at] = Ascii.LF;
        do {
            digits[--at] = (byte) ('0' + n % 10);
            n /= 10;
        } while (n > 0);
        room(digits.length - at).put(digits, at, digits.length - at);
    }

    /** P8: appends the two lines of a delivered message: the sender, and the text as the bytes that arrived. */
    void message(String sender, byte[] text) {
        ByteBuffer b = room(sender.length() + text.length + 2);
        putAscii(b, sender);
        b.put(Ascii.LF);
        b.put(text);
        b.put(Ascii.LF);
    }

    /**
     * Returns everything appended so far, in read mode, or {@code null} if nothing is
     * waiting. {@code spent} (fully written, or null) is reused for the next replies.
     */
    ByteBuffer take(ByteBuffer spent) {
        if (pending == null || pending.position() == 0) {
            return null;
        }
        ByteBuffer full = pending;
        pending = spent == null || spent.capacity() > KEEP_CAPACITY ? null : spent.clear();
        return full.flip();
    }

    /** Bytes appended and not yet taken. */
    int size() {
        return pending == null ? 0 : pending.position();
    }

    private ByteBuffer room(int n) {
        if (pending == null) {
            pending = ByteBuffer.allocate(Math.max(INITIAL_CAPACITY, n));
        } else if (pending.remaining() < n) {
            ByteBuffer bigger = ByteBuffer.allocate(Math.max(pending.capacity() * 2, pending.position() + n));
            pending = bigger.put(pending.flip());
        }
        return pending;
    }

    private static void putAscii(ByteBuffer b, String s) {
        // The name was checked to be printable ASCII when it arrived (P3), so each char is one byte.
        byte[] a = b.array();
        int at = b.arrayOffset() + b.position();
        for (int i = 0, n = s.length(); i < n; i++) {
            a[at + i] = (byte) s.charAt(i);
        }
        b.position(b.position() + s.length());
    }

    private static byte[] line(String text) {
        return Ascii.bytes(text + "\n");
    }
}
