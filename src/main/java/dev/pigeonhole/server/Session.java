package dev.pigeonhole.server;

/**
 * The server side of one client's session: who is logged in and which message a READ handed out but the
 * client has not yet confirmed. Confined to the event loop of its connection, which passes it requests one
 * at a time, in order.
 *
 * <p>Each request ends one of two ways. Either its reply is appended to the {@link Outbox} and {@link #handle}
 * returns {@code null}; or it needs the store (a COMPOSE's message, the removal a READ becomes final with), and
 * the session starts the store call and returns the {@link Pending} it waits for. The store answers that
 * {@code Pending} (its {@link MessageStore.Completion}), which hands the answer to its {@link Waiter}, the
 * connection; on its loop, the connection calls {@link Pending#finish}, which writes the reply or goes on with
 * the request (and may return the next {@code Pending}). All the state of a wait is in its {@code Pending}.
 *
 * <p>Loss-safe READ: a message returned by READ stays <em>in flight</em>. It is removed for good (the store
 * records the removal, and the session waits for that before handling the line) when the same connection
 * sends its next valid line, which shows the reply was received; if the connection ends any other way, the
 * message goes back to the head of its recipient's queue. A second READ on the same connection confirms the
 * first, so it returns a different message (P8).
 */
final class Session {
    /** Where a {@link Pending}'s answer goes: the connection, which continues it on its own loop. */
    interface Waiter {
        /** Any thread: the store answered {@code pending} with {@code failure} (null: success). */
        void answered(Pending pending, Throwable failure);
    }

    /**
     * A store call this session waits for, and what to do once it is answered. Created on the loop; its
     * {@link #completed} may be called on any thread, once.
     */
    abstract static class Pending implements MessageStore.Completion {
        private final Waiter waiter;

        Pending(Waiter waiter) {
            this.waiter = waiter;
        }

        @Override
        public final void completed(Throwable failure) {
            waiter.answered(this, failure);
        }

        /**
         * On the connection's loop, once the store answered with {@code failure} (null: success): finishes the
         * request, appending its reply to {@code out}. Returns the next call the session waits for, or null.
         */
        abstract Pending finish(Throwable failure, Outbox out);
    }

    private final Mailboxes mailboxes;
    /** Its connection's loop's view of the store; another loop's when the connection moves (see {@link #storeOn}). */
    private StoreWrites store;

    private final Waiter waiter;
    /** Who may receive, over the Unix socket: this host's accounts; null over TCP, where any name may. */
    private final Accounts recipients;
    /** Written on the loop, read by any thread for log lines. */
    private volatile String user;
    /** The logged-in user's mailbox, found once at LOGIN and held until the session ends; null before and after. */
    private Mailbox own;

    private StoredMessage inFlight;
    private boolean finished;

    Session(Mailboxes mailboxes, StoreWrites store, Waiter waiter) {
        this(mailboxes, store, waiter, null);
    }

    /** A session whose COMPOSE goes only to {@code recipients} (null: to any name). */
    Session(Mailboxes mailboxes, StoreWrites store, Waiter waiter, Accounts recipients) {
        this.mailboxes = mailboxes;
        this.store = store;
        this.waiter = waiter;
        this.recipients = recipients;
    }

    /**
     * The connection moved to another event loop: store calls go through that loop's view of the store from now
     * on. Only between requests, while no store call is under way.
     */
    void storeOn(StoreWrites store) {
        this.store = store;
    }

    /**
     * Handles one request: appends its reply to {@code out} and returns null, or starts a store call and
     * returns what it waits for.
     */
    Pending handle(Request request, Outbox out) {
        if (finished) {
            return null;
        }
        if (request instanceof Request.Closed) {
            abandon();
            return null;
        }
        if (inFlight != null) {
            StoredMessage read = inFlight;
            inFlight = null;
            mailboxes.confirm(read);
            Pending removal = new Removal(read, request);
            store.removed(read, removal);
            return removal;
        }
        return perform(request, out);
    }

