package dev.pigeonhole.tui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pigeonhole.compose.Draft;
import dev.pigeonhole.compose.DraftFile;
import dev.pigeonhole.testing.ServerFixture;
import dev.pigeonhole.testing.Slow;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end in a real terminal, with a large archive on disk: what is typed is never lost (drafts), and the
 * oldest message is a search away. Each test runs its own tmux server and in-process server; the clients are
 * real JVMs started from a shell in a tmux pane. Needs tmux, like {@link TmuxEndToEndTest}.
 */
@Slow.RealTerminal
class TmuxHistoryEndToEndTest {
    private static final Duration STARTUP = Duration.ofSeconds(40);
    private static final Duration SHOWN = Duration.ofSeconds(15);

    @TempDir
    Path dir;

    private final String socket =
            "pigeonhole-e2e-history-" + ProcessHandle.current().pid() + "-" + System.nanoTime();

    @Test
    void a_key_typed_during_startup_with_a_200000_message_archive_keeps_the_saved_drafts_to_two_recipients()
            throws Exception {
        Path archive = dir.resolve("alice.log");
        writeArchive(archive, 200_000, "the first message ever");
        DraftFile drafts = new DraftFile(DraftFile.beside(archive));
        long saved = System.currentTimeMillis() - 60_000;
        drafts.save(
                new DraftFile.Contents(
                        "bob",
                        saved,
                        Map.of(
                                "bob", new Draft("bob", "saved draft for bob", saved),
                                "carol", new Draft("carol", "saved draft for carol", saved))),
                saved);
        inTmux(80, 24, port -> {
            start("e2e:0.0", "alice", "1", port);
            // Typed as the client starts: the terminal holds the key until the client reads it, at its first
            // look at the input, typically before the drafts file has been read.
            tmux("send-keys", "-t", "e2e:0.0", "-l", "k");
            String first =
                    await("e2e:0.0", s -> s.contains("alice@") && s.contains("connected"), STARTUP, "alice connected");
            System.out.println("drafts read before the key: " + first.contains("is back"));
            // The key is in a field (To:, or bob's draft if the file was read first); the save merges it in.
            awaitFile(drafts.file(), text -> text.contains("k\n"), "the typed key saved");
            tmux("send-keys", "-t", "e2e:0.0", "C-c");
            await("e2e:0.0", s -> s.contains("EXIT-1=0"), SHOWN, "alice quit");
        });
        DraftFile.Contents after = drafts.load();
        assertTrue(after.text("bob").startsWith("saved draft for bob"), after.toString());
        assertEquals("saved draft for carol", after.text("carol"), after.toString());
    }

    @Test
    void two_clients_of_one_user_keep_both_drafts_and_only_the_first_reopens_the_last_one() throws Exception {
        Path archive = dir.resolve("alice.log");
        writeArchive(archive, 20_000, "the first message ever");
        Path file = DraftFile.beside(archive);
        long saved = System.currentTimeMillis() - 60_000;
        new DraftFile(file)
                .save(
                        new DraftFile.Contents(
                                "dave", saved, Map.of("dave", new Draft("dave", "left for dave", saved))),
                        saved);
        inTmux(161, 24, port -> {
            tmux("split-window", "-h", "-t", "e2e", "bash --norc --noprofile");
            tmux("select-layout", "-t", "e2e", "even-horizontal");
            String one = "e2e:0.0";
            String two = "e2e:0.1";
            start(one, "alice-one", "1", port);
            start(two, "alice-two", "2", port);
            String shownOne = await(
                    one,
                    s -> s.contains("alice@") && s.contains("connected") && opened(s),
                    STARTUP,
                    "the first client connected, its drafts read");
            String shownTwo = await(
                    two,
                    s -> s.contains("alice@") && s.contains("connected") && opened(s),
                    STARTUP,
                    "the second client connected, its drafts read");
            // Both started at once: either may be the first, but exactly one reopens dave's draft.
            assertTrue(
                    shownOne.contains("left for dave") != shownTwo.contains("left for dave"),
                    "exactly one window reopens the last draft:\n" + shownOne + "\n----\n" + shownTwo);
            String first = shownOne.contains("left for dave") ? one : two;
            String second = first.equals(one) ? two : one;
            type(first, " and more"); // Msg: holds dave's draft
            awaitFile(file, t -> t.contains("left\\sfor\\sdave\\sand\\smore"), "the first window's draft saved");
            type(second, "carol", "Tab", "draft typed in the second window");
            awaitFile(file, t -> t.contains("draft\\styped\\sin\\sthe\\ssecond\\swindow"), "the second draft saved");
            tmux("send-keys", "-t", one, "C-c");
            tmux("send-keys", "-t", two, "C-c");
            await(one, s -> s.contains("EXIT-1=0"), SHOWN, "the first client quit");
            await(two, s -> s.contains("EXIT-2=0"), SHOWN, "the second client quit");
        });
        DraftFile.Contents after = new DraftFile(file).load();
        assertEquals("left for dave and more", after.text("dave"), after.toString());
        assertEquals("draft typed in the second window", after.text("carol"), after.toString());
    }

