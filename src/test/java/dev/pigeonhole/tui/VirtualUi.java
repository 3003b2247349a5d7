package dev.pigeonhole.tui;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.TextCharacter;
import com.googlecode.lanterna.gui2.MultiWindowTextGUI;
import com.googlecode.lanterna.gui2.SameTextGUIThread;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import com.googlecode.lanterna.screen.TerminalScreen;
import com.googlecode.lanterna.terminal.virtual.DefaultVirtualTerminal;
import dev.pigeonhole.client.ConversationMessage;
import dev.pigeonhole.client.RecordFile;
import dev.pigeonhole.compose.DraftFile;
import dev.pigeonhole.courier.Mailroom;
import dev.pigeonhole.history.HistorySearch;
import dev.pigeonhole.history.Timeline;
import dev.pigeonhole.testing.SteppedClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The messenger window on Lanterna's virtual terminal, driven the way the real loop drives it, with a
 * {@link Mailroom} that records what the UI asked for. The test thread is the GUI thread.
 */
final class VirtualUi {
    static final ZoneId ZONE = ZoneOffset.UTC;
    static final Instant NOW = Instant.parse("2026-11-25T16:40:00Z");

    final DefaultVirtualTerminal vt;
    final MultiWindowTextGUI gui;
    final MessengerWindow window;
    final List<String[]> sent = new ArrayList<>();
    /** What the keys asked of the outbox: "resend ID", "record ID", "take back ID". */
    final List<String> outboxAsks = new ArrayList<>();
    /** The names the window asked the host about. */
    final List<String> lookups = new ArrayList<>();

    final List<String> pageRequests = new ArrayList<>();
    final SteppedClock clock = new SteppedClock(NOW);
    final List<DraftFile.Contents> savedDrafts = new ArrayList<>();
    final List<String> titles = new ArrayList<>();
    int polls;
    int suspends;
    int bells;
    /** Real files behind the items handed over, so that search reads them as it does in the client. */
    final Path dir;

    final RecordFile archiveFile;
    final RecordFile sentFile;

    /** How often the window said it is in use (a key reached it). */
    int keysSeen;

    VirtualUi(int cols, int rows, Look look) {
        this(cols, rows, look, DraftFile.Contents.EMPTY);
    }