    private Pending perform(Request request, Outbox out) {
        if (request instanceof Request.Login login) {
            user = login.user();
            own = mailboxes.hold(Name.of(login.user()));
            out.count(own.size());
        } else if (request instanceof Request.Compose compose) {
            if (recipients != null) {
                Boolean account = recipients.known(compose.recipient());
                if (account == null) {
                    Checking checking = new Checking(compose);
                    recipients.lookUp(compose.recipient(), checking);
                    return checking;
                }
                if (!account) {
                    out.line(Outbox.MESSAGE_FAILED);
                    return null;
                }
            }
            return compose(compose, out);
        } else if (request instanceof Request.Read) {
            StoredMessage m = mailboxes.take(own);
            if (m == null) {
                out.line(Outbox.READ_ERROR);
            } else {
                inFlight = m;
                out.message(m.sender(), m.body());
            }
        } else if (request instanceof Request.Oversized) {
            out.line(Outbox.MESSAGE_FAILED);
        } else if (request instanceof Request.Exit) {
            end();
        } else if (request instanceof Request.Closed) {
            abandon();
        }
        return null;
    }

    /** Reserves room for a COMPOSE to a recipient who may receive, and starts storing it (P7). */
    private Pending compose(Request.Compose compose, Outbox out) {
        Mailboxes.Delivery delivery = mailboxes.reserve(user, compose.recipient(), compose.text());
        if (delivery == null) {
            out.line(Outbox.MESSAGE_FAILED);
            return null;
        }
        Pending storing = new Storing(delivery);
        store.stored(delivery.message(), storing);
        return storing;
    }

    /**
     * A COMPOSE whose recipient is being looked up in the password database ({@link Accounts}): a name that is
     * no account is answered MESSAGE FAILED, and nothing is stored for it.
     */
    private final class Checking extends Pending implements Accounts.Answered {
        private final Request.Compose compose;
        /** Written on the lookup's thread before {@link #completed}, which hands it to the loop. */
        private volatile boolean account;

        Checking(Request.Compose compose) {
            super(waiter);
            this.compose = compose;
        }

        @Override
        public void answered(boolean isAccount) {
            account = isAccount;
            completed(null);
        }

        @Override
        Pending finish(Throwable failure, Outbox out) {
            if (!account || finished) {
                if (!finished) {
                    out.line(Outbox.MESSAGE_FAILED);
                }
                return null;
            }
            return compose(compose, out);
        }
    }

    /** A COMPOSE's message being stored: answered MESSAGE SENT or MESSAGE FAILED once the store answers (P7). */
    private final class Storing extends Pending {
        private final Mailboxes.Delivery delivery;

        Storing(Mailboxes.Delivery delivery) {
            super(waiter);
            this.delivery = delivery;
        }

        @Override
        Pending finish(Throwable failure, Outbox out) {
            // Always settled, even if the session ended meanwhile: the room reserved must be used or given back.
            boolean sent = mailboxes.stored(delivery, failure);
            out.line(sent ? Outbox.MESSAGE_SENT : Outbox.MESSAGE_FAILED);
            return null;
        }
    }

    /** The removal of the message a READ handed out, being recorded; then the line that confirmed it runs. */
    private final class Removal extends Pending {
        private final StoredMessage removed;
        private final Request next;

        Removal(StoredMessage removed, Request next) {
            super(waiter);
            this.removed = removed;
            this.next = next;
        }

        @Override
        Pending finish(Throwable failure, Outbox out) {
            mailboxes.confirmed(removed, failure);
            return finished ? null : perform(next, out);
        }
    }

    /**
     * Ends the session without confirming anything: a message in flight goes back to the head of its
     * queue. Used when the connection ends any way other than a valid next line, including a bug in
     * handling a request, so that no failure can lose a message. A store call in progress still settles
     * when the store answers.
     */
    void abandon() {
        if (inFlight != null) {
            mailboxes.putBack(own, inFlight);
            inFlight = null;
        }
        end();
    }

    /** Nothing more is answered; the mailbox held since LOGIN is let go. */
    private void end() {
        finished = true;
        if (own != null) {
            mailboxes.release(own);
            own = null;
        }
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
