package dev.pigeonhole.server;

/**
 * One client request as its connection queues it for the {@link Session}: a complete, syntactically valid
 * piece of the session (a command, or a COMPOSE together with its message line), or the end of the
 * connection. A connection's requests are handled one at a time, in the order they arrived.
 */
sealed interface Request {
    /** P5. */
    record Login(String user) implements Request {}

    /** P7: a COMPOSE line and the message line that followed it, as the bytes that arrived. */
    @SuppressWarnings("ArrayRecordComponent") // made once by the reader, handed on, never compared
    record Compose(Name recipient, byte[] text) implements Request {}

    /** P8. */
    record Read() implements Request {}

    /** P9. */
    record Exit() implements Request {}

    /** P11: a COMPOSE whose message line was longer than the limit; its bytes were skipped. */
    record Oversized() implements Request {}

    /** The connection ended without EXIT (closed by the peer, broken, dropped, idle, or server stopping). */
    record Closed(String reason) implements Request {}

    Read READ = new Read();
    Exit EXIT = new Exit();
    Oversized OVERSIZED = new Oversized();
}
