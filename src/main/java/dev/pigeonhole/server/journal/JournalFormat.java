package dev.pigeonhole.server.journal;

import dev.pigeonhole.server.StoredMessage;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * The on-disk format (src/docs/journal.md): a 16-byte segment header, then records of
 * {@code u32 payload length | u32 CRC32C(length bytes, payload) | payload}, big-endian. A payload is
 * {@code u8 type | u64 id}, and for {@link #STORED} also {@code u16 len, recipient | u16 len, sender |
 * u32 len, text} (UTF-8; the protocol admits only printable ASCII, so the text is the bytes that arrived).
 */
final class JournalFormat {
    /** "PGNHJRNL": the first eight bytes of every segment. */
    static final byte[] MAGIC = {'P', 'G', 'N', 'H', 'J', 'R', 'N', 'L'};

    static final int VERSION = 1;
    static final int SEGMENT_HEADER_BYTES = 16;
    static final int RECORD_HEADER_BYTES = 8;

    static final byte STORED = 1;
    static final byte REMOVED = 2;

    /** type + id: the whole payload of a REMOVED record, and the smallest payload there is. */
    static final int REMOVED_PAYLOAD_BYTES = 1 + 8;

    static final int MIN_STORED_PAYLOAD_BYTES = REMOVED_PAYLOAD_BYTES + 2 + 2 + 4;
    /** Longer payloads are refused when writing and treated as damage when reading. */
    static final int MAX_PAYLOAD_BYTES = 1 << 24;

    private JournalFormat() {}

    /** The segment header: magic, version, four reserved zero bytes. */
    static ByteBuffer segmentHeader() {
        ByteBuffer b = ByteBuffer.allocate(SEGMENT_HEADER_BYTES);
        b.put(MAGIC).putInt(VERSION).putInt(0);
        return b.flip();
    }

    /** Null if {@code header} (16 bytes from position) is a valid segment header, else what is wrong. */
    static String headerProblem(ByteBuffer header) {
        for (int i = 0; i < MAGIC.length; i++) {
            if (header.get(header.position() + i) != MAGIC[i]) {
                return "not a Pigeonhole journal segment (bad magic)";
            }
        }
        int version = header.getInt(header.position() + MAGIC.length);
        return version == VERSION ? null : "unsupported journal format version " + version;
    }

    /** A complete STORED record. */
    static byte[] stored(StoredMessage m) {
        byte[] recipient = m.recipient().getBytes(StandardCharsets.UTF_8);
        byte[] sender = m.sender().getBytes(StandardCharsets.UTF_8);
        byte[] text = m.body();
        if (recipient.length > 0xFFFF || sender.length > 0xFFFF) {
            throw new IllegalArgumentException("user name too long for the journal");
        }
        long payload = (long) MIN_STORED_PAYLOAD_BYTES + recipient.length + sender.length + text.length;
        if (payload > MAX_PAYLOAD_BYTES) {
            throw new IllegalArgumentException("message too long for the journal: " + text.length + " bytes");
        }
        ByteBuffer b = ByteBuffer.allocate(RECORD_HEADER_BYTES + (int) payload);
        b.putInt((int) payload).putInt(0).put(STORED).putLong(m.id());
        b.putShort((short) recipient.length).put(recipient);
        b.putShort((short) sender.length).put(sender);
        b.putInt(text.length).put(text);
        return seal(b.array());
    }

    /** A complete REMOVED record for message {@code id}. */
    static byte[] removed(long id) {
        ByteBuffer b = ByteBuffer.allocate(RECORD_HEADER_BYTES + REMOVED_PAYLOAD_BYTES);
        b.putInt(REMOVED_PAYLOAD_BYTES).putInt(0).put(REMOVED).putLong(id);
        return seal(b.array());
    }

    /** The size of {@code m}'s STORED record, without building it. */
    static int storedLength(StoredMessage m) {
        return RECORD_HEADER_BYTES
                + MIN_STORED_PAYLOAD_BYTES
                + utf8Length(m.recipient())
                + utf8Length(m.sender())
                + m.body().length;
    }

