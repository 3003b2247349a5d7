package dev.pigeonhole.tui;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import com.googlecode.lanterna.screen.TerminalScreen;
import com.googlecode.lanterna.terminal.virtual.DefaultVirtualTerminal;
import dev.pigeonhole.client.Archive;
import dev.pigeonhole.courier.Courier;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A server that accepts and then says nothing: the UI keeps working, and the client gives up in time. */
class SilentServerTest {
    @TempDir
    Path dir;

    @Test
    void typing_works_while_login_waits_for_a_silent_server_then_it_goes_offline_with_the_reason() throws Exception {
        List<Socket> held = new CopyOnWriteArrayList<>();
        try (ServerSocket silent = new ServerSocket(0)) {
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        held.add(silent.accept()); // never read, never answer
                    }
                } catch (Exception closed) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            DefaultVirtualTerminal vt = new DefaultVirtualTerminal(new TerminalSize(80, 24));
            TerminalScreen screen = new TerminalScreen(vt);
            screen.startScreen();
            Courier.Settings settings = new Courier.Settings(
                    "127.0.0.1",
                    silent.getLocalPort(),
                    "alice",
                    Duration.ofSeconds(2),
                    Duration.ofSeconds(2),
                    Duration.ofSeconds(2),
                    4096);
            assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
                try (Messenger m = new Messenger(
                                screen,
                                settings,
                                new Archive(dir.resolve("a.log")),
                                new Messenger.Options(new Look(true, false), false, () -> {}, t -> {}, () -> null),
                                Clock.systemUTC(),
                                ZoneOffset.UTC)
                        .start()) {
                    until(m, vt, s -> !held.isEmpty() && s.contains("connecting"), "the LOGIN outstanding");
                    "bob".chars().forEach(c -> vt.addInput(new KeyStroke((char) c, false, false)));
                    vt.addInput(new KeyStroke(KeyType.Tab));
                    "typed while the server is silent"
                            .chars()
                            .forEach(c -> vt.addInput(new KeyStroke((char) c, false, false)));
                    until(m, vt, s -> s.contains("typed while the server is silent"), "the typed text");
                    assertTrue(
                            screen(vt).contains("connecting"), "the network thread is still waiting:\n" + screen(vt));
                    until(
                            m,
                            vt,
                            s -> s.contains("offline, reconnecting in")
                                    && s.contains("Ctrl-R: retry now · the server did not answe"),
                            "the read timeout");
                }
            });
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
    }

    private static void until(Messenger m, DefaultVirtualTerminal vt, Predicate<String> done, String what)
            throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            if (!m.step()) {
                Thread.sleep(Messenger.IDLE_SLEEP_MS);
            }
            if (done.test(screen(vt))) {
                return;
            }
        }
        fail("never showed " + what + ":\n" + screen(vt));
    }

    private static String screen(DefaultVirtualTerminal vt) {
        StringBuilder b = new StringBuilder();
        for (int r = 0; r < vt.getTerminalSize().getRows(); r++) {
            for (int c = 0; c < vt.getTerminalSize().getColumns(); c++) {
                b.append(vt.getCharacter(c, r).getCharacterString());
            }
            b.append('\n');
        }
        return b.toString();
    }
}
