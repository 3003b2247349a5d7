package dev.pigeonhole.server;

/**
 * The server side of one client's session: who is logged in and which message a READ handed out but the
 * client has not yet confirmed. Confined to the event loop of its connection, which passes it requests one
 * at a time, in order.
 *
 * <p>A request that needs the store (a COMPOSE's message, a READ's removal) starts the store call and
 * returns {@code true}: the connection then waits, reading no further request of this session, until the
 * store answers through the {@link MessageStore.Completion} it passed, and calls {@link #resume} on its loop.
 * Over an in-memory store the answer comes during the call, so nothing waits.
 *
 * <p>Loss-safe READ: a message returned by READ stays <em>in flight</em>. It is removed for good (the store
 * records the removal, and the session waits for that before handling the line) when the same connection
 * sends its next valid line, which shows the reply was received; if the connection ends any other way, the
 * message goes back to the head of its recipient's queue. A second READ on the same connection confirms the
 * first, so it returns a different message (P8).
 */
final class Session {
    private final Mailboxes mailboxes;
    /** Written on the loop, read by any thread for log lines. */
    private volatile String user;

    private StoredMessage inFlight;
    private boolean finished;

    /** The removal being recorded, and the request to handle once it is. */
    private StoredMessage removing;

    private Request afterRemoval;
    /** The COMPOSE's message being stored. */
    private Mailboxes.Delivery storing;

    Session(Mailboxes mailboxes) {
        this.mailboxes = mailboxes;
    }

    /**
     * Handles one request, appending its reply to {@code out}. Returns true if it waits for the store, which
     * then tells {@code done}; call {@link #resume} with the answer.
     */
    boolean handle(Request request, Outbox out, MessageStore.Completion done) {
        if (finished) {
            return false;
        }
        if (request instanceof Request.Closed) {
            abandon();
            return false;
        }
        if (inFlight != null) {
            removing = inFlight;
            afterRemoval = request;
            inFlight = null;
            mailboxes.confirm(removing, done);
            return true;
        }
        return perform(request, out, done);
    }

    /** The store answered the call {@link #handle} or a previous resume waits for; may wait again (true). */
    boolean resume(Throwable failure, Outbox out, MessageStore.Completion done) {
        if (removing != null) {
            StoredMessage removed = removing;
            Request next = afterRemoval;
            removing = null;
            afterRemoval = null;
            mailboxes.confirmed(removed, failure);
            return !finished && perform(next, out, done);
        }
        if (storing != null) {
            Mailboxes.Delivery delivery = storing;
            storing = null;
            // Always settled, even if the session ended meanwhile: the room reserved must be used or given back.
            boolean sent = mailboxes.stored(delivery, failure);
            out.line(sent ? Outbox.MESSAGE_SENT : Outbox.MESSAGE_FAILED);
        }
        return false;
    }

    private boolean perform(Request request, Outbox out, MessageStore.Completion done) {
        if (request instanceof Request.Login login) {
            user = login.user();
            out.count(mailboxes.count(user));
        } else if (request instanceof Request.Compose compose) {
            Mailboxes.Delivery delivery = mailboxes.reserve(user, compose.recipient(), compose.text());
            if (delivery == null) {
                out.line(Outbox.MESSAGE_FAILED);
                return false;
            }
            storing = delivery;
            mailboxes.store(delivery, done);
            return true;
        } else if (request instanceof Request.Read) {
            StoredMessage m = mailboxes.take(user);
            if (m == null) {
                out.line(Outbox.READ_ERROR);
            } else {
                inFlight = m;
                out.message(m.sender(), m.text());
            }
        } else if (request instanceof Request.Oversized) {
            out.line(Outbox.MESSAGE_FAILED);
        } else if (request instanceof Request.Exit) {
            finished = true;
        } else if (request instanceof Request.Closed) {
            abandon();
        }
        return false;
    }

    /**
     * Ends the session without confirming anything: a message in flight goes back to the head of its
     * queue. Used when the connection ends any way other than a valid next line, including a bug in
     * handling a request, so that no failure can lose a message. A store call in progress still settles
     * through {@link #resume}.
     */
    void abandon() {
        if (inFlight != null) {
            mailboxes.putBack(inFlight);
            inFlight = null;
        }
        finished = true;
    }

    /** True once EXIT or the end of the connection was handled: nothing more is answered. */
    boolean finished() {
        return finished;
    }

    /** The logged-in user, or null. */
    String user() {
        return user;
    }
}
