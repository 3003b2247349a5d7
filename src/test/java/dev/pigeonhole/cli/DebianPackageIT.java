package dev.pigeonhole.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Debian package end to end, as a host's operator meets it: lintian's verdict, install
 * {@code target/pigeonhole_*_all.deb} with apt, run the packaged server as the {@code pigeonhole} user with
 * the unit's options (no systemd here), check who is who on its socket through {@code /usr/bin/pigeonhole},
 * the man pages, the completion, the docs and the unit, then remove and purge with a server running
 * (it is stopped first; messages stay on remove and go on purge; the system user and group stay).
 *
 * <p>Runs in {@code mvn verify} (failsafe, after {@code package} built the .deb). Needs root, apt-get and
 * dpkg, and a host where the package is not installed already (it is purged at the end); it says why it
 * skips otherwise.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DebianPackageIT {
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final String VERSION = System.getProperty("pigeonhole.version", "");
    private static final String DEB_VERSION = System.getProperty("pigeonhole.deb.version", VERSION);
    private static final Path DEB =
            Path.of(System.getProperty("pigeonhole.deb", "target/pigeonhole_" + DEB_VERSION + "_all.deb"));
    private static final Path UNIT = Path.of("/usr/lib/systemd/system/pigeonhole.service");
    private static final Path DOC = Path.of("/usr/share/doc/pigeonhole");
    private static final Path DATA = Path.of("/var/lib/pigeonhole");

    @TempDir
    static Path temp;

    private static FileChannel lockFile;
    private static boolean installed;
    /** Whether the system user and group were there before this test: if not, it removes them at the end. */
    private static boolean userBefore;

    private static boolean groupBefore;
    private static Process server;
    private static Path socket;

    @BeforeAll
    static void install() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root: installs a package and a system user");
        assumeTrue(
                onPath("apt-get") && onPath("dpkg") && onPath("runuser"), "needs apt-get, dpkg and runuser (Debian)");
        assumeTrue(Files.isRegularFile(DEB), "no " + DEB + ": run mvn package first");
        // Two builds on one host (two checkouts) would install and purge under each other: one at a time.
        Path lock = Files.isDirectory(Path.of("/run/lock"))
                ? Path.of("/run/lock")
                : Path.of(System.getProperty("java.io.tmpdir"));
        lockFile = FileChannel.open(
                lock.resolve("pigeonhole-package-test.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        lockFile.lock();
        assumeTrue(
                run(List.of("dpkg-query", "-W", "-f=${Status}", "pigeonhole"))
                                .out()
                                .contains("not-installed")
                        || run(List.of("dpkg-query", "-W", "pigeonhole")).code() != 0,
                "pigeonhole is installed on this host; this test would purge it");
        userBefore = run(List.of("getent", "passwd", "pigeonhole")).code() == 0;
        groupBefore = run(List.of("getent", "group", "pigeonhole-admin")).code() == 0;
        aptInstall();
    }

    private static void aptInstall() throws Exception {
        Result apt = run(
                List.of(
                        "apt-get",
                        "install",
                        "-y",
                        "-q",
                        "-o",
                        "DPkg::Lock::Timeout=300",
                        DEB.toAbsolutePath().toString()),
                Map.of("DEBIAN_FRONTEND", "noninteractive"));
        installed = true;
        assertEquals(0, apt.code(), "apt-get install:\n" + apt.out());
    }

    @AfterAll
    static void purgeEverything() throws Exception {
        stopServer();
        if (installed) {
            run(List.of("dpkg", "--purge", "pigeonhole"));
        }
        // The package keeps its system user and group on purge, as Debian does; the test leaves the host
        // as it found it.
        if (lockFile != null && !userBefore) {
            run(List.of("userdel", "pigeonhole"));
            run(List.of("groupdel", "pigeonhole"));
        }
        if (lockFile != null && !groupBefore) {
            run(List.of("groupdel", "pigeonhole-admin"));
        }
        if (lockFile != null) {
            lockFile.close();
        }
    }

    @Test
    @Order(1)
    void the_install_creates_the_user_a_private_state_directory_and_the_start_up_archive() throws Exception {
        assertEquals(0, run(List.of("getent", "passwd", "pigeonhole")).code(), "system user pigeonhole");
        assertEquals("pigeonhole", Files.getOwner(DATA).getName());
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(DATA)));
        assertTrue(
                Files.isRegularFile(Path.of("/var/cache/pigeonhole/pigeonhole.jsa")),
                "AppCDS archive dumped by postinst");
        Result version = run(List.of("/usr/bin/pigeonhole", "--version"));
        assertEquals(0, version.code());
        // Nothing but the version: the archive is used quietly (a stale one would be ignored quietly too).
        assertEquals("pigeonhole " + VERSION + "\n", version.out());
        assertEquals(
                DEB_VERSION,
                run(List.of("dpkg-query", "-W", "-f=${Version}", "pigeonhole")).out());
        assertEquals(0, run(List.of("getent", "group", "pigeonhole-admin")).code(), "the operators' group");
    }

    @Test
    @Order(1)
    void the_docs_are_under_usr_share_doc_and_the_copyright_points_to_common_licenses() throws Exception {
        String copyright = Files.readString(DOC.resolve("copyright"));
        assertTrue(copyright.contains("/usr/share/common-licenses/Apache-2.0"), copyright);
        assertFalse(copyright.contains("TERMS AND CONDITIONS"), "the license's text is not repeated");
        for (String doc : List.of("README.md.gz", "protocol.md.gz", "CHANGELOG.md.gz", "changelog.gz")) {
            assertTrue(Files.isRegularFile(DOC.resolve(doc)), DOC.resolve(doc) + " is missing");
        }
        String protocol =
                run(List.of("zcat", DOC.resolve("protocol.md.gz").toString())).out();
        assertTrue(protocol.contains("COMPOSE"), "the protocol description");
        String changelog =
                run(List.of("zcat", DOC.resolve("changelog.gz").toString())).out();
        assertTrue(changelog.startsWith("pigeonhole (" + DEB_VERSION + ") "), changelog);
    }

    @Test
    @Order(0)
    void lintian_finds_no_error_and_no_warning_at_pedantic() throws Exception {
        assumeTrue(onPath("lintian"), "lintian is not installed (.ci/run installs it)");
        Result lintian = run(List.of("lintian", "--pedantic", "--tag-display-limit", "0", DEB.toString()));
        List<String> complaints = lintian.out()
                .lines()
                .filter(l -> l.startsWith("E: ") || l.startsWith("W: "))
                .toList();
        assertEquals(List.of(), complaints, lintian.out());
    }

    @Test
    @Order(2)
    void the_packaged_server_runs_as_pigeonhole_and_the_socket_tells_users_apart() throws Exception {
        // The unit's ExecStart, without systemd: RuntimeDirectory= would make /run/pigeonhole (0755).
        Path runtime = Files.createDirectories(temp.resolve("run"));
        Files.setPosixFilePermissions(runtime, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rwxr-xr-x"));
        assertEquals(
                0,
                run(List.of("chown", "pigeonhole:pigeonhole", runtime.toString()))
                        .code());
        socket = runtime.resolve("pigeonhole.sock");
        startServer();

        String javaCommand = serverJvmCommandLine();
        assertTrue(javaCommand.contains("-XX:+ExitOnOutOfMemoryError"), javaCommand);
        assertTrue(javaCommand.contains(unitJavaOptions()), "the unit's heap: " + javaCommand);
        assertEquals("pigeonhole", serverJvmUser(), "the server's OS user");
        // The budget the unit's numbers promise: --max-memory is 40% of the unit's heap, below MemoryMax.
        String started = Files.readString(temp.resolve("server.log"));
        long heap = bytes(unitJavaOptions().replaceAll(".*-Xmx(\\S+).*", "$1"));
        String share = String.format(java.util.Locale.ROOT, "(40%% of heap %.1f MiB)", heap / 1048576.0);
        assertTrue(started.contains(share), "the server's budget is 40% of the unit's heap: " + started);
        assertTrue(bytes(unitSetting("MemoryMax")) > heap, "MemoryMax leaves room above the heap");

        Path nobodyHome = Files.createDirectories(temp.resolve("nobody"));
        assertEquals(0, run(List.of("chown", "nobody", nobodyHome.toString())).code());

        // The protocol itself, with no client in between: the server checks LOGIN against the peer's OS user.
        assertEquals(
                "0\nMESSAGE SENT\n",
                rawExchange("nobody", nobodyHome, "LOGIN nobody\nCOMPOSE root\nhello from nobody\nEXIT\n"));
        assertEquals(
                "", rawExchange("nobody", nobodyHome, "LOGIN root\nREAD\n"), "a forged LOGIN: dropped, no reply (P10)");
        assertEquals(
                "1\nnobody\nhello from nobody\n",
                rawExchange("root", temp, "LOGIN root\nREAD\nEXIT\n"),
                "root's message survived the attempt, and reads as from nobody");
        stopServerIfClientsLackSocket();
        if (server == null) {
            return;
        }

        // The same through /usr/bin/pigeonhole, as users type it.
        Map<String, String> asNobody = Map.of("HOME", nobodyHome.toString());
        Map<String, String> asRoot =
                Map.of("HOME", Files.createDirectories(temp.resolve("root")).toString());
        Result sent = run(nobody("send", "--socket", socket.toString(), "--to", "root", "hello again"), asNobody);
        assertEquals(0, sent.code(), sent.out());
        Result forged = run(
                nobody("send", "--socket", socket.toString(), "--user", "root", "--to", "root", "forged"), asNobody);
        assertFalse(forged.code() == 0, "a send as root by nobody must fail: " + forged.out());
        Result count = run(List.of("/usr/bin/pigeonhole", "count", "--socket", socket.toString()), asRoot);
        assertEquals("1\n", count.out(), "root has nobody's message, and not the forged one");
        Result read = run(List.of("/usr/bin/pigeonhole", "read", "--socket", socket.toString()), asRoot);
        assertEquals(0, read.code(), read.out());
        assertTrue(read.out().contains("  nobody  hello again"), read.out());
        assertEquals(
                0,
                run(
                                List.of(
                                        "/usr/bin/pigeonhole",
                                        "send",
                                        "--socket",
                                        socket.toString(),
                                        "--to",
                                        "nobody",
                                        "hi"),
                                asRoot)
                        .code());
        Result own = run(nobody("read", "--socket", socket.toString()), asNobody);
        assertTrue(own.out().contains("  root  hi"), own.out());
        stopServer();
    }

    @Test
    @Order(3)
    void man_pages_completion_and_the_unit_work() throws Exception {
        if (onPath("man")) {
            Result page = run(List.of("man", "-P", "cat", "pigeonhole-send"), Map.of("MANWIDTH", "80"));
            assertEquals(0, page.code(), page.out());
            assertTrue(page.out().contains("SYNOPSIS") && page.out().contains("--to"), page.out());
            assertEquals(0, run(List.of("man", "-P", "cat", "pigeonhole")).code());
        }
        Result completion = run(List.of(
                "bash",
                "-c",
                "source /usr/share/bash-completion/completions/pigeonhole"
                        + " && COMP_WORDS=(pigeonhole send --t) COMP_CWORD=2 COMP_LINE='pigeonhole send --t'"
                        + " COMP_POINT=19 && _complete_pigeonhole && printf '%s\\n' \"${COMPREPLY[@]}\""));
        assertEquals(0, completion.code(), completion.out());
        assertTrue(completion.out().lines().toList().containsAll(List.of("--to", "--timeout")), completion.out());
        if (onPath("systemd-analyze")) {
            Result verify = run(List.of("systemd-analyze", "verify", UNIT.toString()));
            List<String> complaints = verify.out()
                    .lines()
                    .filter(l -> !l.contains("not booted with systemd") && !l.isBlank())
                    .toList();
            assertEquals(List.of(), complaints, "systemd-analyze verify");
            assertEquals(0, verify.code(), verify.out());
        }
        assertFalse(
                Files.exists(Path.of("/lib/systemd/system/pigeonhole.service"))
                        && !Files.isSameFile(Path.of("/lib/systemd/system"), UNIT.getParent()),
                "one unit, in /usr/lib");
        // A restart keeps /run/pigeonhole (issue 19): the directory never goes missing in between.
        assertEquals("yes", unitSetting("RuntimeDirectoryPreserve"));
    }

    @Test
    @Order(4)
    void remove_stops_a_server_running_without_systemd_and_keeps_the_messages_and_the_user() throws Exception {
        Path runtime = temp.resolve("run");
        socket = runtime.resolve("pigeonhole.sock");
        startServer();
        ProcessHandle jvm = serverJvm();
        assertEquals(0, run(List.of("dpkg", "--remove", "pigeonhole")).code());
        assertFalse(jvm.isAlive(), "remove stopped the server first");
        assertTrue(Files.readString(temp.resolve("server.log")).strip().endsWith("stopped"), "a graceful stop");
        stopServer();
        assertFalse(Files.exists(Path.of("/usr/bin/pigeonhole")));
        assertTrue(Files.isDirectory(DATA), "the journal stays after remove");
        assertEquals(0, run(List.of("getent", "passwd", "pigeonhole")).code(), "the user stays after remove");
    }

    @Test
    @Order(5)
    void purge_stops_a_server_running_without_systemd_then_removes_the_messages_but_keeps_the_user() throws Exception {
        aptInstall();
        Path runtime = temp.resolve("run");
        socket = runtime.resolve("pigeonhole.sock");
        startServer();
        ProcessHandle jvm = serverJvm();
        Result purge = run(List.of("dpkg", "--purge", "pigeonhole"));
        assertEquals(0, purge.code(), purge.out());
        installed = false;
        assertFalse(jvm.isAlive(), "purge stopped the server before deleting its journal");
        assertTrue(Files.readString(temp.resolve("server.log")).strip().endsWith("stopped"), "a graceful stop");
        stopServer();
        assertFalse(Files.exists(DATA), "purge removes the journal");
        assertFalse(Files.exists(Path.of("/var/cache/pigeonhole")));
        assertFalse(Files.exists(Path.of("/etc/default/pigeonhole")));
        assertEquals(0, run(List.of("getent", "passwd", "pigeonhole")).code(), "purge keeps the system user");
        assertEquals(0, run(List.of("getent", "group", "pigeonhole-admin")).code(), "and the operators' group");
    }

    // --- helpers

    /**
     * The unit's ExecStart without systemd: {@code pigeonhole server} on {@link #socket} as the user
     * pigeonhole, with the unit's PIGEONHOLE_JAVA_OPTS, its log in server.log; returns once it listens.
     */
    private static void startServer() throws Exception {
        ProcessBuilder pb = new ProcessBuilder(
                        "runuser",
                        "-u",
                        "pigeonhole",
                        "--",
                        "env",
                        "PIGEONHOLE_JAVA_OPTS=" + unitJavaOptions(),
                        "/usr/bin/pigeonhole",
                        "server",
                        "--socket",
                        socket.toString(),
                        "--data-dir",
                        DATA.toString())
                .redirectError(temp.resolve("server.log").toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("PIGEONHOLE_"));
        server = pb.start();
        awaitLine(server, "pigeonhole listening on unix:" + socket);
    }

    /** The value of {@code NAME=} in the installed unit. */
    private static String unitSetting(String name) throws IOException {
        return Files.readAllLines(UNIT).stream()
                .filter(l -> l.startsWith(name + "="))
                .map(l -> l.substring(name.length() + 1))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + "= in " + UNIT));
    }

    /** The JVM options the unit gives the server ({@code Environment=PIGEONHOLE_JAVA_OPTS="..."}). */
    private static String unitJavaOptions() throws IOException {
        return unitSetting("Environment").replaceFirst("^PIGEONHOLE_JAVA_OPTS=\"(.*)\"$", "$1");
    }

    /** 512m, 1G: bytes, as systemd and the JVM read those suffixes. */
    private static long bytes(String size) {
        long n = Long.parseLong(size.substring(0, size.length() - 1));
        return switch (Character.toLowerCase(size.charAt(size.length() - 1))) {
            case 'k' -> n << 10;
            case 'm' -> n << 20;
            case 'g' -> n << 30;
            default -> Long.parseLong(size);
        };
    }

    /** {@code pigeonhole ARGS} as the OS user nobody, with its home in the test's directory (runuser resets HOME). */
    private static List<String> nobody(String... args) {
        List<String> command = new ArrayList<>(List.of(
                "runuser", "-u", "nobody", "--", "env", "HOME=" + temp.resolve("nobody"), "/usr/bin/pigeonhole"));
        command.addAll(List.of(args));
        return command;
    }

    /**
     * Sends {@code lines} on the socket from a process of the OS user {@code user}, speaking the protocol
     * directly (no client checks), and returns every byte the server answered before it closed.
     */
    private static String rawExchange(String user, Path home, String lines) throws Exception {
        Path source = home.resolve("Raw.java");
        if (Files.exists(source)) {
            Files.delete(source);
        }
        Files.writeString(
                source,
                String.join(
                        "\n",
                        "                import java.net.UnixDomainSocketAddress;",
                        "                import java.nio.ByteBuffer;",
                        "                import java.nio.channels.SocketChannel;",
                        "                import java.nio.channels.FileChannel;",
                        "import java.nio.charset.StandardCharsets;",
                        "                public class Raw {",
                        "                    public static void main(String[] a) throws Exception {",
                        "                        try (SocketChannel c = SocketChannel.open(UnixDomainSocketAddress.of(a[0]))) {",
                        "                            c.write(ByteBuffer.wrap(a[1].getBytes(StandardCharsets.US_ASCII)));",
                        "                            ByteBuffer in = ByteBuffer.allocate(4096);",
                        "                            while (c.read(in) >= 0 && in.hasRemaining()) {}",
                        "                            System.out.print(new String(in.array(), 0, in.position(), StandardCharsets.US_ASCII));",
                        "                        }",
                        "                    }",
                        "                }"));
        assertEquals(0, run(List.of("chown", user, source.toString())).code());
        Result r = run(
                List.of("runuser", "-u", user, "--", javaBinary(), source.toString(), socket.toString(), lines),
                Map.of("HOME", home.toString()));
        assertEquals(0, r.code(), r.out());
        return r.out();
    }

    /**
     * Until the client commands take {@code --socket}, the raw exchanges above are the whole check; then the
     * same is checked through the installed command.
     */
    private static void stopServerIfClientsLackSocket() throws Exception {
        if (!run(List.of("/usr/bin/pigeonhole", "send", "--help")).out().contains("--socket")) {
            System.err.println(
                    "DebianPackageIT: the client commands have no --socket yet; checked over the raw protocol only");
            stopServer();
        }
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static ProcessHandle serverJvm() {
        return server.toHandle()
                .descendants()
                .filter(p -> p.info().command().map(c -> c.endsWith("/java")).orElse(false))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no java process under runuser"));
    }

    private static String serverJvmCommandLine() throws IOException {
        byte[] raw =
                Files.readAllBytes(Path.of("/proc", Long.toString(serverJvm().pid()), "cmdline"));
        return new String(raw, StandardCharsets.UTF_8).replace('\0', ' ');
    }

    private static String serverJvmUser() {
        return serverJvm().info().user().orElse("?");
    }

    private static void stopServer() throws InterruptedException {
        if (server == null) {
            return;
        }
        server.toHandle().descendants().forEach(ProcessHandle::destroy);
        server.destroy();
        if (!server.waitFor(30, TimeUnit.SECONDS)) {
            server.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
            server.destroyForcibly();
        }
        server = null;
    }

    private static void awaitLine(Process p, String expected) throws Exception {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in =
                    new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // the server ended; awaitLine reports what it saw
            }
        });
        reader.setDaemon(true);
        reader.start();
        Instant end = Instant.now().plus(DEADLINE);
        List<String> seen = new ArrayList<>();
        while (Instant.now().isBefore(end)) {
            String line = lines.poll(100, TimeUnit.MILLISECONDS);
            if (line != null) {
                seen.add(line);
                if (line.equals(expected)) {
                    return;
                }
            }
            if (!p.isAlive() && lines.isEmpty()) {
                break;
            }
        }
        fail("no '" + expected + "' from the server; stdout " + seen + "; log:\n"
                + Files.readString(temp.resolve("server.log")));
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    record Result(int code, String out) {}

    static Result run(List<String> command) throws Exception {
        return run(command, Map.of());
    }

    /** Runs {@code command} to its end (within the deadline), stdout and stderr together. */
    static Result run(List<String> command, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(env);
        pb.environment().keySet().removeIf(k -> k.startsWith("PIGEONHOLE_"));
        Path out = Files.createTempFile(temp, "out", ".txt");
        pb.redirectOutput(out.toFile());
        Process p = pb.start();
        if (!p.waitFor(DEADLINE.toSeconds() * 5, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(command + " did not finish; output:\n" + Files.readString(out));
        }
        return new Result(p.exitValue(), Files.readString(out));
    }
}
