package dev.pigeonhole.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pigeonhole.client.Archive;
import dev.pigeonhole.client.ClientSession;
import dev.pigeonhole.client.Endpoint;
import dev.pigeonhole.protocol.Reply;
import dev.pigeonhole.testing.ServerFixture;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Identity over the Unix socket with two real OS users: the tests run as root and start clients as
 * {@code nobody} ({@code runuser -u nobody --}), each a JVM of its own with this build's classes. Over the
 * socket the server knows who connected; {@code nobody} can neither read nor send as anyone else, and
 * can as itself. Needs root (for runuser); skipped, saying so, without it.
 */
class ClientIdentityOverSocketTest {
    private static final Duration CHILD = Duration.ofSeconds(60);

    /** Readable by nobody: the socket, a copy of the class path, and nobody's own home. */
    private static Path shared;

    private static Path classPath;
    private static Path nobodyHome;
    private ServerFixture server;
    private Path socket;

    @BeforeAll
    static void prepare() throws IOException {
        Assumptions.assumeTrue(
                "root".equals(System.getProperty("user.name")),
                "needs root to start clients as another OS user with runuser (CI runs the tests as root)");
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/sbin/runuser")), "needs /usr/sbin/runuser");
        shared = Files.createTempDirectory("pigeonhole-identity");
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxr-xr-x"));
        classPath = Files.createDirectories(shared.resolve("lib"));
        copyClassPath(classPath);
        nobodyHome = Files.createDirectories(shared.resolve("home"));
        UserPrincipal nobody =
                shared.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
        Files.setOwner(nobodyHome, nobody);
        Files.setPosixFilePermissions(nobodyHome, PosixFilePermissions.fromString("rwx------"));
    }

