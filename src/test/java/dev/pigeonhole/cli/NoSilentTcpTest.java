package dev.pigeonhole.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19 point 1, end to end: on a host where the package is installed and its socket is missing (the
 * service stopped), a client never falls back to TCP, where a squatter listens on 127.0.0.1:4554.
 *
 * <p>Each case runs in private network and mount namespaces ({@code unshare -n -m}, needs root): its own
 * loopback, so the squatter's port 4554 is the namespace's alone; a tmpfs over {@code /run} (no service
 * socket there); a tmpfs over {@code /usr/lib/systemd/system} holding only a {@code pigeonhole.service}, or
 * nothing, so that the client's real check of "is the package installed" is what is tested.
 */
class NoSilentTcpTest {
    private static final Path UNITS = Path.of("/usr/lib/systemd/system");

    @TempDir
    Path dir;

    @BeforeAll
    static void needs() {
        assumeTrue(
                "root".equals(System.getProperty("user.name")),
                "needs root for private network and mount namespaces (CI runs the tests as root)");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/unshare")), "needs unshare (util-linux)");
        assumeTrue(Files.isDirectory(UNITS), "needs " + UNITS + " to hide the package's unit in");
    }

    private record Outcome(String output, String heard) {}

    /** Starts the squatter and runs {@code pigeonhole ARGS} in fresh namespaces; the unit present or not. */
    private Outcome run(boolean packageInstalled, String args) throws IOException, InterruptedException {
        Path heard = dir.resolve("heard.log");
        Path home = Files.createDirectories(dir.resolve("home"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("java.class.path");
        String script = String.join(
                "\n",
                "set -e",
                "ip link set lo up",
                "mount -t tmpfs tmpfs /run",
                "mount -t tmpfs tmpfs " + UNITS,
                packageInstalled ? "touch " + UNITS + "/pigeonhole.service" : ":",
                // Both of its streams to the file: a squatter holding this script's output open would keep
                // readAllBytes below waiting after the script ended. The trap ends it however the script does.
                "\"$JAVA\" -Xmx32m -cp \"$CP\" " + Squatter.class.getName()
                        + " 4554 \"$HEARD\" > \"$DIR/squatter.out\" 2>&1 &",
                "squatter=$!",
                "trap 'kill $squatter 2>/dev/null' EXIT",
                // Up to 60 s: a JVM's start on a loaded 2-core machine can take more than the 10 s once allowed.
                "for i in $(seq 1200); do grep -q listening \"$DIR/squatter.out\" 2>/dev/null && break;"
                        + " kill -0 $squatter 2>/dev/null || break; sleep 0.05; done",
                "grep -q listening \"$DIR/squatter.out\" || { echo \"the squatter did not start:\"; cat \"$DIR/squatter.out\"; exit 1; }",
                "set +e",
                "HOME=\"$HOME_DIR\" \"$JAVA\" -Xmx64m -cp \"$CP\" dev.pigeonhole.cli.Main " + args + " 2>&1",
                "echo \"exit=$?\"");
        ProcessBuilder pb = new ProcessBuilder("unshare", "-n", "-m", "--propagation", "private", "bash", "-c", script)
                .redirectErrorStream(true);
        pb.environment().put("JAVA", java);
        pb.environment().put("CP", cp);
        pb.environment().put("HEARD", heard.toString());
        pb.environment().put("DIR", dir.toString());
        pb.environment().put("HOME_DIR", home.toString());
        pb.environment().keySet().removeIf(k -> k.startsWith("PIGEONHOLE_"));
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the namespace's script ended");
        String log = Files.exists(heard) ? Files.readString(heard) : "";
        return new Outcome(output, log);
    }

    @Test
    void with_the_package_installed_and_its_socket_missing_the_squatter_hears_nothing() throws Exception {
        for (String args : List.of("count", "send --to root secret", "read")) {
            Outcome o = run(true, args);
            assertEquals("", o.heard(), () -> args + " reached the squatter; output: " + o.output());
            assertTrue(o.output().contains("exit=" + ExitCode.SERVICE_DOWN), () -> args + ": " + o.output());
            assertTrue(
                    o.output().contains("the Pigeonhole service of this host is not running"),
                    () -> args + ": " + o.output());
            assertTrue(o.output().contains("systemctl status pigeonhole"), o::output);
        }
    }

    @Test
    void without_the_package_the_default_is_tcp_and_the_client_says_names_are_not_verified() throws Exception {
        // The control: the same squatter is reached when nothing says a service is installed.
        Outcome o = run(false, "count");
        assertFalse(o.heard().isEmpty(), () -> "the squatter heard nothing: " + o.output());
        assertTrue(o.output().contains("127.0.0.1:4554 is TCP, where the server cannot verify names"), o::output);
    }
}
