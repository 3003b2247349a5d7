package dev.pigeonhole.bench;

import dev.pigeonhole.protocol.Ascii;
import dev.pigeonhole.protocol.Limits;
import dev.pigeonhole.protocol.ProtocolException;
import dev.pigeonhole.protocol.Reply;
import java.io.IOException;

/** {@link BenchConnection} over Pigeonhole's line protocol ({@code src/docs/protocol.md}). */
final class PigeonholeConnection extends BenchConnection {
    private static final byte[] LOGIN = Ascii.bytes("LOGIN ");
    private static final byte[] COMPOSE = Ascii.bytes("COMPOSE ");
    private static final byte[] READ = Ascii.bytes("READ\n");
    private static final byte[] EXIT = Ascii.bytes("EXIT\n");
    private static final byte[] SENT = Ascii.bytes(Reply.MESSAGE_SENT);
    private static final byte[] FAILED = Ascii.bytes(Reply.MESSAGE_FAILED);
    private static final byte[] READ_ERROR = Ascii.bytes(Reply.READ_ERROR);

    private byte[] user;

    PigeonholeConnection(Wire wire, Users users, Payload payload) {
        super(wire, users, payload);
    }

    @Override
    void sendLogin(byte[] user) throws IOException {
        this.user = user;
        wire.put(LOGIN).put(user).put(Ascii.LF).flush();
    }

    @Override
    long awaitLogin() throws IOException {
        int n = wire.readLine(Limits.MAX_COMMAND_LINE);
        long count = decimal(wire.line(), 0, n);
        if (count < 0) {
            throw new ProtocolException("P5", "expected a message count after LOGIN", wire.line(), 0, n);
        }
        return count;
    }

    @Override
    boolean compose(byte[] recipient, byte[] sender, long seq) throws IOException {
        wire.put(COMPOSE).put(recipient).put(Ascii.LF);
        payload.write(wire, sender, seq);
        wire.put(Ascii.LF).flush();
        int n = wire.readLine(Limits.MAX_COMMAND_LINE);
        byte[] line = wire.line();
        if (equals(line, n, SENT)) {
            return true;
        }
        if (equals(line, n, FAILED)) {
            return false;
        }
        throw new ProtocolException("P7", "expected MESSAGE SENT or MESSAGE FAILED", line, 0, n);
    }

    @Override
    void sendRead() throws IOException {
        wire.put(READ).flush();
    }

    @Override
    long awaitRead() throws IOException {
        int n = wire.readLine(Limits.MAX_COMMAND_LINE);
        byte[] line = wire.line();
        if (equals(line, n, READ_ERROR)) {
            return -1;
        }
        int sender = users.indexOf(line, 0, n);
        if (sender < 0) {
            throw new ProtocolException("P8", "expected a sender of this run or READ ERROR", line, 0, n);
        }
        int m = wire.readLine(payload.size() + 1);
        long received = payload.check(wire.line(), m, users);
        if (Payload.Received.sender(received) != sender) {
            throw new ProtocolException("P8", "sender line does not match the message's sender", wire.line(), 0, m);
        }
        return received;
    }

    @Override
    void exit() {
        try {
            if (user != null) {
                wire.put(EXIT).flush();
            }
        } catch (IOException ignored) {
            // The server may be gone already; closing is all that is left.
        }
        close();
    }
}
