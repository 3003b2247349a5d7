package dev.pigeonhole.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.pigeonhole.protocol.Ascii;
import dev.pigeonhole.protocol.ProtocolException;
import org.junit.jupiter.api.Test;

/** The benchmark's message format: what it writes, it accepts; any change to it is caught. */
class PayloadTest {
    private final Users users = new Users("bt-", 20);
    private final Payload payload = new Payload(64);

    private byte[] message(int sender, long seq) {
        // Wire.put* fills a request buffer; a fresh payload text is the same bytes without a socket.
        StringBuilder sb = new StringBuilder();
        sb.append("bt-").append(sender).append(' ').append(seq).append(' ');
        String pattern = "abcdefghijklmnopqrstuvwxyz0123456789-ABCDEFGHIJKLMNOPQRSTUVWXYZ.";
        while (sb.length() < 64) {
            sb.append(pattern.charAt(sb.length() % pattern.length()));
        }
        return Ascii.bytes(sb.toString());
    }

    @Test
    void a_message_names_its_sender_and_number() throws ProtocolException {
        byte[] m = message(17, 123456);
        long packed = payload.check(m, m.length, users);
        assertEquals(17, Payload.Received.sender(packed));
        assertEquals(123456, Payload.Received.seq(packed));
    }

    @Test
    void a_changed_byte_a_wrong_length_or_an_unknown_sender_is_a_wrong_reply_P8() {
        byte[] m = message(3, 9);
        m[50] ^= 1;
        assertThrows(ProtocolException.class, () -> payload.check(m, m.length, users));
        byte[] ok = message(3, 9);
        assertThrows(ProtocolException.class, () -> payload.check(ok, ok.length - 1, users));
        byte[] stranger = message(20, 9); // user 20 is not one of the 20 users (0..19)
        assertThrows(ProtocolException.class, () -> payload.check(stranger, stranger.length, users));
        byte[] leadingZero =
                Ascii.bytes("bt-03" + new String(message(3, 9), 4, 60, java.nio.charset.StandardCharsets.US_ASCII));
        assertThrows(ProtocolException.class, () -> payload.check(leadingZero, 64, users));
    }

    @Test
    void user_names_map_back_to_their_index() {
        for (int i = 0; i < users.count(); i++) {
            byte[] name = users.name(i);
            assertEquals(i, users.indexOf(name, 0, name.length));
        }
        assertEquals(-1, users.indexOf(Ascii.bytes("bt-"), 0, 3));
        assertEquals(-1, users.indexOf(Ascii.bytes("xx-1"), 0, 4));
    }
}
