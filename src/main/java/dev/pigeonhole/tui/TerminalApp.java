package dev.pigeonhole.tui;

import com.googlecode.lanterna.screen.TerminalScreen;
import com.googlecode.lanterna.terminal.DefaultTerminalFactory;
import com.googlecode.lanterna.terminal.Terminal;
import com.googlecode.lanterna.terminal.ansi.StreamBasedTerminal;
import com.googlecode.lanterna.terminal.ansi.UnixLikeTerminal;
import dev.pigeonhole.client.Archive;
import dev.pigeonhole.courier.Courier;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Runs the {@link Messenger} on the real terminal, and gives the terminal back as it found it: on quit,
 * Ctrl-C, an exception, SIGTERM or SIGHUP. Always a text terminal (never Lanterna's Swing window, even
 * with DISPLAY set); UTF-8 whatever the locale says; no mouse capture; bracketed paste on.
 */
public final class TerminalApp {
    private TerminalApp() {}

    /**
     * Why there is no full-screen UI here, or null if there can be one: stdin and stdout must be a
     * terminal ({@code System.console()} is null otherwise on JDK 17) and TERM must name a real one.
     */
    public static String whyNoTerminal(boolean hasConsole, String term) {
        if (!hasConsole) {
            return "not a terminal";
        }
        if (term == null || term.isBlank() || term.equals("dumb")) {
            return "TERM is " + (term == null || term.isBlank() ? "unset" : "dumb");
        }
        return null;
    }

    /**
     * Runs until the user quits. Returns normally on quit, Ctrl-C, SIGTERM or lost input; rethrows other
     * failures after the terminal is restored.
     */
    public static void run(
            Courier.Settings settings,
            Archive archive,
            Look look,
            boolean bellOnNew,
            boolean titleUnread,
            Duration escapeTime)
            throws IOException {
        System.setProperty("java.awt.headless", "true"); // before any AWT class: no window ever (Lanterna #150, #236)
        PrintStream realErr = System.err;
        BoundedBuffer stray = new BoundedBuffer(64 * 1024);
        // The escape delay lives in front of Lanterna's decoder, which itself waits 0 ms (see below).
        EscapeDelayInput input = new EscapeDelayInput(System.in, escapeTime.toMillis());
        FocusRelay focus = new FocusRelay();
        input.onFocus(focus::report);
        String cooked = stty("-g"); // as the shell left it: what Ctrl-Z gives back while suspended
        Terminal terminal = new DefaultTerminalFactory(System.out, input, StandardCharsets.UTF_8)
                .setForceTextTerminal(true)
                .setUnixTerminalCtrlCBehaviour(UnixLikeTerminal.CtrlCBehaviour.TRAP) // ^C arrives as a key
                .createTerminal(); // saves `stty -g`; close() and a JVM hook put it back
        CountDownLatch restored = new CountDownLatch(1);
        Stop stop = new Stop();
        Thread hook = new Thread(
                () -> {
                    // SIGTERM/SIGHUP: ask the loop to stop, and give it a moment to restore the terminal.
                    stop.requested = true;
                    try {
                        restored.await(2, TimeUnit.SECONDS);
                    } catch (InterruptedException ignored) {
                        Thread.currentThread().interrupt();
                    }
                },
                "pigeonhole-tui-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        TerminalScreen screen = null;
        Messenger messenger = null;
        try {
            // Ctrl-S/Ctrl-Q (flow control), Ctrl-Z (suspend: the JVM would stop in raw mode) and Ctrl-\
            // (a thread dump over the UI) reach us as keys, or nothing, instead of doing harm.
            stty("-ixon", "susp", "undef", "quit", "undef");
            // Enter arrives as CR and Ctrl-J as LF, told apart by EscapeDelayInput (Ctrl-J: a line break).
            stty("-icrnl");
            if (stty("-a").matches("(?s).*(^|\\s)-icrnl(\\s|$).*")) {
                input.splitLineEnds(); // only where stty took: else Enter would arrive as LF and break lines
            }
            String raw = stty("-g");
            if (terminal instanceof StreamBasedTerminal stream) {
                stream.getInputDecoder().addProfile(new BracketedPaste());
                // No wait in the decoder (its unit is 250 ms, long enough to turn Esc + a letter into Alt):
                // EscapeDelayInput holds a lone ESC for --escape-time instead, as tmux does.
                stream.getInputDecoder().setTimeoutUnits(0);
            }
            System.setErr(new PrintStream(stray, true, StandardCharsets.UTF_8)); // nothing prints over the UI
            screen = new TerminalScreen(terminal);
            screen.startScreen();
            System.out.print(BracketedPaste.ENABLE + EscapeDelayInput.FOCUS_ON);
            if (titleUnread) {
                System.out.print(TITLE_PUSH);
            }
            System.out.flush();
            Terminal t = terminal;
            TerminalScreen shown = screen;
            Consumer<String> title = titleUnread ? TerminalApp::title : s -> {};
            Supplier<String> suspend = () -> suspend(shown, cooked, raw);
            messenger = new Messenger(
                    screen,
                    settings,
                    archive,
                    new Messenger.Options(look, bellOnNew, () -> bell(t), title, suspend),
                    Clock.system(ZoneId.systemDefault()),
                    ZoneId.systemDefault());
            focus.deliverTo(messenger);
            messenger.start();
            messenger.run(() -> stop.requested);
        } catch (EOFException inputGone) {
            // stdin ended (the ssh connection dropped): nothing to show, just clean up
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (messenger != null) {
                messenger.close();
            }
            System.out.print(BracketedPaste.DISABLE + EscapeDelayInput.FOCUS_OFF);
            if (titleUnread) {
                System.out.print(TITLE_POP);
            }
            System.out.flush();
            if (screen != null) {
                try {
                    screen.stopScreen(); // leaves the alternate screen, shows the cursor
                } catch (IOException | RuntimeException ignored) {
                    // keep restoring
                }
            }
            terminal.close(); // re-applies the saved `stty -g`
            System.setErr(realErr);
            restored.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it is what stopped us
            }
            stray.replayTo(realErr);
        }
    }

