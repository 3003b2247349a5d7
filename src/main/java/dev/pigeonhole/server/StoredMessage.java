package dev.pigeonhole.server;

import dev.pigeonhole.protocol.Ascii;
import java.util.Arrays;

/**
 * A message the server has accepted: a server-wide increasing {@code id}, who it is for, who sent it, and
 * its text as the bytes that arrived (already checked against P2 and P4), which go unchanged to the
 * journal and to the reader's reply. Nobody changes {@code body} after the message is made: it is handed
 * around without copies.
 */
@SuppressWarnings("ArrayRecordComponent") // equals, hashCode and toString below use the content
public record StoredMessage(long id, String recipient, String sender, byte[] body) {

    /** A message whose text is {@code text} (printable ASCII, P2). */
    public StoredMessage(long id, String recipient, String sender, String text) {
        this(id, recipient, sender, Ascii.bytes(text));
    }

    /** The text as a String: for logs and tests; the server itself never decodes it. */
    public String text() {
        return Ascii.ascii(body, 0, body.length);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StoredMessage m
                && m.id == id
                && m.recipient.equals(recipient)
                && m.sender.equals(sender)
                && Arrays.equals(m.body, body);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(id) * 31 + Arrays.hashCode(body);
    }

    @Override
    public String toString() {
        return "StoredMessage[id=" + id + ", recipient=" + recipient + ", sender=" + sender + ", text=" + text() + "]";
    }
}
