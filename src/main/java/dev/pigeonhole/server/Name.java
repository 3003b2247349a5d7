package dev.pigeonhole.server;

import dev.pigeonhole.protocol.Ascii;
import java.util.Arrays;

/**
 * A user name (P3: printable ASCII without space) as the bytes it arrived as: the key of every
 * {@link Mailbox}. A COMPOSE's recipient is looked up by its bytes, hashed while they are checked, so no
 * request makes a String; the mailbox keeps the one String of its owner's name. Immutable.
 */
final class Name {
    private final byte[] bytes;
    private final int hash;

    private Name(byte[] bytes, int hash) {
        this.bytes = bytes;
        this.hash = hash;
    }

    /** The name in {@code b[offset .. offset+length)}, copied; the caller has checked it (P3). */
    static Name of(byte[] b, int offset, int length) {
        byte[] copy = Arrays.copyOfRange(b, offset, offset + length);
        return new Name(copy, Arrays.hashCode(copy));
    }

    /** The name {@code s}, which the caller has checked (P3). */
    static Name of(String s) {
        byte[] b = Ascii.bytes(s);
        return new Name(b, Arrays.hashCode(b));
    }

    /** The name's length in bytes (and characters: printable ASCII). */
    int length() {
        return bytes.length;
    }

    /** The name as a String: made once per mailbox and per session, never per request. */
    @Override
    public String toString() {
        return Ascii.ascii(bytes, 0, bytes.length);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Name n && n.hash == hash && Arrays.equals(n.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return hash;
    }
}
