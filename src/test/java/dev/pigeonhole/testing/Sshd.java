package dev.pigeonhole.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A real OpenSSH server for tests, on a loopback ephemeral port, with a host key and a user key made for
 * the test, letting the user running the tests (root on CI) log in with that key only. The remote
 * {@code pigeonhole} is a launcher script running this test's classes, found first on the PATH that
 * sshd's {@code SetEnv} gives every session. Its log goes to a file in the test's directory.
 */
public final class Sshd implements AutoCloseable {
    private static final Path SSHD = Path.of("/usr/sbin/sshd");
    private static final Duration STARTUP = Duration.ofSeconds(20);

    private final Process process;
    private final Path dir;
    private final int port;

    private Sshd(Process process, Path dir, int port) {
        this.process = process;
        this.dir = dir;
        this.port = port;
    }

    /**
     * Skips the calling test, saying why, unless sshd can run here: it needs OpenSSH's server and client
     * (.ci/run installs openssh-server) and root (sshd changes to the user it logs in).
     */
    public static void assumeAvailable() {
        Assumptions.assumeTrue(
                Files.isExecutable(SSHD), "needs /usr/sbin/sshd (apt-get install openssh-server; .ci/run installs it)");
        Assumptions.assumeTrue(onPath("ssh") && onPath("ssh-keygen"), "needs the ssh client and ssh-keygen");
        Assumptions.assumeTrue(
                "root".equals(System.getProperty("user.name")),
                "needs root: sshd must switch to the user it logs in (CI runs the tests as root)");
    }

    private static boolean onPath(String program) {
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, program))) {
                return true;
            }
        }
        return false;
    }

    /** Starts sshd with everything it needs in {@code dir}; waits until it accepts connections. */
    public static Sshd start(Path dir) throws IOException, InterruptedException {
        assumeAvailable();
        Files.createDirectories(dir);
        keygen(dir.resolve("host_key"));
        keygen(dir.resolve("user_key"));
        Files.copy(dir.resolve("user_key.pub"), dir.resolve("authorized_keys"));
        Path bin = Files.createDirectories(dir.resolve("bin"));
        writeLauncher(bin.resolve("pigeonhole"));
        // sshd refuses to start without its privilege separation directory, which a container may lack.
        Files.createDirectories(Path.of("/run/sshd"));
        IOException last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            int port = freePort();
            Path config = dir.resolve("sshd_config");
            Files.writeString(
                    config,
                    String.join(
                            "\n",
                            "Port " + port,
                            "ListenAddress 127.0.0.1",
                            "HostKey " + dir.resolve("host_key"),
                            "AuthorizedKeysFile " + dir.resolve("authorized_keys"),
                            "PubkeyAuthentication yes",
                            "PasswordAuthentication no",
                            "KbdInteractiveAuthentication no",
                            "PermitRootLogin prohibit-password",
                            "UsePAM no",
                            // The test's temporary directories are under a world-writable one.
                            "StrictModes no",
                            "PidFile none",
                            "SetEnv PATH=" + bin + ":/usr/local/bin:/usr/bin:/bin",
                            "LogLevel VERBOSE",
                            ""),
                    StandardCharsets.US_ASCII);
            Process p = new ProcessBuilder(SSHD.toString(), "-D", "-e", "-f", config.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("sshd.log").toFile())
                    .start();
            Sshd sshd = new Sshd(p, dir, port);
            if (sshd.awaitListening()) {
                return sshd;
            }
            sshd.close();
            last = new IOException(
                    "sshd did not start on port " + port + ": " + Files.readString(dir.resolve("sshd.log")));
        }
        throw last;
    }

    private boolean awaitListening() throws InterruptedException {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (System.nanoTime() < deadline && process.isAlive()) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
                return true;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        return false;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void keygen(Path key) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(
                        "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "pigeonhole-test", "-f", key.toString())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("ssh-keygen failed: " + out);
        }
    }

    /** {@code pigeonhole}: this test's JVM and class path, as the installed launcher would be. */
    private static void writeLauncher(Path launcher) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Files.writeString(
                launcher,
                "#!/bin/sh\nexec '" + java + "' -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto -cp '" + cp
                        + "' dev.pigeonhole.cli.Main \"$@\"\n",
                StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    public int port() {
        return port;
    }

    /** The user key ssh logs in with. */
    public Path userKey() {
        return dir.resolve("user_key");
    }

    /** A PIGEONHOLE_SSH_COMMAND for this server: its port, the test's key, no known-hosts file, no prompts. */
    public String sshCommand() {
        return String.join(
                " ",
                List.of(
                        "ssh",
                        "-F",
                        "/dev/null",
                        "-p",
                        String.valueOf(port),
                        "-i",
                        "'" + userKey() + "'",
                        "-o",
                        "IdentitiesOnly=yes",
                        "-o",
                        "StrictHostKeyChecking=no",
                        "-o",
                        "UserKnownHostsFile=/dev/null",
                        "-o",
                        "LogLevel=ERROR",
                        "-o",
                        "BatchMode=yes"));
    }

    /** sshd's log so far, for failure messages. */
    public String log() {
        try {
            return Files.readString(dir.resolve("sshd.log"));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
