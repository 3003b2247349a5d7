package dev.pigeonhole.server;

/**
 * The server side of one client's session: who is logged in and which message a READ handed out but the
 * client has not yet confirmed. Runs on a worker; a connection's requests reach it one at a time, in order.
 *
 * <p>Loss-safe READ: a message returned by READ stays <em>in flight</em>. It is removed for good (and
 * {@link MessageStore#removed} is called) when the same connection sends its next valid line, which
 * shows the reply was received; if the connection ends any other way, the message goes back to the head
 * of its recipient's queue. A second READ on the same connection confirms the first, so it returns a
 * different message (P8).
 */
final class Session {
    private final Mailboxes mailboxes;
    /** Written by the worker, read by the selector for log lines. */
    private volatile String user;

    private StoredMessage inFlight;
    private boolean finished;

    Session(Mailboxes mailboxes) {
        this.mailboxes = mailboxes;
    }

    /** Handles one request, appending its reply to {@code out}. Returns true once the session is over. */
    boolean handle(Request request, Outbox out) {
        if (finished) {
            return true;
        }
        if (request instanceof Request.Closed) {
            abandon();
            return true;
        }
        if (inFlight != null) {
            StoredMessage confirmed = inFlight;
            inFlight = null;
            mailboxes.confirm(confirmed);
        }
        if (request instanceof Request.Login login) {
            user = login.user();
            out.count(mailboxes.count(user));
        } else if (request instanceof Request.Compose compose) {
            out.line(
                    mailboxes.deliver(user, compose.recipient(), compose.text())
                            ? Outbox.MESSAGE_SENT
                            : Outbox.MESSAGE_FAILED);
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
        }
        return finished;
    }

    /**
     * Ends the session without confirming anything: a message in flight goes back to the head of its
     * queue. Used when the connection ends any way other than a valid next line, including a bug in
     * handling a request, so that no failure can lose a message.
     */
    void abandon() {
        if (inFlight != null) {
            mailboxes.putBack(inFlight);
            inFlight = null;
        }
        finished = true;
    }

    /** The logged-in user, or null. */
    String user() {
        return user;
    }
}
