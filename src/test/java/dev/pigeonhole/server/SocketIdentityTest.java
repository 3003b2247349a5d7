package dev.pigeonhole.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pigeonhole.testing.RawClient;
import dev.pigeonhole.testing.ServerFixture;
import java.io.IOException;
import java.net.BindException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The Unix socket listener: the OS names every peer and a LOGIN under another name is a P10 violation
 * (dropped without a reply, logged with the OS user and the name tried). Two real OS users where the tests
 * run as root: a client runs as {@code nobody} through {@code runuser}.
 */
@Timeout(60)
class SocketIdentityTest {
    private static final String ME = System.getProperty("user.name");

    /** A server on a Unix socket (names verified, nobody trusted) and on TCP (to look at other users' queues). */
    private static ServerFixture strictServer() {
        return ServerFixture.start(ServerFixture.Transport.UNIX_SOCKET, cfg -> cfg.trustedSocketUsers(Set.of()));
    }

    private static long count(ServerFixture server, String user) throws IOException {
        try (RawClient c = RawClient.connect(server.host(), server.port())) {
            return Long.parseLong(c.send("LOGIN " + user).readLine());
        }
    }

    @Test
    void a_socket_peer_may_log_in_under_its_own_name_P5() throws Exception {
        try (ServerFixture server = strictServer();
                RawClient c = server.raw()) {
            assertEquals("0", c.send("LOGIN " + ME).readLine());
            assertEquals("MESSAGE SENT", c.send("COMPOSE " + ME).send("note").readLine());
            c.send("READ");
            assertEquals(ME, c.readLine());
            assertEquals("note", c.readLine());
        }
    }

    @Test
    void a_socket_peer_logging_in_under_another_name_is_dropped_without_reply_and_logged_P10() throws Exception {
        String other = "not-" + ME;
        try (ServerFixture server = strictServer()) {
            try (RawClient tcp = RawClient.connect(server.host(), server.port())) {
                tcp.send("LOGIN x").readLine();
                assertEquals(
                        "MESSAGE SENT",
                        tcp.send("COMPOSE " + other).send("private").readLine());
            }
            try (RawClient c = server.raw()) {
                c.sendBytes(("LOGIN " + other + "\nREAD\n")
                        .getBytes(StandardCharsets.US_ASCII)); // one write: no race with the drop
                assertTrue(c.closedByServer(), "dropped without a reply");
            }
            String line = server.awaitLog(": P10 ", Duration.ofSeconds(5));
            assertTrue(line.contains("OS user " + ME) && line.contains("LOGIN as " + other), line);
            assertEquals(1, count(server, other), "the other user's message is still there");
        }
    }

    @Test
    void a_trusted_os_user_may_log_in_under_any_name_P5() throws Exception {
        try (ServerFixture server = ServerFixture.start(
                        ServerFixture.Transport.UNIX_SOCKET, cfg -> cfg.trustedSocketUsers(Set.of(ME)));
                RawClient c = server.raw()) {
            assertEquals("0", c.send("LOGIN announcements").readLine());
        }
    }

