package dev.pigeonhole.tui;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.TextCharacter;
import com.googlecode.lanterna.gui2.MultiWindowTextGUI;
import com.googlecode.lanterna.gui2.SameTextGUIThread;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import com.googlecode.lanterna.screen.TerminalScreen;
import com.googlecode.lanterna.terminal.virtual.DefaultVirtualTerminal;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

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
    int polls;
    int bells;

    VirtualUi(int cols, int rows, Look look) {
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
            public void pollNow() {
                polls++;
            }
        };
        window = new MessengerWindow(
                look, Clock.fixed(NOW, ZONE), ZONE, "alice@127.0.0.1:4554", recorder, 4096, true, () -> bells++);
        gui.addWindow(window);
        pump();
    }

    VirtualUi() {
        this(80, 24, new Look(true, false));
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