    private static int utf8Length(String s) {
        int n = s.length();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x80) { // rare: the protocol only admits printable ASCII
                return s.getBytes(StandardCharsets.UTF_8).length;
            }
        }
        return n;
    }

    private static byte[] seal(byte[] record) {
        ByteBuffer.wrap(record).putInt(4, checksum(record, 0, record.length));
        return record;
    }

    /** CRC32C over the length field and the payload of the record starting at {@code off}. */
    static int checksum(byte[] a, int off, int recordLength) {
        CRC32C crc = new CRC32C();
        crc.update(a, off, 4);
        crc.update(a, off + RECORD_HEADER_BYTES, recordLength - RECORD_HEADER_BYTES);
        return (int) crc.getValue();
    }

    /**
     * One decoded record: {@code message} is null for REMOVED, and for STORED when decoded without it.
     * {@code length} counts header and payload.
     */
    record Decoded(byte type, long id, StoredMessage message, int length) {}

    /**
     * Decodes the record at {@code off} in {@code a}, of which {@code available} bytes are present.
     * Returns null if it is not a complete, checksummed, well-formed record, and then puts why in {@code problem[0]}.
     * User names are looked up in {@code names} (if not null) so that a million messages between a few
     * users share their name strings: recovery keeps every message, and the garbage collector copies them.
     */
    static Decoded decode(byte[] a, int off, int available, String[] problem, Map<String, String> names) {
        return decode(a, off, available, problem, names, true);
    }

    /**
     * As {@link #decode(byte[], int, int, String[], Map)}, checking the record just as fully; with {@code
     * withMessage} false a STORED record's message is not built (compaction copies the record's bytes as
     * they are, and most of them belong to messages that are gone).
     */
    static Decoded decode(
            byte[] a, int off, int available, String[] problem, Map<String, String> names, boolean withMessage) {
        if (available < RECORD_HEADER_BYTES) {
            problem[0] = "incomplete record header";
            return null;
        }
        ByteBuffer b = ByteBuffer.wrap(a, off, available).slice();
        int payload = b.getInt(0);
        if (payload < REMOVED_PAYLOAD_BYTES || payload > MAX_PAYLOAD_BYTES) {
            problem[0] = "impossible record length " + payload;
            return null;
        }
        int length = RECORD_HEADER_BYTES + payload;
        if (length > available) {
            problem[0] = "record of " + length + " bytes runs past the end of the file";
            return null;
        }
        if (b.getInt(4) != checksum(a, off, length)) {
            problem[0] = "checksum mismatch";
            return null;
        }
        byte type = b.get(8);
        long id = b.getLong(9);
        if (type == REMOVED && payload == REMOVED_PAYLOAD_BYTES) {
            return new Decoded(type, id, null, length);
        }
        if (type != STORED || payload < MIN_STORED_PAYLOAD_BYTES) {
            problem[0] = "unknown record type " + type + " or wrong length " + payload;
            return null;
        }
        int p = 17;
        int rl = b.getShort(p) & 0xFFFF;
        p += 2;
        if (p + rl + 2 > length) {
            problem[0] = "malformed STORED record";
            return null;
        }
        String recipient = withMessage ? name(a, off + p, rl, names) : null;
        p += rl;
        int sl = b.getShort(p) & 0xFFFF;
        p += 2;
        if (p + sl + 4 > length) {
            problem[0] = "malformed STORED record";
            return null;
        }
        String sender = withMessage ? name(a, off + p, sl, names) : null;
        p += sl;
        int tl = b.getInt(p);
        p += 4;
        if (tl < 0 || p + tl != length) {
            problem[0] = "malformed STORED record";
            return null;
        }
        if (!withMessage) {
            return new Decoded(type, id, null, length);
        }
        byte[] text = java.util.Arrays.copyOfRange(a, off + p, off + p + tl);
        return new Decoded(type, id, new StoredMessage(id, recipient, sender, text), length);
    }

    private static String name(byte[] a, int off, int len, Map<String, String> names) {
        String s = new String(a, off, len, StandardCharsets.UTF_8);
        if (names == null) {
            return s;
        }
        String known = names.putIfAbsent(s, s);
        return known == null ? s : known;
    }
}
