package dev.pigeonhole.tui;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
