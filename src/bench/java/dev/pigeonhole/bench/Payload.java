package dev.pigeonhole.bench;

import dev.pigeonhole.protocol.Ascii;
import dev.pigeonhole.protocol.ProtocolException;
import java.util.Arrays;

/**
 * The text of every benchmark message: {@code <sender> <seq> <filler>}, exactly {@code size} printable
 * bytes. The header lets the receiver check who sent it and in what order (P8, G2); the filler is a
 * fixed pattern, so a single flipped or shifted byte anywhere is caught. Immutable; shared.
 */
final class Payload {
    /** Enough for a user name of this tool, a sequence number and the filler's first byte. */
    static final int MIN_SIZE = 32;

    private static final byte[] PATTERN =
            Ascii.bytes("abcdefghijklmnopqrstuvwxyz0123456789-ABCDEFGHIJKLMNOPQRSTUVWXYZ.");

    private final int size;
    private final byte[] filler;

    Payload(int size) {
        if (size < MIN_SIZE) {
            throw new IllegalArgumentException("a message must be at least " + MIN_SIZE + " bytes");
        }
        this.size = size;
        this.filler = new byte[size];
        for (int i = 0; i < size; i++) {
            filler[i] = PATTERN[i % PATTERN.length];
        }
    }

    int size() {
        return size;
    }

    /** Puts the message from {@code sender} numbered {@code seq} on the wire (without a terminator). */
    void write(Wire w, byte[] sender, long seq) {
        int header = sender.length + 2 + decimalLength(seq);
        if (header >= size) {
            throw new IllegalStateException("message header longer than the message size");
        }
        w.put(sender).put((byte) ' ').putDecimal(seq).put((byte) ' ').put(filler, header, size - header);
    }

    /**
     * Checks a received message and returns who sent it and its number, packed by {@link Received}.
     *
     * @throws ProtocolException if it is not exactly a message this run could have sent
     */
    long check(byte[] b, int length, Users users) throws ProtocolException {
        if (length != size) {
            throw wrong("message of " + length + " bytes, expected " + size, b, length);
        }
        int space = -1;
        for (int i = 0; i < Math.min(length, 80); i++) {
            if (b[i] == ' ') {
                space = i;
                break;
            }
        }
        int sender = space < 0 ? -1 : users.indexOf(b, 0, space);
        if (sender < 0) {
            throw wrong("message from an unknown sender", b, length);
        }
        long seq = 0;
        int i = space + 1;
        int digitsEnd = i;
        while (digitsEnd < length && digitsEnd - i < 12 && b[digitsEnd] >= '0' && b[digitsEnd] <= '9') {
            seq = seq * 10 + (b[digitsEnd] - '0');
            digitsEnd++;
        }
        if (digitsEnd == i || digitsEnd >= length || b[digitsEnd] != ' ') {
            throw wrong("message without a sequence number", b, length);
        }
        int header = digitsEnd + 1;
        if (!Arrays.equals(b, header, size, filler, header, size)) {
            throw wrong("message text corrupted", b, length);
        }
        return Received.pack(sender, seq);
    }

    private static ProtocolException wrong(String problem, byte[] b, int length) {
        return new ProtocolException("P8", problem, b, 0, length);
    }

    private static int decimalLength(long n) {
        int digits = 1;
        for (long m = n; m >= 10; m /= 10) {
            digits++;
        }
        return digits;
    }

    /** A sender index and a sequence number in one {@code long}, so checking a message allocates nothing. */
    static final class Received {
        private Received() {}

        static long pack(int sender, long seq) {
            return ((long) sender << 40) | seq;
        }

        static int sender(long packed) {
            return (int) (packed >>> 40);
        }

        static long seq(long packed) {
            return packed & ((1L << 40) - 1);
        }
    }
}
