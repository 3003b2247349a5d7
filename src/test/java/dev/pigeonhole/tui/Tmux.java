package dev.pigeonhole.tui;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Assumptions;

/** The tmux server of an end-to-end test: a private one per socket name, never the user's own. */
final class Tmux {
    private Tmux() {}

    /**
     * Runs {@code tmux ARGS} on the private server {@code socket} and returns what it printed; with
     * {@code check}, a non-zero exit fails the test.
     */
    static String run(String socket, boolean check, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("tmux", "-L", socket, "-f", "/dev/null"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        // UTF-8 whatever the CI's locale: frames are asserted in line-drawing characters.
        pb.environment().put("LC_ALL", "C.UTF-8");
        pb.environment().remove("TMUX"); // a private server even when the tests run inside tmux
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("tmux " + String.join(" ", args) + " did not finish");
        }
        String text = new String(out, StandardCharsets.UTF_8);
        if (check && p.exitValue() != 0) {
            fail("tmux " + String.join(" ", args) + " failed: " + text);
        }
        return text;
    }

    /** The pane's screen as text; trailing spaces are kept ({@code -N}). */
    static String capture(String socket, String pane) throws IOException, InterruptedException {
        return run(socket, true, "capture-pane", "-p", "-N", "-t", pane);
    }

    /**
     * Polls the pane until its screen satisfies {@code done} and returns that screen; fails with the last
     * screen seen once {@code within} has passed.
     */
    static String await(String socket, String pane, Predicate<String> done, Duration within, String what)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            last = capture(socket, pane);
            if (done.test(last)) {
                return last;
            }
            Thread.sleep(100);
        }
        return fail("tmux pane " + pane + " never showed " + what + " within " + within + ":\n" + last);
    }

    /** Stops the private server (its clients get SIGHUP) and removes the socket file tmux leaves behind. */
    static void killServer(String socket) throws IOException, InterruptedException {
        String socketPath =
                run(socket, false, "display-message", "-p", "#{socket_path}").strip();
        run(socket, false, "kill-server");
        if (socketPath.startsWith("/")) {
            Files.deleteIfExists(Path.of(socketPath));
        }
    }

    /**
     * Types into the pane's shell a command that runs {@code pigeonhole tui OPTIONS} (a JVM on the test's
     * class path; stderr to {@code DIR/NAME.err}, {@code stty -a} after it to {@code DIR/NAME.stty-a}) and
     * then prints {@code TTY-tag=same|changed} (stty -g before and after) and {@code EXIT-tag=code}.
     */
    static void startClient(String socket, String pane, Path dir, String name, String tag, String options)
            throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path script = dir.resolve(name + ".sh");
        Files.writeString(
                script,
                String.join(
                        "\n",
                        "before=$(stty -g)",
                        "unset NO_COLOR PIGEONHOLE_USER",
                        "'" + java + "' -Djava.awt.headless=true -cp '" + cp + "' dev.pigeonhole.cli.Main tui "
                                + options + " 2>'" + dir.resolve(name + ".err") + "'",
                        "code=$?",
                        "stty -a > '" + dir.resolve(name + ".stty-a") + "'",
                        "[ \"$before\" = \"$(stty -g)\" ] && echo TTY-" + tag + "=same || echo TTY-" + tag + "=changed",
                        "echo EXIT-" + tag + "=$code",
                        ""),
                StandardCharsets.UTF_8);
        run(socket, true, "send-keys", "-t", pane, "-l", "clear; bash '" + script + "'");
        run(socket, true, "send-keys", "-t", pane, "Enter");
    }

    /** Skips the test where tmux is missing, except on CI, where {@code .ci/run} installs it. */
    static void require() throws InterruptedException {
        boolean present;
        try {
            Process p =
                    new ProcessBuilder("tmux", "-V").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            present = p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            present = false;
        }
        if (!present) {
            if ("true".equals(System.getenv("CI"))) {
                fail("tmux is required for the end-to-end test on CI (.ci/run installs it)");
            }
            Assumptions.abort("tmux is not installed: the end-to-end terminal test is skipped (apt-get install tmux)");
        }
    }
}