    /** Saves the terminal's title (xterm's title stack; terminals without one ignore it), and puts it back. */
    private static final String TITLE_PUSH = "\u001b[22;2t";

    private static final String TITLE_POP = "\u001b[23;2t";

    /** OSC 2: the window title, e.g. "Pigeonhole (3)", for a taskbar or tmux's #{pane_title}. */
    private static void title(String text) {
        System.out.print("\u001b]2;" + ScreenText.sanitize(text) + "\u0007");
        System.out.flush();
    }

    private static void bell(Terminal t) {
        try {
            t.bell();
        } catch (IOException ignored) {
            // a bell is not worth failing for
        }
    }

    /**
     * Ctrl-Z: gives the terminal back as the shell left it, stops this job as the shell's Ctrl-Z would, and
     * once {@code fg} resumes it takes the terminal again and redraws everything. Without a job-control shell
     * to come back to (e.g. {@code ssh -t host pigeonhole tui}) nothing could resume it: it returns why not
     * instead; null when it was suspended and resumed.
     */
    private static String suspend(TerminalScreen screen, String cooked, String raw) {
        long group = processGroup();
        if (group <= 0) {
            return "Ctrl-Z needs a shell with job control to come back to, and this client was started without one.";
        }
        try {
            System.out.print(BracketedPaste.DISABLE + EscapeDelayInput.FOCUS_OFF);
            System.out.flush();
            screen.stopScreen();
            stty(cooked);
            // The whole job: a launcher script waiting for the JVM must stop too, or the shell never gets the
            // terminal back. Returns once the job is continued (fg).
            new ProcessBuilder("kill", "-TSTP", "--", "-" + group)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start()
                    .waitFor(5, TimeUnit.SECONDS);
            stty(raw);
            screen.startScreen();
            System.out.print(BracketedPaste.ENABLE + EscapeDelayInput.FOCUS_ON);
            System.out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return null;
    }

    /**
     * This process's group when a job-control shell runs it as a job of its own (the group is not the
     * session's: a plain {@code bash -c}, as ssh runs a command, keeps it in the session leader's group and
     * nothing could resume it); 0 if not, or if that cannot be told (no /proc).
     */
    static long processGroup() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"), StandardCharsets.US_ASCII);
            // After "pid (comm) ": state ppid pgrp session ...; comm may contain spaces and parentheses.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long pgrp = Long.parseLong(f[2]);
            long session = Long.parseLong(f[3]);
            return pgrp != session ? pgrp : 0;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** Runs stty on the terminal and returns what it printed (for {@code -g}: the settings). */
    private static String stty(String... args) throws IOException {
        String[] cmd = new String[args.length + 1];
        cmd[0] = "/bin/stty";
        System.arraycopy(args, 0, cmd, 1, args.length);
        try {
            Process p = new ProcessBuilder(cmd)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/tty")))
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /**
     * Passes the terminal's focus reports to the messenger, keeping the last one that came before it existed.
     */
    private static final class FocusRelay {
        /** Guards both fields: reports come on the input thread, the messenger on the main one. */
        private final Object lock = new Object();

        private Messenger messenger;
        private Boolean last;

        void report(boolean in) {
            synchronized (lock) {
                last = in;
                if (messenger != null) {
                    messenger.focus(in); // only queues: no I/O under the lock
                }
            }
        }

        void deliverTo(Messenger m) {
            synchronized (lock) {
                messenger = m;
                if (last != null) {
                    m.focus(last);
                }
            }
        }
    }

    private static final class Stop {
        volatile boolean requested;
    }

    /** Keeps what other threads print while the UI owns the terminal, bounded; shown after it is restored. */
    private static final class BoundedBuffer extends OutputStream {
        private final int limit;
        /** Guards {@link #bytes} and {@link #dropped}: any thread may print. */
        private final Object lock = new Object();

        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private long dropped;

        BoundedBuffer(int limit) {
            this.limit = limit;
        }

        @Override
        public void write(int b) {
            synchronized (lock) {
                if (bytes.size() < limit) {
                    bytes.write(b);
                } else {
                    dropped++;
                }
            }
        }

        @Override
        public void write(byte[] b, int off, int len) {
            synchronized (lock) {
                int room = Math.max(0, Math.min(len, limit - bytes.size()));
                bytes.write(b, off, room);
                dropped += len - room;
            }
        }

        void replayTo(PrintStream out) {
            synchronized (lock) {
                if (bytes.size() > 0) {
                    out.write(bytes.toByteArray(), 0, bytes.size());
                    if (dropped > 0) {
                        out.println("(" + dropped + " more bytes of diagnostics dropped)");
                    }
                    out.flush();
                }
            }
        }
    }
}
