package dev.pigeonhole.tui;

import com.googlecode.lanterna.gui2.MultiWindowTextGUI;
import com.googlecode.lanterna.gui2.SameTextGUIThread;
import com.googlecode.lanterna.gui2.TextGUIThread;
import com.googlecode.lanterna.screen.Screen;
import dev.pigeonhole.client.Archive;
import dev.pigeonhole.client.ArchivedMessage;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The terminal client on a given {@link Screen}: the window, the network thread, and the loop between
 * them. It knows nothing about real terminals, so tests run it on Lanterna's virtual terminal.
 *
 * <p>Threading: the thread that calls {@link #step()} or {@link #run} is the GUI thread
 * ({@link SameTextGUIThread}); the network thread reaches the window only through
 * {@link TextGUIThread#invokeLater}, never {@code invokeAndWait}, which would hang once the loop stops.
 */
public final class Messenger implements AutoCloseable {
    /** How long the loop sleeps when there was nothing to do: ~1.4 % of a core idle instead of ~6 % at 1 ms. */
    static final long IDLE_SLEEP_MS = 20;

    private final MultiWindowTextGUI gui;
    private final MessengerWindow window;
    private final Courier courier;

    /**
     * @param bell what rings the terminal bell (called on the GUI thread when {@code bellOnNew})
     */
    public Messenger(
            Screen screen,
            Look look,
            Courier.Settings settings,
            Archive archive,
            boolean bellOnNew,
            Runnable bell,
            Clock clock,
            ZoneId zone) {
        this.gui = new MultiWindowTextGUI(new SameTextGUIThread.Factory(), screen);
        gui.setTheme(look.theme());
        TextGUIThread guiThread = gui.getGUIThread();
        this.courier = new Courier(settings, archive, new MailEvents() {
            @Override
            public void connection(Connection state) {
                guiThread.invokeLater(() -> window().onConnection(state));
            }

            @Override
            public void received(List<ArchivedMessage> messages, boolean history) {
                guiThread.invokeLater(() -> window().onReceived(messages, history));
            }

            @Override
            public void sendResult(SendResult result) {
                guiThread.invokeLater(() -> window().onSendResult(result));
            }

            @Override
            public void notice(String text, boolean problem) {
                guiThread.invokeLater(() -> window().onNotice(text, problem));
            }
        });
        String identity = settings.user() + "@" + settings.endpoint().describe();
        this.window = new MessengerWindow(look, clock, zone, identity, courier, settings.maxMessage(), bellOnNew, bell);
        gui.addWindow(window);
    }

    private MessengerWindow window() {
        return window;
    }

    /** Starts the network thread. */
    public Messenger start() {
        courier.start();
        return this;
    }

    /**
     * One turn of the loop: input, queued tasks from the network thread, redraw. Returns whether anything
     * happened (if not, the caller may sleep).
     *
     * @throws java.io.EOFException when the terminal's input ended (e.g. the ssh connection dropped)
     */
    public boolean step() throws IOException {
        boolean busy = gui.getGUIThread().processEventsAndUpdate();
        window.endOfInput();
        window.tick();
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

    /** Stops the network thread (sending EXIT); the screen is the caller's to stop. */
    @Override
    public void close() {
        courier.close(Duration.ofSeconds(2));
    }

    MessengerWindow messengerWindow() {
        return window;
    }

    MultiWindowTextGUI gui() {
        return gui;
    }
}
