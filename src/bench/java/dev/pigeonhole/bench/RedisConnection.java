package dev.pigeonhole.bench;

import dev.pigeonhole.protocol.Ascii;
import dev.pigeonhole.protocol.ProtocolException;
import java.io.IOException;

/**
 * {@link BenchConnection} over RESP2, doing with Redis what a messenger would: a user's mailbox is a list
 * named after the user; LOGIN is {@code LLEN}, COMPOSE is {@code RPUSH} to the recipient's list, READ is
 * {@code LPOP} from one's own, EXIT is {@code QUIT}. The stored value is the same text Pigeonhole stores,
 * whose header names the sender, so both servers keep the same information.
 */
final class RedisConnection extends BenchConnection {
    private static final byte[] CRLF = Ascii.bytes("\r\n");
    private static final byte[] LLEN = Ascii.bytes("*2\r\n$4\r\nLLEN\r\n$");
    private static final byte[] RPUSH = Ascii.bytes("*3\r\n$5\r\nRPUSH\r\n$");
    private static final byte[] LPOP = Ascii.bytes("*2\r\n$4\r\nLPOP\r\n$");
    private static final byte[] QUIT = Ascii.bytes("*1\r\n$4\r\nQUIT\r\n");
    private static final byte[] NIL = Ascii.bytes("$-1\r");
    /** A RESP header line: a type byte, a number, CR. */
    private static final int MAX_HEADER = 32;

    private byte[] user;

    RedisConnection(Wire wire, Users users, Payload payload) {
        super(wire, users, payload);
    }

    private void key(byte[] prefix, byte[] key) {
        wire.put(prefix).putDecimal(key.length).put(CRLF).put(key).put(CRLF);
    }

    @Override
    void sendLogin(byte[] user) throws IOException {
        this.user = user;
        key(LLEN, user);
        wire.flush();
    }

    @Override
    long awaitLogin() throws IOException {
        return integer("LLEN");
    }

    @Override
    boolean compose(byte[] recipient, byte[] sender, long seq) throws IOException {
        key(RPUSH, recipient);
        wire.put((byte) '$').putDecimal(payload.size()).put(CRLF);
        payload.write(wire, sender, seq);
        wire.put(CRLF).flush();
        if (integer("RPUSH") < 1) {
            throw new ProtocolException("RESP", "RPUSH left an empty list", wire.line(), 0, 0);
        }
        return true;
    }

    @Override
    void sendRead() throws IOException {
        key(LPOP, user);
        wire.flush();
    }

    @Override
    long awaitRead() throws IOException {
        int n = wire.readLine(MAX_HEADER);
        byte[] line = wire.line();
        if (equals(line, n, NIL)) {
            return -1;
        }
        long length = n >= 3 && line[0] == '$' && line[n - 1] == '\r' ? decimal(line, 1, n - 1) : -1;
        if (length != payload.size()) {
            throw new ProtocolException(
                    "RESP", "expected a bulk string of " + payload.size() + " bytes or nil after LPOP", line, 0, n);
        }
        int m = wire.readLine(payload.size() + 1);
        if (m != payload.size() + 1 || wire.line()[m - 1] != '\r') {
            throw new ProtocolException("RESP", "bulk string not ended by CRLF", wire.line(), 0, m);
        }
        return payload.check(wire.line(), m - 1, users);
    }

    @Override
    void exit() {
        try {
            if (user != null) {
                wire.put(QUIT).flush();
                // Wait for +OK as a Redis client does: closing with the reply unread makes the kernel send
                // a reset, a cheaper end than the orderly close every Pigeonhole session gets, which made
                // the short workload unfair to Pigeonhole (about 16,000 sockets in TIME_WAIT against 54).
                wire.readLine(MAX_HEADER);
            }
        } catch (IOException ignored) {
            // The server may be gone already; closing is all that is left.
        }
        close();
    }

    /** Reads {@code :<n>\r}; anything else (an error reply included) is a broken exchange. */
    private long integer(String command) throws IOException {
        int n = wire.readLine(MAX_HEADER);
        byte[] line = wire.line();
        long value = n >= 3 && line[0] == ':' && line[n - 1] == '\r' ? decimal(line, 1, n - 1) : -1;
        if (value < 0) {
            throw new ProtocolException("RESP", "expected an integer reply to " + command, line, 0, n);
        }
        return value;
    }
}
