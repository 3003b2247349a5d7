package dev.pigeonhole.server;

import dev.pigeonhole.protocol.Ascii;
import dev.pigeonhole.protocol.Command;
import dev.pigeonhole.protocol.CommandParser;
import dev.pigeonhole.protocol.Limits;
import dev.pigeonhole.protocol.LineFramer;
import dev.pigeonhole.protocol.ProtocolException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Turns the bytes a client sends into {@link Request}s, enforcing everything that depends only on the
 * order of lines: LOGIN first and only once (P5, P10), a message line after each COMPOSE (P7), valid bytes
 * (P2) and bounded lines (P11), and, over a Unix socket, that LOGIN names the peer's OS user (P10).
 * Mailbox work is not its business: the session receives only requests that are valid in it.
 *
 * <p>Memory is bounded by the framer: at most {@link Limits#MAX_COMMAND_LINE} bytes of a command line or
 * {@code maxMessage} bytes of a message line are held. Not thread-safe: owned by one connection, on its
 * event loop.
 */
final class RequestReader {
    private enum Phase {
        LOGIN,
        COMMAND,
        MESSAGE,
        SKIPPING_MESSAGE,
        ENDED
    }

    private static final byte[] COMPOSE = Ascii.bytes("COMPOSE ");

    private final LineFramer framer = new LineFramer();
    private final int maxMessage;
    /** The only name LOGIN may give (the OS user of a Unix socket peer), or null for any name (TCP). */
    private final String loginAs;

    private Phase phase = Phase.LOGIN;
    /** Lines completed so far (valid or skipped), so the connection can tell when a partial line began. */
    private long lines;

    private Name recipient;

    RequestReader(int maxMessage) {
        this(maxMessage, null);
    }

    /** A reader whose LOGIN must name {@code loginAs} (null: any name); another name breaks P10. */
    RequestReader(int maxMessage, String loginAs) {
        this.maxMessage = maxMessage;
        this.loginAs = loginAs;
    }

    /**
     * Consumes bytes from {@code in} until one request is complete and returns it, or returns {@code null}
     * once {@code in} is used up. After {@link Request#EXIT} every further byte is ignored.
     *
     * @throws ProtocolException if the client broke the protocol; the connection must be dropped
     */
    Request next(ByteBuffer in) throws ProtocolException {
        try {
            return nextRequest(in);
        } catch (ProtocolException e) {
            phase = Phase.ENDED;
            throw e;
        }
    }

    private Request nextRequest(ByteBuffer in) throws ProtocolException {
        while (true) {
            switch (phase) {
                case ENDED -> {
                    in.position(in.limit());
                    return null;
                }
                case MESSAGE -> {
                    LineFramer.Event e = framer.next(in, maxMessage);
                    if (e == LineFramer.Event.NEED_MORE) {
                        return null;
                    }
                    if (e == LineFramer.Event.TOO_LONG) {
                        phase = Phase.SKIPPING_MESSAGE;
                        continue;
                    }
                    lines++;
                    byte[] b = framer.buffer();
                    int n = framer.length();
                    int bad = Ascii.firstNonPrintable(b, 0, n);
                    if (bad >= 0) {
                        throw new ProtocolException(
                                "P2",
                                "message line: byte 0x" + Integer.toHexString(b[bad] & 0xFF) + " at column "
                                        + (bad + 1),
                                b,
                                0,
                                n);
                    }
                    phase = Phase.COMMAND;
                    Name to = recipient;
                    recipient = null;
                    return new Request.Compose(to, Arrays.copyOf(b, n));
                }
                case SKIPPING_MESSAGE -> {
                    if (framer.next(in, maxMessage) == LineFramer.Event.NEED_MORE) {
                        return null;
                    }
                    lines++;
                    phase = Phase.COMMAND; // SKIPPED: the over-long line's LF has arrived
                    recipient = null;
                    return Request.OVERSIZED;
                }
                case LOGIN, COMMAND -> {
                    int held = framer.partialLength();
                    int start = in.position();
                    LineFramer.Event e = framer.next(in, Limits.MAX_COMMAND_LINE);
                    if (e == LineFramer.Event.NEED_MORE) {
                        return null;
                    }
                    if (e == LineFramer.Event.TOO_LONG) {
                        throw tooLong(held, in, start);
                    }
                    lines++;
                    if (phase == Phase.COMMAND && compose(framer.buffer(), framer.length())) {
                        continue; // the recipient is read; its message line comes next
                    }
                    Request r = request(CommandParser.parse(framer.buffer(), 0, framer.length()));
                    if (r != null) {
                        return r;
                    }
                }
            }
        }
    }

    /**
     * The common line, {@code COMPOSE <recipient>}, read without the parser's String: true (and the recipient
     * kept as bytes) if {@code line} is a valid COMPOSE, that is the prefix and a name of 1 to
     * {@link Limits#MAX_USERNAME} bytes from 0x21 to 0x7E (P2, P3). Any other line, valid or not, returns false and
     * goes to {@link CommandParser}, which judges it (RequestReaderPropertyTest checks the two agree).
     */
    private boolean compose(byte[] line, int length) {
        int name = COMPOSE.length;
        if (length <= name || length - name > Limits.MAX_USERNAME) {
            return false;
        }
        for (int i = 0; i < name; i++) {
            if (line[i] != COMPOSE[i]) {
                return false;
            }
        }
        for (int i = name; i < length; i++) {
            if (line[i] <= Ascii.SPACE || line[i] > '~') { // bytes are signed: >= 0x80 is negative
                return false;
            }
        }
        phase = Phase.MESSAGE;
        recipient = Name.of(line, name, length - name);
        return true;
    }

    /** The request a command line makes in the current phase, or null when it waits for a message line. */
    private Request request(Command command) throws ProtocolException {
        if (phase == Phase.LOGIN) {
            if (command instanceof Command.Login login) {
                if (loginAs != null && !loginAs.equals(login.user())) {
                    throw new ProtocolException(
                            "P10",
                            "LOGIN as " + login.user() + " by OS user " + loginAs
                                    + " (over the socket a user may log in only under their own name)",
                            command.line());
                }
                phase = Phase.COMMAND;
                return new Request.Login(login.user());
            }
            throw new ProtocolException("P5", "the first line must be LOGIN", command.line());
        }
        if (command instanceof Command.Compose compose) {
            phase = Phase.MESSAGE;
            recipient = Name.of(compose.recipient());
            return null;
        }
        if (command instanceof Command.Read) {
            return Request.READ;
        }
        if (command instanceof Command.Exit) {
            phase = Phase.ENDED;
            return Request.EXIT;
        }
        throw new ProtocolException("P10", "a second LOGIN", command.line());
    }

    private ProtocolException tooLong(int held, ByteBuffer in, int start) {
        String problem = "command line longer than " + Limits.MAX_COMMAND_LINE + " bytes";
        if (held > 0) {
            return new ProtocolException("P11", problem, framer.buffer(), 0, held);
        }
        byte[] excerpt = new byte[Math.min(in.position() - start, 81)];
        in.get(start, excerpt);
        return new ProtocolException("P11", problem, excerpt, 0, excerpt.length);
    }

    /** The number of lines completed so far. */
    long lines() {
        return lines;
    }

    /** True if some bytes of a line have arrived but not its LF (an over-long line being skipped included). */
    boolean midLine() {
        return phase != Phase.ENDED && (framer.midLine() || phase == Phase.SKIPPING_MESSAGE);
    }

    /** True once EXIT was read or the protocol was broken: no more requests will come. */
    boolean ended() {
        return phase == Phase.ENDED;
    }
}
