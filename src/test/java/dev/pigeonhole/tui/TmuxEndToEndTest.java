package dev.pigeonhole.tui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pigeonhole.testing.ServerFixture;
import dev.pigeonhole.testing.Slow;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end in a real terminal: tmux runs two clients (alice and bob) side by side in panes, each a real
 * JVM started from a shell, against the in-process server. Keys go in with {@code send-keys}; the screen
 * comes back with {@code capture-pane}. Needs tmux: fails without it when CI=true, else is skipped.
 */
@Slow.RealTerminal
class TmuxEndToEndTest {
    private static final Duration STARTUP = Duration.ofSeconds(30);
    private static final Duration DELIVERY = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private final String socket = "pigeonhole-e2e-" + ProcessHandle.current().pid() + "-" + System.nanoTime();

    @Test
    void alice_writes_bob_reads_resize_quit_and_the_shell_is_sane() throws Exception {
        Tmux.require();
        assertTimeoutPreemptively(Duration.ofMinutes(2), () -> {
            try (ServerFixture server = ServerFixture.start()) {
                try {
                    run(server.port());
                } finally {
                    Tmux.killServer(socket);
                }
            }
        });
    }

    private void run(int port) throws Exception {
        Path captures = Path.of("target", "tui-captures");
        Files.createDirectories(captures);
        // Two panes of 80x24 side by side (81 + 80 = one separator column).
        tmux(true, "new-session", "-d", "-s", "e2e", "-x", "161", "-y", "24", "bash --norc --noprofile");
        tmux(true, "split-window", "-h", "-t", "e2e", "bash --norc --noprofile");
        tmux(true, "select-layout", "-t", "e2e", "even-horizontal");
        String alice = "e2e:0.0";
        String bob = "e2e:0.1";
        startClient(alice, "alice", port, "1");
        startClient(bob, "bob", port, "1");
        await(alice, s -> s.contains("alice@") && s.contains("connected"), STARTUP, "alice connected");
        await(bob, s -> s.contains("bob@") && s.contains("connected"), STARTUP, "bob connected");
        assertEquals(
                "1",
                tmux(true, "display-message", "-p", "-t", bob, "#{alternate_on}")
                        .strip(),
                "UI on the alternate screen");
        assertEquals(
                "0",
                tmux(true, "display-message", "-p", "-t", bob, "#{mouse_any_flag}")
                        .strip(),
                "no mouse capture");

        // Flow control and quit keys must not freeze or dump the client (stty in TerminalApp); Ctrl-Z suspends
        // it as a shell job, with the shell's screen back, and fg brings the whole UI back.
        tmux(true, "send-keys", "-t", alice, "C-s");
        tmux(true, "send-keys", "-t", alice, "C-z");
        await(alice, s -> s.contains("Stopped"), DELIVERY, "Ctrl-Z: the job stopped, the shell is back");
        assertEquals(
                "0",
                tmux(true, "display-message", "-p", "-t", alice, "#{alternate_on}")
                        .strip(),
                "suspended: off the alternate screen");
        tmux(true, "send-keys", "-t", alice, "-l", "fg");
        tmux(true, "send-keys", "-t", alice, "Enter");
        await(alice, s -> s.contains("alice@") && s.contains("To:"), DELIVERY, "fg: the UI is back");
        tmux(true, "send-keys", "-t", alice, "C-\\");
        tmux(true, "send-keys", "-t", alice, "-l", "bob");
        tmux(true, "send-keys", "-t", alice, "Tab");
        tmux(true, "send-keys", "-t", alice, "-l", "Hello Bob, this is alice typing in tmux.");
        tmux(true, "send-keys", "-t", alice, "Enter");
        await(alice, s -> s.contains("Sent to bob at"), DELIVERY, "alice's send confirmed");
        await(
                alice,
                s -> s.contains("you → bob: Hello Bob, this is alice typing in tmux."),
                DELIVERY,
                "alice's own message in her conversation");
        String bobScreen = await(
                bob,
                s -> s.contains("alice: Hello Bob, this is alice typing in tmux."),
                DELIVERY,
                "the message in bob's inbox");
        assertTrue(bobScreen.contains("new"), bobScreen);
        Files.writeString(captures.resolve("e2e-bob-80x24.txt"), bobScreen);
        Files.writeString(captures.resolve("e2e-alice-80x24.txt"), capture(alice));

        // Issue 16: text typed with accents, a curly apostrophe, CJK and an emoji goes over the ASCII wire as
        // encoded-words and appears decoded in the other client (the emoji may be drawn as a stand-in).
        tmux(true, "send-keys", "-t", alice, "-l", "Lunch at the café? it’s 你好 🙂");
        // While typed, the field draws the emoji as its stand-in: Lanterna alone would show "??".
        await(
                alice,
                s -> s.contains("it’s 你好 " + ScreenText.WIDE_STAND_IN),
                DELIVERY,
                "the emoji in the field as its stand-in");
        assertTrue(!capture(alice).contains("??"), capture(alice));
        tmux(true, "send-keys", "-t", alice, "Enter");
        await(
                bob,
                s -> s.contains("alice: Lunch at the café? it’s 你好"),
                DELIVERY,
                "the accented message decoded in bob's conversation");
        assertTrue(!capture(bob).contains("=?UTF-8?"), "bob sees text, not encoded-words");

        // A real bracketed paste (tmux paste-buffer -p) of two lines: into the field as one message, not sent.
        tmux(true, "set-buffer", "-b", "two-lines", "pasted line one\npasted line two\n");
        tmux(true, "paste-buffer", "-p", "-b", "two-lines", "-t", alice);
        await(alice, s -> s.contains("Pasted 2 lines as one message"), DELIVERY, "the paste in the field");
        assertTrue(capture(bob).lines().noneMatch(l -> l.contains("alice: pasted")), "nothing sent by the paste");
        tmux(true, "send-keys", "-t", alice, "Enter");
        await(bob, s -> s.contains("alice: pasted line"), DELIVERY, "the pasted message in bob's inbox");
        assertTrue(!capture(bob).contains("alice: pasted line two"), "the paste was one message");

        // The same without brackets (paste-buffer without -p sends each LF as CR, as GNU screen does): nothing
        // is sent by the paste's own line breaks, the lines stay in the field.
        tmux(true, "set-buffer", "-b", "raw-lines", "raw one\nraw two\nraw three\n");
        tmux(true, "paste-buffer", "-b", "raw-lines", "-t", alice);
        await(alice, s -> s.contains("Pasted 3 lines as one message"), DELIVERY, "the unbracketed paste in the field");
        assertTrue(capture(bob).lines().noneMatch(l -> l.contains("alice: raw")), "nothing sent by the paste");
        tmux(true, "send-keys", "-t", alice, "C-u", "BSpace", "C-u", "BSpace", "C-u");

        // Ctrl-J (a raw LF; Enter is a CR) is a line break in the message, like Alt-Enter: nothing is sent.
        // Typed as a person does, apart from the text around it: a burst would be taken for a paste.
        tmux(true, "send-keys", "-t", alice, "-l", "jay one");
        await(alice, s -> s.contains("Msg: jay one"), DELIVERY, "the first line typed");
        tmux(true, "send-keys", "-t", alice, "C-j");
        Thread.sleep(300); // a typing pause, well over PasteDetector.QUIET_MS: the key stands alone
        tmux(true, "send-keys", "-t", alice, "-l", "jay two");
        await(
                alice,
                s -> s.lines().anyMatch(l -> l.contains("Msg: jay one"))
                        && s.lines().anyMatch(l -> l.contains("jay two") && !l.contains("jay one")),
                DELIVERY,
                "two lines in Msg:");
        assertTrue(capture(bob).lines().noneMatch(l -> l.contains("alice: jay")), "Ctrl-J sent nothing");
        tmux(true, "send-keys", "-t", alice, "C-u", "BSpace", "C-u");

        // Esc, then a letter 50 ms later: the letter is typed, not taken for Alt+letter (--escape-time 25ms).
        tmux(true, "send-keys", "-t", alice, "Escape");
        Thread.sleep(50);
        tmux(true, "send-keys", "-t", alice, "-l", "z");
        await(alice, s -> s.contains("Msg: z "), DELIVERY, "the letter typed after Esc");
        tmux(true, "send-keys", "-t", alice, "C-u");

        // Tabs in Msg:, then typing: Tab never jumps into the name, no key but Ctrl-C/Ctrl-D quits.
        tmux(true, "send-keys", "-t", alice, "-l", "so quick");
        tmux(true, "send-keys", "-t", alice, "Tab", "Tab", "Tab");
        tmux(true, "send-keys", "-t", alice, "-l", "qqq");
        String typed = await(alice, s -> s.contains("so quickqqq"), DELIVERY, "qqq typed into Msg:");
        assertTrue(typed.contains("To: bob "), "the name is untouched:\n" + typed);
        assertEquals(
                "1",
                tmux(true, "display-message", "-p", "-t", alice, "#{alternate_on}")
                        .strip(),
                "still running");
        tmux(true, "send-keys", "-t", alice, "BSpace", "BSpace", "BSpace");
        tmux(true, "send-keys", "-t", alice, "-l", " kept over a restart");
        await(alice, s -> s.contains("so quick kept over a restart"), DELIVERY, "the draft typed");

        // What `pigeonhole read --user bob` (cron) archives appears in bob's open client within an interval.
        // It reads from a second server into the same archive, so bob's own polling cannot take it first.
        try (ServerFixture other = ServerFixture.start()) {
            try (var carol = other.login("carol")) {
                carol.compose("bob", "read by the cron job");
            }
            Process read = new ProcessBuilder(
                            Path.of(System.getProperty("java.home"), "bin", "java")
                                    .toString(),
                            "-cp",
                            System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                            "dev.pigeonhole.cli.Main",
                            "read",
                            "--port",
                            String.valueOf(other.port()),
                            "--user",
                            "bob",
                            "--archive",
                            dir.resolve("bob.log").toString())
                    .redirectErrorStream(true)
                    .start();
            String printed = new String(read.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(read.waitFor(30, TimeUnit.SECONDS) && read.exitValue() == 0, printed);
            long archivedAt = System.nanoTime();
            await(bob, s -> s.contains("carol: read by the cron job"), DELIVERY, "the message read by the cron job");
            System.out.printf("read by another client -> shown: %d ms%n", (System.nanoTime() - archivedAt) / 1_000_000);
        }

        // Grow: each pane becomes 120x40; shrink below the minimum; back to 80x24.
        tmux(true, "resize-window", "-t", "e2e", "-x", "241", "-y", "40");
        // Wait for a whole frame: a capture can land in the middle of the redraw that follows a resize.
        String big = await(
                bob,
                s -> isFrame(s, 120, 40)
                        && s.lines().toList().get(39).startsWith(" ")
                        && s.contains("alice: Hello Bob"),
                DELIVERY,
                "bob at 120x40");
        assertFrame(big, 120, 40);
        Files.writeString(captures.resolve("e2e-bob-120x40.txt"), big);
        tmux(true, "resize-window", "-t", "e2e", "-x", "61", "-y", "9");
        await(bob, s -> s.contains("Terminal too small"), DELIVERY, "the too-small notice");
        tmux(true, "resize-window", "-t", "e2e", "-x", "161", "-y", "24");
        String back =
                await(bob, s -> isFrame(s, 80, 24) && s.contains("alice: Hello Bob"), DELIVERY, "bob back at 80x24");
        assertFrame(back, 80, 24);

        // Quit both ways: Ctrl-C with a draft typed (it is kept), Ctrl-D in bob's empty field.
        tmux(true, "send-keys", "-t", alice, "C-c");
        tmux(true, "send-keys", "-t", bob, "C-d");
        for (String[] pane : new String[][] {{alice, "alice"}, {bob, "bob"}}) {
            await(pane[0], s -> s.contains("EXIT-1=0"), DELIVERY, pane[1] + " quit with exit 0");
            await(pane[0], s -> s.contains("TTY-1=same"), DELIVERY, pane[1] + "'s stty -g identical before and after");
            assertEquals(
                    "0",
                    tmux(true, "display-message", "-p", "-t", pane[0], "#{alternate_on}")
                            .strip(),
                    "left the alternate screen");
            String sttyA = Files.readString(dir.resolve(pane[1] + "-1.stty-a"));
            // The settings a usable shell needs, each on (no leading '-'), as `stty sane` would set them.
            List<String> words = List.of(sttyA.split("[\\s;]+"));
            for (String flag : List.of("icanon", "echo", "isig", "ixon", "icrnl", "opost", "onlcr")) {
                assertTrue(words.contains(flag), "stty -a shows " + flag + ":\n" + sttyA);
            }
            // The shell echoes what is typed and runs it: the terminal is usable.
            tmux(true, "send-keys", "-t", pane[0], "-l", "echo shell-ok-$((6*7))");
            tmux(true, "send-keys", "-t", pane[0], "Enter");
            await(pane[0], s -> s.contains("shell-ok-42"), DELIVERY, pane[1] + "'s shell usable");
        }

        // The draft typed before Ctrl-C is back after a restart.
        startClient(alice, "alice", port, "3");
        String again = await(alice, s -> s.contains("Your draft to bob is back"), STARTUP, "alice's draft restored");
        assertTrue(again.contains("so quick kept over a restart"), again);
        tmux(true, "send-keys", "-t", alice, "C-c");
        await(alice, s -> s.contains("EXIT-3=0"), DELIVERY, "alice quit again");

        // SIGTERM (what `kill` and a closing terminal emulator send): the terminal is restored too.
        startClient(bob, "bob", port, "2");
        await(bob, s -> s.contains("bob@") && s.contains("connected"), STARTUP, "bob connected again");
        String marker = dir.resolve("bob.log").toString();
        List<ProcessHandle> jvms = ProcessHandle.allProcesses()
                .filter(ph -> ph.info()
                        .commandLine()
                        .map(c -> c.contains(marker) && c.contains(" tui "))
                        .orElse(false))
                .toList();
        assertEquals(1, jvms.size(), "exactly bob's client JVM");
        assertTrue(jvms.get(0).destroy(), "SIGTERM sent");
        await(bob, s -> s.contains("EXIT-2=143"), DELIVERY, "bob ended by SIGTERM");
        await(bob, s -> s.contains("TTY-2=same"), DELIVERY, "stty -g identical after SIGTERM");
        assertEquals(
                "0",
                tmux(true, "display-message", "-p", "-t", bob, "#{alternate_on}")
                        .strip(),
                "left the alternate screen");
    }

    /** Runs the client from the pane's shell; afterwards it prints TTY-tag=same|changed and EXIT-tag=code. */
    private void startClient(String pane, String user, int port, String tag) throws IOException, InterruptedException {
        Tmux.startClient(
                socket,
                pane,
                dir,
                user + "-" + tag,
                tag,
                "--port " + port + " --user " + user + " --interval 300ms --archive '" + dir + "/" + user
                        + ".log' --escape-time 25ms");
    }

    /** {@link #assertFrame} as a condition to wait for. */
    private static boolean isFrame(String screen, int cols, int rows) {
        try {
            assertFrame(screen, cols, rows);
            return true;
        } catch (AssertionError notYet) {
            return false;
        }
    }

    /** Every row of a captured pane is as wide as the pane, and the frame's corners are where they belong. */
    private static void assertFrame(String screen, int cols, int rows) {
        List<String> lines = screen.lines().toList();
        assertEquals(rows, lines.size(), screen);
        assertTrue(lines.get(0).startsWith("┌─People") && lines.get(0).endsWith("┐"), screen);
        assertTrue(
                lines.get(rows - 6).startsWith("┌─Compose")
                        && lines.get(rows - 6).endsWith("┐"),
                screen);
        assertTrue(lines.get(rows - 4).startsWith("└") && lines.get(rows - 4).endsWith("┘"), screen);
        for (int r = 1; r < rows - 7; r++) {
            String l = lines.get(r);
            assertTrue(l.startsWith("│") || l.startsWith("├"), "row " + r + " keeps its left border:\n" + screen);
        }
        for (String l : lines) {
            assertTrue(l.length() <= cols, "no row wider than the pane:\n" + screen);
        }
    }

    private String capture(String pane) throws IOException, InterruptedException {
        return Tmux.capture(socket, pane);
    }

    private String await(String pane, Predicate<String> done, Duration within, String what) throws Exception {
        return Tmux.await(socket, pane, done, within, what);
    }

    private String tmux(boolean check, String... args) throws IOException, InterruptedException {
        return Tmux.run(socket, check, args);
    }
}
