package dev.pigeonhole.bench;

import dev.pigeonhole.protocol.Ascii;
import java.security.SecureRandom;

/**
 * The user names of one run: {@code <prefix><index>}, with a prefix drawn at random so that runs against
 * the same server never read each other's leftovers. Immutable; shared by all workers.
 */
final class Users {
    private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

    private final byte[] prefix;
    private final byte[][] names;

    Users(int count) {
        this(randomPrefix(), count);
    }

    Users(String prefix, int count) {
        this.prefix = Ascii.bytes(prefix);
        this.names = new byte[count][];
        for (int i = 0; i < count; i++) {
            names[i] = Ascii.bytes(prefix + i);
        }
    }

    private static String randomPrefix() {
        SecureRandom r = new SecureRandom();
        StringBuilder sb = new StringBuilder("b");
        for (int i = 0; i < 5; i++) {
            sb.append(ALPHABET[r.nextInt(ALPHABET.length)]);
        }
        return sb.append('-').toString();
    }

    int count() {
        return names.length;
    }

    byte[] name(int index) {
        return names[index];
    }

    String prefix() {
        return Ascii.ascii(prefix, 0, prefix.length);
    }

    /** The index of the user whose name is {@code b[offset .. offset+length)}, or -1 if it is not one of ours. */
    int indexOf(byte[] b, int offset, int length) {
        int p = prefix.length;
        if (length <= p || length > p + 9) {
            return -1;
        }
        for (int i = 0; i < p; i++) {
            if (b[offset + i] != prefix[i]) {
                return -1;
            }
        }
        if (b[offset + p] == '0' && length > p + 1) {
            return -1; // no leading zeros: each user has exactly one spelling
        }
        int n = 0;
        for (int i = offset + p, end = offset + length; i < end; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            n = n * 10 + d;
        }
        return n < names.length ? n : -1;
    }
}
