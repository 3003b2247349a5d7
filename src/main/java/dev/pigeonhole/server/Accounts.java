package dev.pigeonhole.server;

import dev.pigeonhole.system.PasswordDatabase;
import java.io.IOException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Who may receive over the Unix socket: the accounts of this host (issue 19: a name nobody can log in as is
 * never read, so messages to it would only fill the server). Asks the password database
 * ({@link PasswordDatabase}, NSS: files, LDAP, ...) and keeps each answer for {@link #KEEP_NANOS}, so an event
 * loop asks its cache, never the database: a name not in the cache is looked up on a thread of this class, and
 * the COMPOSE waits for the answer the way it waits for the store, while its loop serves everyone else.
 *
 * <p>Every account may receive, system accounts included (see {@link PasswordDatabase}); over TCP, where the
 * server cannot tell who is who, any name may (the protocol's free names), and this class is not asked.
 *
 * <p>Thread-safe: a concurrent map of answers; lookups run on one daemon thread.
 */
final class Accounts {
    /** How long an answer is kept: an account made or removed shows within this. */
    static final long KEEP_NANOS = TimeUnit.SECONDS.toNanos(60);
    /** Answers kept at most; past this the cache starts over, so made-up names cannot grow it without bound. */
    static final int MAX_KEPT = 10_000;

    /** Told the answer of a {@link #lookUp}, on the lookup's thread. */
    interface Answered {
        void answered(boolean account);
    }

    /** The question asked of the database; a test may ask another. */
    interface Database {
        boolean isAccount(String name) throws IOException;
    }

    private record Answer(boolean account, long at) {}

    private final Database database;
    private final ServerLog log;
    /** Keyed by the name's bytes, as a COMPOSE carries it: a known answer costs no String. */
    private final ConcurrentHashMap<Name, Answer> kept = new ConcurrentHashMap<>();

    private final ExecutorService lookups = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "pigeonhole-accounts");
        t.setDaemon(true);
        return t;
    });

    Accounts(Database database, ServerLog log) {
        this.database = database;
        this.log = log;
    }

    /** This host's password database. */
    static Accounts ofHost(ServerLog log) {
        return new Accounts(PasswordDatabase::isAccount, log);
    }

    /** True or false if the answer for {@code name} is known and fresh; null if it must be {@link #lookUp looked up}. */
    Boolean known(Name name) {
        Answer a = kept.get(name);
        if (a == null || System.nanoTime() - a.at() > KEEP_NANOS) {
            return null;
        }
        return a.account();
    }

    /**
     * Looks {@code name} up on this class's thread, keeps the answer, then tells {@code done}. A database that cannot be asked counts as "not an account" (and is
     * logged): a COMPOSE fails rather than lets any name through.
     */
    void lookUp(Name name, Answered done) {
        lookups.execute(() -> {
            boolean account;
            try {
                account = database.isAccount(name.toString());
            } catch (IOException | RuntimeException e) {
                log.repeated(
                        "password database failed",
                        "",
                        () -> "cannot ask the password database whether " + name + " is an account: " + e
                                + "; COMPOSE to it answered MESSAGE FAILED");
                account = false;
            }
            if (kept.size() >= MAX_KEPT) {
                kept.clear();
            }
            kept.put(name, new Answer(account, System.nanoTime()));
            done.answered(account);
        });
    }
}