    /** With {@code drafts} as the saved drafts read at start-up. */
    VirtualUi(int cols, int rows, Look look, DraftFile.Contents drafts) {
        try {
            dir = Files.createTempDirectory("virtual-ui");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        dir.toFile().deleteOnExit();
        archiveFile = new RecordFile(dir.resolve("me.log"));
        sentFile = new RecordFile(dir.resolve("me.sent.log"));
        dir.resolve("me.log").toFile().deleteOnExit();
        dir.resolve("me.sent.log").toFile().deleteOnExit();
        vt = new DefaultVirtualTerminal(new TerminalSize(cols, rows));
        try {
            TerminalScreen screen = new TerminalScreen(vt);
            screen.startScreen();
            gui = new MultiWindowTextGUI(new SameTextGUIThread.Factory(), screen);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        gui.setTheme(look.theme());
        Mailroom recorder = new Mailroom() {
            @Override
            public void send(String recipient, String text) {
                sent.add(new String[] {recipient, text});
            }

            @Override
            public void resend(long id) {
                outboxAsks.add("resend " + id);
            }

            @Override
            public void recordSent(long id) {
                outboxAsks.add("record " + id);
            }

            @Override
            public void takeBack(long id) {
                outboxAsks.add("take back " + id);
            }

            @Override
            public void pollNow() {
                polls++;
            }

            @Override
            public void inUse() {
                keysSeen++;
            }
        };
        MessengerWindow.Store store = new MessengerWindow.Store() {
            @Override
            public void older(String peer, Timeline.Cursor from) {
                pageRequests.add("older " + peer);
            }

            @Override
            public void newer(String peer, Timeline.Cursor from) {
                pageRequests.add("newer " + peer);
            }

            @Override
            public void latest(String peer) {
                pageRequests.add("latest " + peer);
            }

            @Override
            public void oldest(String peer) {
                pageRequests.add("oldest " + peer);
            }

            @Override
            public void around(String peer, Timeline.Item item) {
                pageRequests.add("around " + peer + " " + item.message().text());
            }

            @Override
            public HistorySearch newSearch(String peer, String query) {
                return new HistorySearch(
                        archiveFile, Long.MAX_VALUE, sentFile, Long.MAX_VALUE, peer, query, ScreenText::decode);
            }

            @Override
            public void search(HistorySearch search, boolean older, Consumer<Optional<HistorySearch.Hit>> done) {
                try {
                    Optional<HistorySearch.Hit> hit = older ? search.older() : search.newer();
                    gui.getGUIThread()
                            .invokeLater(() -> done.accept(hit)); // on the GUI thread, later, as in the client
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override
            public void saveDrafts(DraftFile.Contents drafts) {
                savedDrafts.add(drafts);
            }

            @Override
            public void lookUp(String name) {
                lookups.add(name);
            }
        };
        window = new MessengerWindow(
                look,
                clock,
                ZONE,
                "alice@127.0.0.1:4554",
                recorder,
                store,
                4096,
                new MessengerWindow.Hooks(true, () -> bells++, titles::add, () -> {
                    suspends++;
                    return null;
                }));
        gui.addWindow(window);
        window.onDrafts(drafts);
        window.onPage(new Timeline.Page(
                null,
                Timeline.Page.Kind.LATEST,
                List.of(),
                new Timeline.Cursor(0, 0),
                new Timeline.Cursor(0, 0),
                true,
                true));
        pump();
    }

    VirtualUi() {
        this(80, 24, new Look(true, false));
    }

    /** Items as the timeline hands them over, written to the files first (at their real offsets). */
    List<Timeline.Item> items(List<ConversationMessage> messages) {
        List<Timeline.Item> out = new ArrayList<>();
        for (ConversationMessage m : messages) {
            Path file = (m.incoming() ? archiveFile : sentFile).file();
            byte[] record = (m.at() + "\t" + m.peer() + "\t" + m.text() + "\n").getBytes(StandardCharsets.UTF_8);
            try {
                long start = Files.exists(file) ? Files.size(file) : 0;
                Files.write(file, record, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                out.add(new Timeline.Item(m, start, start + record.length));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    /** Where both files end now. */
    Timeline.Cursor tail() {
        try {
            return new Timeline.Cursor(archiveFile.end(), sentFile.end());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What the files held at start-up, as the latest page of the current view. */
    VirtualUi history(List<ConversationMessage> messages) {
        window.onPage(new Timeline.Page(
                window.conversation().peer(),
                Timeline.Page.Kind.LATEST,
                items(messages),
                new Timeline.Cursor(0, 0),
                tail(),
                true,
                true));
        return pump();
    }

    /** New records found in the files. */
    VirtualUi arrive(List<ConversationMessage> messages) {
        List<Timeline.Item> items = items(messages);
        window.onArrived(items, tail());
        return pump();
    }

    static ConversationMessage in(String at, String sender, String text) {
        return new ConversationMessage(Instant.parse(at), ConversationMessage.Direction.IN, sender, text);
    }

    static ConversationMessage out(String at, String recipient, String text) {
        return new ConversationMessage(Instant.parse(at), ConversationMessage.Direction.OUT, recipient, text);
    }

    VirtualUi alt(char c) {
        vt.addInput(new KeyStroke(c, false, true));
        return this;
    }

    /** Runs the loop until it has nothing left to do (bounded), as {@link Messenger#step} does. */
    VirtualUi pump() {
        try {
            for (int i = 0; i < 10; i++) {
                boolean busy = gui.getGUIThread().processEventsAndUpdate();
                window.endOfInput();
                window.tick();
                if (!busy) {
                    break;
                }
            }
            if (window.holdingEnter()) {
                clock.advance(java.time.Duration.ofMillis(PasteDetector.QUIET_MS)); // nothing more came
                window.endOfInput();
                window.tick();
            }
            gui.getGUIThread().processEventsAndUpdate(); // draw what tick() changed
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** Queues the characters of {@code s} as key strokes (not yet processed). */
    VirtualUi type(String s) {
        s.chars().forEach(c -> vt.addInput(new KeyStroke((char) c, false, false)));
        return this;
    }

    VirtualUi key(KeyType type) {
        vt.addInput(new KeyStroke(type));
        return this;
    }

    VirtualUi ctrl(char c) {
        vt.addInput(new KeyStroke(c, true, false));
        return this;
    }

    VirtualUi input(KeyStroke k) {
        vt.addInput(k);
        return this;
    }

    VirtualUi resize(int cols, int rows) {
        vt.setTerminalSize(new TerminalSize(cols, rows));
        return pump();
    }

    String row(int r) {
        StringBuilder b = new StringBuilder();
        for (int c = 0; c < vt.getTerminalSize().getColumns(); c++) {
            b.append(vt.getCharacter(c, r).getCharacterString());
        }
        return b.toString();
    }

    List<String> rows() {
        List<String> out = new ArrayList<>();
        for (int r = 0; r < vt.getTerminalSize().getRows(); r++) {
            out.add(row(r));
        }
        return out;
    }

    /** The whole screen, one line per row, for assertions and failure messages. */
    String screen() {
        return String.join("\n", rows());
    }

    TextCharacter cell(int c, int r) {
        return vt.getCharacter(c, r);
    }

    int rowOf(String needle) {
        List<String> rows = rows();
        for (int r = 0; r < rows.size(); r++) {
            if (rows.get(r).contains(needle)) {
                return r;
            }
        }
        return -1;
    }
}