    @Test
    void the_socket_file_is_0666_and_removed_at_shutdown_and_the_log_says_which_listener_verifies() throws Exception {
        Path socket;
        try (ServerFixture server = strictServer()) {
            socket = server.socket();
            assertEquals("rw-rw-rw-", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)));
            String started = server.awaitLog("started on ", Duration.ofSeconds(5));
            assertTrue(started.contains("unix:" + socket + " (names verified by the OS)"), started);
            assertTrue(
                    started.contains(":" + server.port()
                            + " (names NOT verified: anyone who can reach this port can act as any user)"),
                    started);
            assertEquals(
                    List.of("unix:" + socket, "127.0.0.1:" + server.port()),
                    server.server().addresses());
        }
        assertFalse(Files.exists(socket), "the socket file is removed at shutdown");
    }

    @Test
    void a_stale_socket_file_is_replaced_and_a_live_one_is_refused() throws Exception {
        Path dir = ServerFixture.socketDirectory();
        Path socket = dir.resolve("s.sock");
        try {
            // A socket file nobody listens on any more (its server died without removing it).
            try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
                dead.bind(UnixDomainSocketAddress.of(socket));
            }
            assertTrue(Files.exists(socket));
            ServerConfig config = ServerConfig.builder()
                    .socket(socket)
                    .tcp(false)
                    .poolSize(1)
                    .shutdownGrace(Duration.ZERO)
                    .build();
            ServerLog quiet = e -> {};
            try (PigeonholeServer live = PigeonholeServer.start(config, MessageStore.IN_MEMORY, quiet);
                    RawClient c = RawClient.connect(socket)) {
                assertEquals(-1, live.port(), "no TCP listener");
                assertEquals("0", c.send("LOGIN " + ME).readLine());
                BindException busy = assertThrows(
                        BindException.class, () -> PigeonholeServer.start(config, MessageStore.IN_MEMORY, quiet));
                assertEquals("unix:" + socket + ": already in use (a server is listening on it)", busy.getMessage());
                assertTrue(Files.exists(socket), "a live server's socket is left alone");
            }
            Files.writeString(socket, "not a socket");
            BindException notSocket = assertThrows(
                    BindException.class, () -> PigeonholeServer.start(config, MessageStore.IN_MEMORY, quiet));
            assertTrue(notSocket.getMessage().contains("exists and is not a socket"), notSocket.getMessage());
            assertEquals("not a socket", Files.readString(socket), "a file that is not a socket is never removed");
        } finally {
            Files.deleteIfExists(socket);
            Files.deleteIfExists(dir);
        }
    }

    // ---- a second real OS user (needs root, as in CI)

    /** A client in a child JVM, run as {@code nobody}: sends the lines, prints every reply line, then "EOF". */
    private static final String PROBE = """
            import java.io.*;
            import java.net.*;
            import java.nio.channels.*;
            import java.nio.charset.StandardCharsets;
            import java.nio.file.Path;

            public class Probe {
                public static void main(String[] args) throws Exception {
                    try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                        ch.connect(UnixDomainSocketAddress.of(Path.of(args[0])));
                        StringBuilder lines = new StringBuilder();
                        for (int i = 1; i < args.length; i++) {
                            lines.append(args[i]).append('\\n');
                        }
                        OutputStream out = Channels.newOutputStream(ch);
                        out.write(lines.toString().getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                        BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(ch), StandardCharsets.US_ASCII));
                        String line;
                        try {
                            while ((line = in.readLine()) != null) {
                                System.out.println("< " + line);
                            }
                        } catch (IOException reset) {
                            // dropped
                        }
                        System.out.println("EOF");
                    }
                }
            }
            """;

    private static List<String> runAsNobody(Path dir, Path socket, String... lines) throws Exception {
        Path probe = dir.resolve("Probe.java");
        if (!Files.exists(probe)) {
            Files.writeString(probe, PROBE);
            Files.setPosixFilePermissions(probe, PosixFilePermissions.fromString("rw-r--r--"));
        }
        List<String> command = new ArrayList<>(List.of(
                "runuser",
                "-u",
                "nobody",
                "--",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1",
                "-XX:-UsePerfData",
                "-Xmx32m",
                probe.toString(),
                socket.toString()));
        command.addAll(List.of(lines));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("HOME", dir.toString()); // nobody has no home of its own
        Process p = pb.start();
        if (!p.waitFor(40, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the client run as nobody did not finish within 40 s");
        }
        List<String> out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                .lines()
                .toList();
        assertEquals(0, p.exitValue(), "the probe failed: " + out);
        return out;
    }

    private static void assumeRoot() {
        assumeTrue(
                "root".equals(ME),
                "needs root to run a client as the OS user nobody (runuser); CI runs as root, this run is " + ME);
    }

    @Test
    void nobody_cannot_log_in_as_another_user_and_reads_nothing_of_theirs_P10() throws Exception {
        assumeRoot();
        try (ServerFixture server = strictServer()) {
            try (RawClient tcp = RawClient.connect(server.host(), server.port())) {
                tcp.send("LOGIN bob").readLine();
                assertEquals(
                        "MESSAGE SENT",
                        tcp.send("COMPOSE alice").send("for alice only").readLine());
            }
            List<String> out = runAsNobody(server.socket().getParent(), server.socket(), "LOGIN alice", "READ");
            assertEquals(List.of("EOF"), out, "dropped without any reply");
            String line = server.awaitLog(": P10 ", Duration.ofSeconds(5));
            assertTrue(line.contains("unix:nobody") && line.contains("LOGIN as alice by OS user nobody"), line);
            assertEquals(1, count(server, "alice"), "alice's message is intact");
        }
    }

    @Test
    void nobody_can_log_in_as_itself_and_read_its_own_messages_P5_P8() throws Exception {
        assumeRoot();
        try (ServerFixture server = strictServer()) {
            try (RawClient tcp = RawClient.connect(server.host(), server.port())) {
                tcp.send("LOGIN bob").readLine();
                assertEquals(
                        "MESSAGE SENT",
                        tcp.send("COMPOSE nobody").send("hello nobody").readLine());
            }
            List<String> out = runAsNobody(
                    server.socket().getParent(),
                    server.socket(),
                    "LOGIN nobody",
                    "READ",
                    "COMPOSE bob",
                    "thanks",
                    "EXIT");
            assertEquals(List.of("< 1", "< bob", "< hello nobody", "< MESSAGE SENT", "EOF"), out);
            assertEquals(0, count(server, "nobody"));
            assertEquals(1, count(server, "bob"));
        }
    }
}
