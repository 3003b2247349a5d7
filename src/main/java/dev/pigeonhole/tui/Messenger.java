package dev.pigeonhole.tui;

import com.googlecode.lanterna.gui2.MultiWindowTextGUI;
import com.googlecode.lanterna.gui2.SameTextGUIThread;
import com.googlecode.lanterna.gui2.TextGUIThread;
import com.googlecode.lanterna.gui2.Window;
import com.googlecode.lanterna.gui2.WindowListenerAdapter;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.screen.Screen;
import dev.pigeonhole.client.Archive;
import dev.pigeonhole.client.ArchivedMessage;
import dev.pigeonhole.client.Endpoint;
import dev.pigeonhole.client.HostAccounts;
import dev.pigeonhole.client.RecordFile;
import dev.pigeonhole.client.SentStore;
import dev.pigeonhole.compose.ComposeHistory;
import dev.pigeonhole.compose.DraftFile;
import dev.pigeonhole.compose.OpenWindow;
import dev.pigeonhole.compose.Outbox;
import dev.pigeonhole.compose.SendResult;
import dev.pigeonhole.courier.Courier;
import dev.pigeonhole.courier.LinkState;
import dev.pigeonhole.courier.MailEvents;
import dev.pigeonhole.history.HistorySearch;
import dev.pigeonhole.history.Timeline;
import dev.pigeonhole.system.IoReason;
import dev.pigeonhole.text.WireText;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The terminal client on a given {@link Screen}: the window, the network thread ({@link Courier}), the file
 * thread ({@link Timeline}), and the loop between them. It knows nothing about real terminals, so tests run
 * it on Lanterna's virtual terminal.
 *
 * <p>Threading: the thread that calls {@link #step()} or {@link #run} is the GUI thread
 * ({@link SameTextGUIThread}); the other threads reach the window only through
 * {@link TextGUIThread#invokeLater}, never {@code invokeAndWait}, which would hang once the loop stops.
 */
public final class Messenger implements AutoCloseable {
    /** How long the loop sleeps when there was nothing to do: ~1.4 % of a core idle instead of ~6 % at 1 ms. */
    static final long IDLE_SLEEP_MS = 20;
    /** Sent messages recalled with Up, from earlier sessions too. */
    static final int HISTORY = ComposeHistory.MAX;

    /**
     * How the client looks and behaves, beyond where it connects.
     *
     * @param suspend stops the program as Ctrl-Z does in a shell and returns null once it is resumed
     *                ({@code fg}), or returns why it cannot
     */
    public record Options(
            Look look, boolean bellOnNew, Runnable bell, Consumer<String> title, Supplier<String> suspend) {}

    private final MultiWindowTextGUI gui;
    private final MessengerWindow window;
    private final Courier courier;
    private final Timeline timeline;
    private final DraftFile drafts;
    /** Held for the window's life: whether it is the user's first open one (a second one starts empty). */
    private final OpenWindow openWindow;
    /**
     * The drafts file's own thread: reading it at start-up must not wait behind pages of a large archive on the
     * timeline's thread (keys typed meanwhile are merged in anyway, see {@link DraftFile}).
     */
    private final ExecutorService draftThread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "pigeonhole-drafts");
        t.setDaemon(true);
        return t;
    });

    /** Asks the host about accounts (over ssh a command per question, so never on the GUI thread). */
    private final ExecutorService accountThread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "pigeonhole-accounts");
        t.setDaemon(true);
        return t;
    });

    private final HostAccounts accounts;
    private final boolean accountsKnowable;
    private final Clock clock;
    private final Archive archive;
    private final SentStore sent;
    private final Duration interval;
    private long nextLook;

    public Messenger(
            Screen screen, Courier.Settings settings, Archive archive, Options options, Clock clock, ZoneId zone) {
        this.gui = new MultiWindowTextGUI(new SameTextGUIThread.Factory(), screen);
        this.archive = archive;
        this.sent = SentStore.beside(archive);
        this.drafts = new DraftFile(DraftFile.beside(archive.file()));
        this.openWindow = OpenWindow.claim(archive.file());
        this.clock = clock;
        this.interval = settings.interval();
        this.accounts = HostAccounts.of(settings.endpoint(), settings.connectTimeout());
        this.accountsKnowable = !(settings.endpoint() instanceof Endpoint.Tcp);
        gui.setTheme(options.look().theme());
        TextGUIThread guiThread = gui.getGUIThread();
        this.timeline = new Timeline(archive, sent, new Timeline.Observer() {
            @Override
            public void page(Timeline.Page page) {
                guiThread.invokeLater(() -> window().onPage(page));
            }

            @Override
            public void arrived(List<Timeline.Item> items, Timeline.Cursor tail) {
                guiThread.invokeLater(() -> window().onArrived(items, tail));
            }

            @Override
            public void correspondents(Map<String, Instant> latest) {
                guiThread.invokeLater(() -> window().onCorrespondents(latest));
            }

            @Override
            public void reset() {
                guiThread.invokeLater(() -> window().onReset());
            }

            @Override
            public void failed(String problem) {
                guiThread.invokeLater(() -> window().onNotice(problem, true));
            }
        });
        this.courier = new Courier(settings, archive, sent, new MailEvents() {
            @Override
            public void connection(LinkState state) {
                guiThread.invokeLater(() -> window().onConnection(state));
            }

            @Override
            public void archived(List<ArchivedMessage> messages) {
                timeline.look(); // shown from the file, like what any other client archives
            }

            @Override
            public void sendResult(SendResult result) {
                guiThread.invokeLater(() -> window().onSendResult(result));
                timeline.look();
            }

            @Override
            public void outbox(List<Outbox.Entry> entries) {
                guiThread.invokeLater(() -> window().onOutbox(entries));
            }

            @Override
            public void notice(String text, boolean problem) {
                guiThread.invokeLater(() -> window().onNotice(text, problem));
            }
        });
        String identity = settings.user() + "@" + settings.endpoint().describe();
        MessengerWindow.Store store = new MessengerWindow.Store() {
            @Override
            public void older(String peer, Timeline.Cursor from) {
                timeline.older(peer, from);
            }

            @Override
            public void newer(String peer, Timeline.Cursor from) {
                timeline.newer(peer, from);
            }

            @Override
            public void latest(String peer) {
                timeline.latest(peer);
            }

            @Override
            public void oldest(String peer) {
                timeline.oldest(peer);
            }

            @Override
            public void around(String peer, Timeline.Item item) {
                timeline.around(peer, item);
            }

            @Override
            public HistorySearch newSearch(String peer, String query) {
                return timeline.newSearch(peer, query, ScreenText::decode);
            }

            @Override
            public void search(HistorySearch search, boolean older, Consumer<Optional<HistorySearch.Hit>> done) {
                timeline.search(search, older, hit -> guiThread.invokeLater(() -> done.accept(hit)));
            }

            @Override
            public void saveDrafts(DraftFile.Contents mine) {
                draftThread.execute(() -> mergeDrafts(mine));
            }

            @Override
            public void lookUp(String name) {
                accountThread.execute(() -> {
                    HostAccounts.Answer a = accounts.lookup(name);
                    guiThread.invokeLater(() -> window().onAccount(name, a));
                });
            }
        };
        this.window = new MessengerWindow(
                options.look(),
                clock,
                zone,
                identity,
                courier,
                store,
                settings.maxMessage(),
                new MessengerWindow.Hooks(options.bellOnNew(), options.bell(), options.title(), options.suspend()));
        gui.addWindow(window);
        // Any key means someone is looking: poll fast for a while so that an answer shows at once.
        window.addWindowListener(new WindowListenerAdapter() {
            @Override
            public void onInput(Window w, KeyStroke key, AtomicBoolean deliver) {
                courier.inUse();
            }
        });
    }

    /** The terminal window gained ({@code true}) or lost the focus; any thread. Focused counts as in use. */
    public void focus(boolean in) {
        courier.focus(in);
    }

    /** Starts the network and file threads; the first frame does not wait for either. */
    public Messenger start() {
        courier.start();
        timeline.start();
        TextGUIThread guiThread = gui.getGUIThread();
        accountThread.execute(() -> {
            List<String> people = accounts.people();
            guiThread.invokeLater(() -> window.onAccounts(people, accountsKnowable));
        });
        draftThread.execute(() -> {
            try {
                boolean first = openWindow.first();
                DraftFile.Contents saved = drafts.load();
                guiThread.invokeLater(() -> window.onDrafts(saved, first));
            } catch (IOException | RuntimeException e) {
                guiThread.invokeLater(() -> window.onNotice(
                        "Could not read your drafts in " + drafts.file() + " (" + IoReason.of(e)
                                + "); they stay there, and what you type now is merged into them.",
                        true));
            }
        });
        timeline.run(() -> {
            for (String notice : new String[] {archive.tightenPermissions(), sent.tightenPermissions()}) {
                if (notice != null) {
                    guiThread.invokeLater(() -> window.onNotice(capitalize(notice) + ".", true));
                }
            }
            RecordFile file = new RecordFile(sent.file());
            List<String> texts = file.before(file.end(), HISTORY, m -> true).records().stream()
                    .map(r -> WireText.decode(r.record().text()))
                    .toList();
            guiThread.invokeLater(() -> window.onSentHistory(texts));
        });
        nextLook = System.nanoTime() + interval.toNanos();
        return this;
    }

    /**
     * One turn of the loop: input, queued tasks from the other threads, redraw; and, once per interval, a
     * look at the files for what other clients of this user archived. Returns whether anything happened
     * (if not, the caller may sleep).
     *
     * @throws java.io.EOFException when the terminal's input ended (e.g. the ssh connection dropped)
     */
    public boolean step() throws IOException {
        boolean busy = gui.getGUIThread().processEventsAndUpdate();
        window.endOfInput();
        window.tick();
        if (System.nanoTime() - nextLook >= 0) {
            nextLook = System.nanoTime() + interval.toNanos();
            timeline.look();
        }
        return busy;
    }

    /** True until the user quits. */
    public boolean running() {
        return !window.quitRequested() && window.getTextGUI() != null;
    }

    /** Runs the loop until the user quits or {@code stop} turns true. */
    public void run(BooleanSupplier stop) throws IOException, InterruptedException {
        while (running() && !stop.getAsBoolean()) {
            if (!step()) {
                Thread.sleep(IDLE_SLEEP_MS);
            }
        }
    }

    /** Merges {@code mine} into the drafts file (drafts thread); the merged drafts go back to the window. */
    private void mergeDrafts(DraftFile.Contents mine) {
        TextGUIThread guiThread = gui.getGUIThread();
        try {
            DraftFile.Contents merged = drafts.save(mine, clock.millis());
            guiThread.invokeLater(() -> window.onDrafts(merged));
        } catch (IOException | RuntimeException e) {
            guiThread.invokeLater(() -> window.onNotice(
                    "Could not save your drafts in " + drafts.file() + " (" + IoReason.of(e)
                            + "); they are kept here and saved again at the next change.",
                    true));
        }
    }

    /** Saves the drafts, stops the network thread (sending EXIT) and the file threads; the screen is the caller's. */
    @Override
    public void close() {
        DraftFile.Contents last = window.unsavedDrafts();
        if (last != null) {
            draftThread.execute(() -> mergeDrafts(last));
        }
        draftThread.shutdown(); // runs what is queued, the save above included
        try {
            if (!draftThread.awaitTermination(5, TimeUnit.SECONDS)) {
                System.err.println("pigeonhole: the drafts file did not answer in 5 s; the last edits may be lost");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        openWindow.close(); // after the last save: the next window to start reopens the drafts
        accountThread.shutdownNow(); // a lookup still running only answers a question nobody waits for
        timeline.close();
        courier.close(Duration.ofSeconds(2));
    }

    MultiWindowTextGUI gui() {
        return gui;
    }

    MessengerWindow window() {
        return window;
    }

    private static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