    @Test
    void ctrl_f_finds_a_word_in_the_oldest_of_20000_archived_messages_and_shows_it() throws Exception {
        writeArchive(dir.resolve("alice.log"), 20_000, "the oldest message mentions quetzalcoatl once");
        inTmux(80, 24, port -> {
            start("e2e:0.0", "alice", "1", port);
            await(
                    "e2e:0.0",
                    s -> s.contains("connected") && s.contains("message 20000"),
                    STARTUP,
                    "the newest archived message");
            tmux("send-keys", "-t", "e2e:0.0", "C-f");
            type("e2e:0.0", "quetzalcoatl");
            String found = await(
                    "e2e:0.0",
                    s -> s.contains("bob: the oldest message mentions quetzalcoatl once") && s.contains("Match 1"),
                    SHOWN,
                    "the oldest message, found");
            assertTrue(!found.contains("message 20000"), "the view moved to the match:\n" + found);
            tmux("send-keys", "-t", "e2e:0.0", "C-c");
            await("e2e:0.0", s -> s.contains("EXIT-1=0"), SHOWN, "alice quit");
        });
    }

    /** What a test does inside tmux, given the server's port. */
    private interface Session {
        void run(int port) throws Exception;
    }

    /** A tmux server with one COLSxROWS window running a shell, and a server; both stopped afterwards. */
    private void inTmux(int cols, int rows, Session session) throws Exception {
        Tmux.require();
        assertTimeoutPreemptively(Duration.ofMinutes(2), () -> {
            try (ServerFixture server = ServerFixture.start()) {
                try {
                    tmux(
                            "new-session",
                            "-d",
                            "-s",
                            "e2e",
                            "-x",
                            String.valueOf(cols),
                            "-y",
                            String.valueOf(rows),
                            "bash --norc --noprofile");
                    session.run(server.port());
                } finally {
                    Tmux.killServer(socket);
                }
            }
        });
    }

    /** Starts alice's client in {@code pane} on the archive {@code alice.log}. */
    private void start(String pane, String name, String tag, int port) throws IOException, InterruptedException {
        Tmux.startClient(
                socket,
                pane,
                dir,
                name,
                tag,
                "--port " + port + " --user alice --interval 300ms --archive '" + dir.resolve("alice.log") + "'");
    }

    /** Types each of {@code keys}: a tmux key name (Tab, Enter, C-x) as that key, anything else as text. */
    private void type(String pane, String... keys) throws IOException, InterruptedException {
        for (String k : keys) {
            if (k.matches("Tab|Enter|BSpace|Escape|C-.")) {
                tmux("send-keys", "-t", pane, k);
            } else {
                tmux("send-keys", "-t", pane, "-l", k);
            }
        }
    }

    /**
     * Writes an archive of {@code count} messages from bob, one a minute up to an hour ago: the oldest says
     * {@code oldest}, the others {@code message N} (N from 2 up to count, the newest).
     */
    static void writeArchive(Path file, int count, String oldest) throws IOException {
        Instant first = Instant.now().minus(Duration.ofMinutes(count + 60L));
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int i = 1; i <= count; i++) {
                w.write(first.plus(Duration.ofMinutes(i)).toString());
                w.write("\tbob\t");
                w.write(i == 1 ? oldest : "message " + i);
                w.write('\n');
            }
        }
        // Private, as the client keeps it: with a wider mode each window that starts says it made the file
        // private, and that notice can take the status line from the one a test waits for (two windows
        // started at once may both find the file open to others).
        Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    }

    /** The window read the drafts file: its last draft came back, or it said why it started empty. */
    private static boolean opened(String screen) {
        return screen.contains("left for dave") || screen.contains("this one starts empty");
    }

    private void awaitFile(Path file, Predicate<String> done, String what) throws Exception {
        long deadline = System.nanoTime() + SHOWN.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            last = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
            if (done.test(last)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(file + " never showed " + what + " within " + SHOWN + ":\n" + last);
    }

    private String await(String pane, Predicate<String> done, Duration within, String what) throws Exception {
        return Tmux.await(socket, pane, done, within, what);
    }

    private String tmux(String... args) throws IOException, InterruptedException {
        return Tmux.run(socket, true, args);
    }
}
