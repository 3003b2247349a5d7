package dev.pigeonhole.tui;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pigeonhole.testing.ServerFixture;
import dev.pigeonhole.testing.Slow;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Focus reports in a real terminal: tmux with {@code focus-events on} and an attached client (in
 * {@code script}'s pseudo-terminal, so that there is a focused terminal at all) sends the client's pane
 * {@code CSI I} and {@code CSI O} as {@code select-pane} moves the focus; none of it may reach the compose box.
 */
@Slow.RealTerminal
class TmuxFocusEndToEndTest {
    private static final Duration WITHIN = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private final String socket = "pigeonhole-focus-" + ProcessHandle.current().pid() + "-" + System.nanoTime();

    @Test
    void focus_moving_in_and_out_of_the_window_types_nothing() throws Exception {
        Tmux.require();
        assertTimeoutPreemptively(Duration.ofMinutes(2), () -> {
            Process viewer = null;
            try (ServerFixture server = ServerFixture.start()) {
                try {
                    Tmux.run(socket, true, "new-session", "-d", "-s", "f", "-x", "80", "-y", "24", "bash --norc");
                    Tmux.run(socket, true, "set-option", "-g", "focus-events", "on");
                    Tmux.run(socket, true, "split-window", "-v", "-l", "3", "-t", "f", "bash --norc");
                    Tmux.run(socket, true, "select-pane", "-t", "f:0.0");
                    ProcessBuilder pb = new ProcessBuilder(
                                    "script",
                                    "-qfc",
                                    "stty cols 80 rows 28; tmux -L " + socket + " attach -t f",
                                    "/dev/null")
                            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                            .redirectErrorStream(true);
                    pb.environment().put("LC_ALL", "C.UTF-8");
                    pb.environment().remove("TMUX");
                    viewer = pb.start(); // its stdin stays open: the client stays attached
                    String pane = "f:0.0";
                    Tmux.startClient(
                            socket,
                            pane,
                            dir,
                            "bob",
                            "1",
                            "--port " + server.port() + " --user bob --archive '" + dir + "/bob.log'");
                    Tmux.await(socket, pane, s -> s.contains("connected"), WITHIN, "bob connected");
                    assertTrue(
                            Tmux.run(socket, true, "list-clients").contains("focused"),
                            "the attached client has the focus");
                    for (int i = 0; i < 3; i++) { // focus out (the other pane) and back in
                        Tmux.run(socket, true, "select-pane", "-t", "f:0.1");
                        Tmux.run(socket, true, "select-pane", "-t", pane);
                    }
                    Tmux.run(socket, true, "send-keys", "-t", pane, "-l", "bob");
                    String screen = Tmux.await(socket, pane, s -> s.contains("To: bob"), WITHIN, "bob typed into To:");
                    assertTrue(
                            screen.lines().anyMatch(l -> l.matches("│To: bob +Msg: +│")),
                            "the name as typed, no focus report as text:\n" + screen);
                } finally {
                    Tmux.killServer(socket);
                    if (viewer != null) {
                        viewer.destroy();
                    }
                }
            }
        });
    }
}
