package dev.pigeonhole.courier;

import dev.pigeonhole.client.Archive;
import dev.pigeonhole.client.ArchivedMessage;
import dev.pigeonhole.client.ClientSession;
import dev.pigeonhole.client.Endpoint;
import dev.pigeonhole.client.PollSchedule;
import dev.pigeonhole.client.SentStore;
import dev.pigeonhole.compose.Outbox;
import dev.pigeonhole.compose.SendResult;
import dev.pigeonhole.protocol.InvalidInputException;
import dev.pigeonhole.protocol.ProtocolException;
import dev.pigeonhole.protocol.Reply;
import dev.pigeonhole.system.IoReason;
import dev.pigeonhole.text.WireText;
import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The terminal client's network side: one background thread that owns the {@link ClientSession}. It
 * connects and logs in, polls on a {@link PollSchedule} (fast while the window is in use, at the
 * settings' interval when idle; READ into the {@link Archive}, forced to disk; the UI shows it from the file),
 * sends what the UI queued, and reconnects with exponential backoff when the connection fails. The UI never
 * waits for it: errands go through a queue and answers come back through {@link MailEvents}.
 *
 * <p>Every message goes through the {@link Outbox} on disk: in before it is sent (pending while offline),
 * out once the server answered {@code MESSAGE SENT} and it is in the {@link SentStore}. Pending messages are
 * sent in order when connected; one whose answer never came stays unconfirmed until the user decides, and is
 * never sent twice by itself.
 */
public final class Courier implements Mailroom, AutoCloseable {
    /** Where and how to connect. */
    public record Settings(
            Endpoint endpoint,
            String user,
            Duration interval,
            Duration connectTimeout,
            Duration readTimeout,
            int maxMessage) {
        /** Over TCP to {@code host:port}. */
        public Settings(
                String host,
                int port,
                String user,
                Duration interval,
                Duration connectTimeout,
                Duration readTimeout,
                int maxMessage) {
            this(new Endpoint.Tcp(host, port), user, interval, connectTimeout, readTimeout, maxMessage);
        }
    }

    /** READs per round; more rounds follow at once while the server keeps having messages. */
    static final int FETCH_BATCH = 50;

    static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    static final Duration MAX_RETRY = Duration.ofSeconds(10);

    private sealed interface Errand permits Send, Resend, Arrived, TakeBack, Poll, Wake, Stop {}

    /** A message now in the outbox: send what is pending (connecting first, if offline). */
    private record Send(String recipient, String text) implements Errand {}

    private record Resend(long id) implements Errand {}

    /** The user knows an unconfirmed message arrived. */
    private record Arrived(long id) implements Errand {}

    private record TakeBack(long id) implements Errand {}

    /** {@code userAsked}: Ctrl-R, which also resumes reading paused by an archive failure. */
    private record Poll(boolean userAsked) implements Errand {}

    /** The schedule turned fast: the poll planned at the idle period may now be due sooner. */
    private record Wake() implements Errand {}

    private record Stop() implements Errand {}

    private final Settings settings;
    private final Archive archive;
    private final SentStore sent;
    private final Outbox outbox;
    private final MailEvents events;
    private final PollSchedule schedule;
    /** UI to network: sends, polls and the stop request, in order. */
    private final BlockingQueue<Errand> errands = new LinkedBlockingQueue<>();

    private final Thread thread;
    private final java.util.concurrent.atomic.AtomicLong polls = new java.util.concurrent.atomic.AtomicLong();

    // Owned by the network thread; volatile only so that close() can see the session to unblock it.
    private volatile ClientSession session;
    private long waiting = -1;
    private int failures;
    private String lastReason;
    /** Set when the archive failed: no READ until the user asks (Ctrl-R); the messages wait on the server. */
    private boolean readsPaused;
    /**
     * Puts each message in the outbox on disk the moment it is handed over, so that neither a network
     * thread stuck in a slow read nor a crash meanwhile can lose it.
     */
    private final ExecutorService filing = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "pigeonhole-outbox");
        t.setDaemon(true);
        return t;
    });
    /** Guards {@link #shownOutbox}, so the UI is told snapshots of the outbox in the order they were read. */
    private final Object telling = new Object();
    /** The outbox as last told to the UI. */
    private List<Outbox.Entry> shownOutbox;

    public Courier(Settings settings, Archive archive, SentStore sent, MailEvents events) {
        this(settings, archive, sent, events, PollSchedule.forInterval(Clock.systemUTC(), settings.interval()));
    }

    /** With the poll schedule given (tests and benchmarks); the settings' interval is then not used. */
    public Courier(Settings settings, Archive archive, SentStore sent, MailEvents events, PollSchedule schedule) {
        this.schedule = schedule;
        this.settings = settings;
        this.archive = archive;
        this.sent = sent;
        this.outbox = new Outbox(Outbox.beside(archive.file()));
        this.events = events;
        this.thread = new Thread(this::run, "pigeonhole-network");
        this.thread.setDaemon(true);
    }

    /** Starts the network thread: it connects at once. */
    public Courier start() {
        thread.start();
        return this;
    }

    @Override
    public void send(String recipient, String text) {
        try {
            filing.execute(() -> file(recipient, text));
        } catch (RejectedExecutionException closed) {
            events.sendResult(new SendResult(recipient, text, SendResult.Outcome.NOT_SENT, "the client is stopping"));
        }
    }

    /** On the filing thread: into the outbox (shown as pending at once), then the network thread sends it. */
    private void file(String recipient, String text) {
        try {
            outbox.add(recipient, text, Instant.now(), false);
        } catch (IOException | RuntimeException e) {
            events.sendResult(new SendResult(
                    recipient,
                    text,
                    SendResult.Outcome.NOT_SENT,
                    "it could not be kept in " + outbox.file() + " (" + reason(e) + ")"));
            return;
        }
        publish();
        errands.add(new Send(recipient, text));
    }

    @Override
    public void resend(long id) {
        errands.add(new Resend(id));
    }

    @Override
    public void recordSent(long id) {
        errands.add(new Arrived(id));
    }

    @Override
    public void takeBack(long id) {
        errands.add(new TakeBack(id));
    }

    @Override
    public void pollNow() {
        errands.add(new Poll(true));
    }

    @Override
    public void inUse() {
        if (schedule.touch()) {
            errands.add(new Wake());
        }
    }

    /** The terminal window gained ({@code true}) or lost the focus: focused counts as in use. */
    public void focus(boolean in) {
        if (schedule.focus(in)) {
            errands.add(new Wake());
        }
    }

    /** READ rounds made so far (for the benchmarks: what an open client costs the server). */
    public long polls() {
        return polls.get();
    }

    /**
     * Asks the thread to send EXIT and stop, and waits up to {@code timeout} for it. A thread stuck in a
     * slow read is abandoned (it is a daemon, and its socket is closed under it).
     */
    public void close(Duration timeout) {
        filing.shutdown(); // what was handed over is in the outbox before the thread stops
        try {
            if (!filing.awaitTermination(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS)) {
                System.err.println("pigeonhole: the outbox file did not answer; a message just sent may be lost");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        errands.add(new Stop());
        try {
            thread.join(Math.max(1, timeout.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            ClientSession s = session; // closing the socket under the stuck read ends it
            if (s != null) {
                s.close();
            }
            thread.interrupt();
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(2));
    }

    private void run() {
        Instant lastPoll = Instant.now();
        Instant nextPoll = lastPoll;
        Instant retryAt = Instant.now();
        publish(); // what earlier sessions left unconfirmed or pending shows at once
        try {
            while (true) {
                if (session == null) {
                    Errand r = take(retryAt);
                    if (r instanceof Stop) {
                        return;
                    }
                    if (r instanceof Wake) {
                        continue; // offline: the reconnect keeps its backoff
                    }
                    if (r instanceof Poll p && p.userAsked()) {
                        readsPaused = false; // Ctrl-R while offline: also read once connected
                    }
                    if (!(r instanceof Send || r instanceof Resend || r instanceof Poll)) {
                        errand(r); // recording or taking back needs no connection
                        continue;
                    }
                    boolean queued = r instanceof Poll || errand(r);
                    if (queued && connect()) {
                        drain();
                    } else if (queued && r instanceof Send s) {
                        events.sendResult(new SendResult(
                                s.recipient(),
                                s.text(),
                                SendResult.Outcome.QUEUED,
                                "no connection to the server (" + lastReason + ")"));
                    } else if (queued && r instanceof Resend) {
                        events.notice(
                                "Offline (" + lastReason + "): the message waits in the outbox and goes when"
                                        + " the connection is back.",
                                false);
                    }
                    if (session != null) {
                        nextPoll = Instant.now();
                    } else {
                        retryAt = Instant.now().plus(backoff());
                        events.connection(LinkState.offline(lastReason, retryAt));
                    }
                    continue;
                }
                Errand r = take(nextPoll);
                if (r instanceof Stop) {
                    return;
                }
                if (r instanceof Poll p) {
                    fetch(p.userAsked());
                    lastPoll = Instant.now();
                    nextPoll = schedule.next(lastPoll);
                    drain(); // another client's, or one the user asked to send again
                } else if (errand(r)) {
                    drain();
                }
                // A Wake, a send or a key may have made the schedule fast: the planned poll may come sooner.
                Instant due = schedule.next(lastPoll);
                if (due.isBefore(nextPoll)) {
                    nextPoll = due;
                }
                if (session == null) {
                    retryAt = Instant.now().plus(backoff());
                    events.connection(LinkState.offline(lastReason, retryAt));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (session != null) {
                session.exit();
                session = null;
            }
            // Sends still queued are in the outbox already: the next client that runs sends them.
        }
    }

    /** The next request, or a {@link Poll} once {@code deadline} passes. */
    private Errand take(Instant deadline) throws InterruptedException {
        long wait = Duration.between(Instant.now(), deadline).toMillis();
        Errand r = wait > 0 ? errands.poll(wait, TimeUnit.MILLISECONDS) : errands.poll();
        return r == null ? new Poll(false) : r;
    }

    private boolean connect() {
        events.connection(LinkState.connecting());
        ClientSession s = null;
        try {
            s = ClientSession.open(
                    settings.endpoint(), settings.connectTimeout(), settings.readTimeout(), settings.maxMessage());
            waiting = s.login(settings.user());
            session = s;
            failures = 0;
            events.connection(LinkState.connected(waiting));
            return true;
        } catch (IOException | RuntimeException e) {
            if (s != null) {
                s.close();
            }
            lastReason = reason(e);
            return false;
        }
    }

    /**
     * Does what a send, resend, record or take-back errand asks of the outbox; returns true if a message may
     * now be waiting to be sent.
     */
    private boolean errand(Errand r) {
        try {
            if (r instanceof Send) {
                return true; // filed already
            }
            if (r instanceof Resend e) {
                return outbox.retry(e.id());
            }
            if (r instanceof Arrived e) {
                record(e.id());
            } else if (r instanceof TakeBack e) {
                Optional<Outbox.Entry> back = outbox.remove(e.id());
                back.ifPresent(b -> events.sendResult(
                        new SendResult(b.recipient(), b.text(), SendResult.Outcome.TAKEN_BACK, null)));
            }
            return false;
        } catch (IOException | RuntimeException e) {
            events.notice("Outbox: " + reason(e) + " (" + outbox.file() + ")", true);
            return false;
        } finally {
            publish();
        }
    }

    /** Sends the pending messages in the outbox, oldest first, while the connection lasts. */
    private void drain() {
        try {
            while (session != null) {
                Optional<Outbox.Entry> e = outbox.claimNext();
                if (e.isEmpty()) {
                    break;
                }
                publish();
                deliver(e.get());
            }
        } catch (IOException | RuntimeException e) {
            events.notice("Outbox: " + reason(e) + " (" + outbox.file() + ")", true);
        }
        publish();
    }

    private void deliver(Outbox.Entry m) throws IOException {
        try {
            // Any text goes as one line of printable ASCII (src/docs/protocol.md, the text convention).
            Reply.ComposeStatus st = session.compose(m.recipient(), WireText.encode(m.text()));
            if (st == Reply.ComposeStatus.SENT) {
                schedule.touch(); // a conversation is going on: the answer should show at once
                events.sendResult(keep(m, Instant.now(), SendResult.Outcome.SENT));
                return;
            }
            String why = "the recipient's queue may be full, or the message too long for this server";
            outbox.settle(m.id(), Outbox.State.FAILED, "MESSAGE FAILED: " + why);
            events.sendResult(new SendResult(m.recipient(), m.text(), SendResult.Outcome.REFUSED, why));
        } catch (InvalidInputException e) {
            // Checked by the UI already; the session checks again and sent nothing.
            outbox.settle(m.id(), Outbox.State.FAILED, e.getMessage());
            events.sendResult(new SendResult(m.recipient(), m.text(), SendResult.Outcome.REFUSED, e.getMessage()));
        } catch (IOException | RuntimeException e) {
            dropSession(e);
            String why = "the connection broke (" + lastReason + ") before the server answered";
            outbox.settle(m.id(), Outbox.State.UNCONFIRMED, why);
            events.sendResult(new SendResult(m.recipient(), m.text(), SendResult.Outcome.UNCONFIRMED, why));
        }
    }

    /** The user knows an unconfirmed message arrived: it goes to the sent store, at the time it was sent. */
    private void record(long id) throws IOException {
        Optional<Outbox.Entry> m =
                outbox.entries().stream().filter(e -> e.id() == id).findFirst();
        if (m.isPresent() && m.get().state() == Outbox.State.UNCONFIRMED) {
            events.sendResult(keep(m.get(), m.get().at(), SendResult.Outcome.RECORDED));
        }
    }

    /**
     * Records a message the server took in the sent store (forced to disk), then takes it out of the outbox,
     * before "Sent" is shown; if the sent store fails the message is still sent, and the result says it was
     * not kept.
     */
    private SendResult keep(Outbox.Entry m, Instant at, SendResult.Outcome outcome) throws IOException {
        String problem = null;
        try {
            sent.append(at, m.recipient(), WireText.encode(m.text())); // wire text, as the archive
        } catch (IOException e) {
            if (outcome != SendResult.Outcome.SENT) {
                throw e; // recorded by the user: it stays in the outbox until the sent store has it
            }
            problem = "but it could not be kept in " + sent.file() + " (" + reason(e) + ")";
        }
        outbox.remove(m.id());
        return new SendResult(m.recipient(), m.text(), outcome, problem);
    }

    /**
     * Tells the UI what the outbox holds, if that changed since it was last told. Called on the network and
     * the filing thread: the lock orders read and tell, so an older snapshot never follows a newer one; it is
     * held around reading the (small) file on purpose, as the file is what it orders.
     */
    private void publish() {
        try {
            synchronized (telling) {
                List<Outbox.Entry> now = outbox.entries();
                if (!now.equals(shownOutbox)) {
                    shownOutbox = now;
                    events.outbox(now);
                }
            }
        } catch (IOException | RuntimeException e) {
            events.notice("Outbox: " + reason(e) + " (" + outbox.file() + ")", true);
        }
    }

    /**
     * READs everything waiting, batch by batch, with {@link Archive#fetch}: each message is appended to the
     * archive (forced to disk) before anyone sees it. When the archive fails, fetch closes the session
     * without EXIT, so the READ is never confirmed and the server puts the message back at the head of the
     * queue (src/docs/protocol.md); unlike a network failure, reading then pauses until the user asks again
     * (Ctrl-R), instead of failing the same way at every poll.
     */
    private void fetch(boolean userAsked) {
        if (readsPaused && !userAsked) {
            return;
        }
        readsPaused = false;
        // Outside the try: what was archived before a failure must still be announced. The READ that broke
        // may have reached the server and confirmed the last one (P8), so it might never come again.
        List<ArchivedMessage> got = new ArrayList<>();
        polls.incrementAndGet();
        try {
            for (int round = 0; round < 100; round++) {
                int read = archive.fetch(session, FETCH_BATCH, got::add);
                boolean empty = read < FETCH_BATCH;
                long left = empty ? 0 : Math.max(0, waiting - read);
                if (left != waiting) {
                    waiting = left;
                    events.connection(LinkState.connected(waiting));
                }
                if (empty || !errands.isEmpty()) {
                    break; // READ ERROR seen, or the user wants something: the next poll carries on
                }
            }
        } catch (Archive.WriteException e) {
            readsPaused = true;
            lastReason = "archive write failed";
            session = null; // closed by fetch, without EXIT: the last READ stays unconfirmed
            // Most important first: the status row cuts what does not fit.
            events.notice(
                    "Archive write failed; reading paused, messages stay on the server (Ctrl-R retries): "
                            + reason(e.getCause() instanceof Exception c ? c : e),
                    true);
        } catch (IOException | RuntimeException e) {
            dropSession(e);
        } finally {
            if (!got.isEmpty()) {
                schedule.touch(); // a message came: its sender may well write again soon
                events.archived(List.copyOf(got)); // safe on disk, whatever happened after
            }
        }
    }

    private void dropSession(Exception e) {
        lastReason = reason(e);
        if (session != null) {
            session.close();
            session = null;
        }
    }

    /** 1 s, 2 s, 4 s ... up to 10 s, each with up to 20 % jitter so that clients do not return in step. */
    private Duration backoff() {
        long base = Math.min(MAX_RETRY.toMillis(), FIRST_RETRY.toMillis() << Math.min(failures, 16));
        failures++;
        long jitter = ThreadLocalRandom.current().nextLong(base / 5 + 1);
        return Duration.ofMillis(base - jitter);
    }

    /** An exception as a few words for the status pane. */
    static String reason(Exception e) {
        if (e instanceof ConnectException) {
            return "connection refused";
        }
        if (e instanceof UnknownHostException) {
            return "unknown host " + e.getMessage();
        }
        if (e instanceof SocketTimeoutException) {
            return "the server did not answer in time";
        }
        if (e instanceof EOFException) {
            return "the server closed the connection";
        }
        if (e instanceof ProtocolException p) {
            return "unexpected reply from the server (" + p.getMessage() + ")";
        }
        return IoReason.of(e);
    }
}