    /**
     * This build's classes and the jars they need, copied where nobody can read them: the originals may be
     * under root's home (the Maven repository), which nobody cannot enter.
     */
    private static void copyClassPath(Path into) throws IOException {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        int n = 0;
        for (String entry : cp.split(java.io.File.pathSeparator)) {
            Path from = Path.of(entry);
            if (from.endsWith("test-classes") || !Files.exists(from)) {
                continue;
            }
            Path to = into.resolve(n++ + "-" + from.getFileName());
            if (Files.isDirectory(from)) {
                Files.walkFileTree(from, new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                        Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                        Files.copy(file, to.resolve(from.relativize(file).toString()));
                        return FileVisitResult.CONTINUE;
                    }
                });
            } else {
                Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        // Everything readable (and directories enterable) by others, whatever the umask.
        try (Stream<Path> all = Files.walk(into)) {
            for (Path p : all.toList()) {
                Files.setPosixFilePermissions(
                        p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
    }

    @AfterAll
    static void cleanUp() throws IOException {
        if (shared != null) {
            try (Stream<Path> all = Files.walk(shared)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    @BeforeEach
    void startServer() throws IOException {
        socket = shared.resolve("server-" + System.nanoTime() + ".sock");
        server = ServerFixture.start(cfg -> cfg.socket(socket));
    }

    @org.junit.jupiter.api.AfterEach
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    /** What a client JVM run as nobody did. */
    private record Child(int code, String out, String err) {}

    /** {@code pigeonhole ARGS} as the OS user nobody, with {@code stdin}, its home in a directory it owns. */
    private static Child asNobody(String stdin, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                "/usr/sbin/runuser",
                "-u",
                "nobody",
                "--",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-cp",
                classPath.toString() + "/*:" + directories(),
                "dev.pigeonhole.cli.Main"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(nobodyHome.toFile());
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("PIGEONHOLE_") || k.startsWith("XDG_"));
        env.put("HOME", nobodyHome.toString());
        env.put("XDG_DATA_HOME", nobodyHome.resolve("data").toString());
        env.put("XDG_STATE_HOME", nobodyHome.resolve("state").toString());
        env.put("USER", "nobody");
        Path out = Files.createTempFile("nobody-out", ".txt");
        Path err = Files.createTempFile("nobody-err", ".txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        p.getOutputStream().write(stdin.getBytes(StandardCharsets.US_ASCII));
        p.getOutputStream().close();
        if (!p.waitFor(CHILD.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("pigeonhole " + String.join(" ", args) + " as nobody did not end in " + CHILD);
        }
        Child c = new Child(p.exitValue(), Files.readString(out), Files.readString(err));
        Files.delete(out);
        Files.delete(err);
        return c;
    }

    /** The class directories among the copies (jars are matched by the wildcard). */
    private static String directories() throws IOException {
        try (Stream<Path> entries = Files.list(classPath)) {
            return String.join(
                    ":", entries.filter(Files::isDirectory).map(Path::toString).toList());
        }
    }

    /** A session as root over the socket: the test's own identity. */
    private ClientSession root() throws IOException {
        ClientSession s =
                ClientSession.open(new Endpoint.UnixSocket(socket), Duration.ofSeconds(5), Duration.ofSeconds(5), 4096);
        s.login("root");
        return s;
    }

    /** Messages waiting for {@code user}, without reading them (over TCP, which verifies nobody). */
    private long waiting(String user) throws IOException {
        try (ClientSession s = server.connect()) {
            long n = s.login(user);
            s.exit();
            return n;
        }
    }

    @Test
    @DisplayName("nobody's LOGIN as alice over the socket is dropped without a reply, nothing read (P10)")
    void nobody_cannot_read_as_alice_P10() throws Exception {
        try (ClientSession root = root()) {
            assertEquals(Reply.ComposeStatus.SENT, root.compose("alice", "for alice only"));
            root.exit();
        }
        // The bridge carries raw protocol lines, as any program nobody writes could.
        Child raw = asNobody("LOGIN alice\nREAD\n", "bridge", "--socket", socket.toString());
        assertEquals(new Child(0, "", ""), raw, "dropped: not one reply line");
        server.awaitLog("nobody", Duration.ofSeconds(10));
        assertEquals(1, waiting("alice"), "alice's message is still there");

        Child cli = asNobody("", "read", "--socket", socket.toString(), "--user", "alice");
        assertEquals(ExitCode.USAGE, cli.code(), cli.err());
        assertTrue(cli.err().startsWith("pigeonhole read: over unix:" + socket + " you are 'nobody'"), cli.err());
        assertEquals(1, waiting("alice"));
    }

    @Test
    @DisplayName("nobody cannot send as alice over the socket: dropped, nothing delivered (P10)")
    void nobody_cannot_send_as_alice_P10() throws Exception {
        Child raw = asNobody("LOGIN alice\nCOMPOSE bob\nforged\n", "bridge", "--socket", socket.toString());
        assertEquals(new Child(0, "", ""), raw, "dropped: not one reply line");
        assertEquals(0, waiting("bob"), "nothing reached bob");

        Child cli = asNobody("", "send", "--socket", socket.toString(), "--user", "alice", "--to", "bob", "forged");
        assertEquals(ExitCode.USAGE, cli.code(), cli.err());
        assertEquals(0, waiting("bob"));
    }

    @Test
    @DisplayName("nobody reads and sends as itself over the socket, --user defaulting to its login (P5, P7, P8)")
    void nobody_reads_and_sends_as_itself_P5_P7_P8() throws Exception {
        try (ClientSession root = root()) {
            assertEquals(Reply.ComposeStatus.SENT, root.compose("nobody", "hello nobody"));
            root.exit();
        }
        Child count = asNobody("", "count", "--socket", socket.toString());
        assertEquals(new Child(0, "1\n", ""), count);
        Child read = asNobody("", "read", "--socket", socket.toString());
        assertEquals(0, read.code(), read.err());
        assertTrue(read.out().endsWith("  root  hello nobody\n"), read.out());
        Path named = Archive.defaultPath(new Endpoint.UnixSocket(socket).archiveKey(Duration.ZERO), "nobody");
        Path archive = nobodyHome
                .resolve("data/pigeonhole")
                .resolve(named.getParent().getFileName())
                .resolve(named.getFileName());
        assertTrue(Files.isRegularFile(archive), "archived in nobody's own data directory, named after the socket");

        Child send = asNobody("", "send", "--socket", socket.toString(), "--to", "root", "hi", "root");
        assertEquals(new Child(0, "", ""), send);
        try (ClientSession root = root()) {
            Reply.Message m = root.read().orElseThrow();
            assertEquals(new Reply.Message("nobody", "hi root"), m, "sent as nobody, the OS-verified name");
            root.exit();
        }
    }
}
