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
import dev.pigeonhole.client.SentStore;
import dev.pigeonhole.courier.Courier;
import dev.pigeonhole.history.Timeline;
import dev.pigeonhole.testing.Slow;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 100,000-message archive (and a sent store beside it): the first frame does not wait for it, the
 * newest messages show, and paging back with Ctrl-Home reaches the very oldest while the view never holds
 * more than {@link ConversationView#CAPACITY} messages. How fast the first frame comes is measured by
 * src/bench/tui-first-frame.sh, not here: speed goals live in benchmarks.
 */
@Slow.Stress
class LargeArchiveTest {
    static final int MESSAGES = 100_000;

    @TempDir
    Path dir;

    @Test
    void every_message_of_a_100k_archive_is_reachable_with_bounded_memory() {
        assertTimeoutPreemptively(Duration.ofMinutes(2), () -> {
            Path big = dir.resolve("big.log");
            write(big, MESSAGES);
            SentStore.beside(new Archive(big)).append(Instant.parse("2026-11-01T00:00:30Z"), "alice", "my reply");
            try (Ui ui = new Ui(big)) {
                // The status row names alice@ while connecting; once port 1 has refused, an 80-column row gives the
                // identity's room to the reason. Which of the two the first frame shows is a race.
                ui.until(
                        s -> s.contains("Compose") && (s.contains("alice@") || s.contains("offline")),
                        "the first frame");
                ui.until(s -> s.contains("message 99999"), "the newest message");
                int most = 0;
                for (int i = 0; i < 1_000 && !ui.screen().contains("message 0 "); i++) {
                    ui.vt.addInput(new KeyStroke(KeyType.Home, true, false, false));
                    ui.steps(5);
                    most = Math.max(most, ui.messenger.window().conversation().size());
                }
                assertTrue(ui.screen().contains("message 0 "), "the oldest message is reachable:\n" + ui.screen());
                assertTrue(most <= ConversationView.CAPACITY, "held at most " + most);
                assertTrue(most < MESSAGES / 10, "paging held a window of the archive, not all of it: " + most);
                ui.vt.addInput(new KeyStroke(KeyType.Escape));
                ui.until(s -> s.contains("message 99999"), "back at the newest");
                assertTrue(ui.messenger.window().conversation().following());
                assertTrue(
                        ui.messenger.window().conversation().size() <= ConversationView.CAPACITY,
                        "back at the newest, the view still holds a window, not the archive");
            }
        });
    }

    /**
     * Ctrl-Home jumps to the oldest page in one step, so the test above never joins pages: this one pages up a
     * screen at a time from the newest past what the view holds, so older pages join it and the newest are let
     * go of, and the view still never holds more than its capacity.
     */
    @Test
    void paging_up_a_screen_at_a_time_past_the_view_capacity_keeps_it_bounded() {
        assertTimeoutPreemptively(Duration.ofMinutes(2), () -> {
            Path big = dir.resolve("big.log");
            write(big, MESSAGES);
            try (Ui ui = new Ui(big)) {
                ui.until(s -> s.contains("message 99999"), "the newest message");
                String past = "message " + (MESSAGES - ConversationView.CAPACITY - Timeline.PAGE) + " ";
                int most = 0;
                for (int i = 0; i < 2_000 && !ui.screen().contains(past); i++) {
                    ui.vt.addInput(new KeyStroke(KeyType.PageUp));
                    ui.steps(3);
                    most = Math.max(most, ui.messenger.window().conversation().size());
                }
                assertTrue(ui.screen().contains(past), "paged back to " + past + ":\n" + ui.screen());
                assertTrue(most <= ConversationView.CAPACITY, "held at most " + most);
                assertTrue(!ui.messenger.window().conversation().following(), "no longer at the newest");
            }
        });
    }

    private static void write(Path file, int n) throws IOException {
        Instant t = Instant.parse("2026-11-01T00:00:00Z");
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int i = 0; i < n; i++) {
                w.write(t.plusSeconds(i) + "\t" + (i % 2 == 0 ? "alice" : "bob") + "\tmessage " + i + " of the test\n");
            }
        }
    }

    /** The whole client on a virtual terminal, with no server (port 1: it stays offline). */
    private static final class Ui implements AutoCloseable {
        final DefaultVirtualTerminal vt = new DefaultVirtualTerminal(new TerminalSize(80, 24));
        final Messenger messenger;

        Ui(Path archive) throws IOException {
            TerminalScreen screen = new TerminalScreen(vt);
            screen.startScreen();
            Courier.Settings settings = new Courier.Settings(
                    "127.0.0.1", 1, "alice", Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1), 4096);
            messenger = new Messenger(
                            screen,
                            settings,
                            new Archive(archive),
                            new Messenger.Options(new Look(true, false), false, () -> {}, t -> {}, () -> null),
                            Clock.systemUTC(),
                            ZoneOffset.UTC)
                    .start();
        }

        void steps(int n) throws Exception {
            for (int i = 0; i < n; i++) {
                if (!messenger.step()) {
                    Thread.sleep(5);
                }
            }
        }

        String screen() {
            StringBuilder b = new StringBuilder();
            for (int r = 0; r < 24; r++) {
                for (int c = 0; c < 80; c++) {
                    b.append(vt.getCharacter(c, r).getCharacterString());
                }
                b.append('\n');
            }
            return b.toString();
        }

        void until(Predicate<String> done, String what) throws Exception {
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (System.nanoTime() < deadline) {
                messenger.step();
                if (done.test(screen())) {
                    return;
                }
                Thread.sleep(1);
            }
            fail("never showed " + what + ":\n" + screen());
        }

        @Override
        public void close() {
            messenger.close();
        }
    }
}
