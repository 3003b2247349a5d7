package dev.pigeonhole.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.pigeonhole.protocol.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which transport the options choose, and what names a server's archive. */
class EndpointTest {
    private static final List<String> SSH = List.of("ssh");
    private static final Duration LOOKUP = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    private Path packaged() {
        return dir.resolve("pigeonhole.sock");
    }

    @Test
    void nothing_asked_and_no_packaged_socket_means_tcp_to_loopback_4554() {
        assertEquals(new Endpoint.Tcp("127.0.0.1", 4554), Endpoint.choose(null, null, null, null, SSH, packaged()));
    }

    @Test
    void nothing_asked_and_the_packaged_socket_exists_means_that_socket() throws IOException {
        Files.createFile(packaged());
        assertEquals(new Endpoint.UnixSocket(packaged()), Endpoint.choose(null, null, null, null, SSH, packaged()));
    }

    @Test
    void a_host_or_a_port_means_tcp_even_when_the_packaged_socket_exists() throws IOException {
        Files.createFile(packaged());
        assertEquals(new Endpoint.Tcp("127.0.0.1", 9), Endpoint.choose(null, 9, null, null, SSH, packaged()));
        assertEquals(new Endpoint.Tcp("h", 4554), Endpoint.choose("h", null, null, null, SSH, packaged()));
    }

    @Test
    void socket_is_a_unix_socket_and_with_ssh_names_the_remote_one() {
        Path s = Path.of("/srv/ph.sock");
        assertEquals(new Endpoint.UnixSocket(s), Endpoint.choose(null, null, s, null, SSH, packaged()));
        Endpoint.Ssh ssh =
                (Endpoint.Ssh) Endpoint.choose(null, null, s, "alice@box", List.of("ssh", "-p", "2"), packaged());
        assertEquals(new Endpoint.Ssh("alice@box", "/srv/ph.sock", List.of("ssh", "-p", "2")), ssh);
        assertEquals("alice", ssh.login());
        assertNull(new Endpoint.Ssh("box", null, SSH).login(), "no USER@: ssh decides the login");
    }

    @Test
    void contradictory_or_unusable_options_are_usage_errors() {
        assertThrows(
                InvalidInputException.class, () -> Endpoint.choose("h", null, Path.of("/s"), null, SSH, packaged()));
        assertThrows(InvalidInputException.class, () -> Endpoint.choose(null, 1, null, "box", SSH, packaged()));
        assertThrows(
                InvalidInputException.class,
                () -> Endpoint.choose(null, null, null, "-oProxyCommand=x", SSH, packaged()));
        assertThrows(InvalidInputException.class, () -> Endpoint.choose(null, null, null, "a b", SSH, packaged()));
        assertThrows(InvalidInputException.class, () -> Endpoint.choose(null, 0, null, null, SSH, packaged()));
        assertThrows(InvalidInputException.class, () -> Endpoint.choose(" ", null, null, null, SSH, packaged()));
    }

    @Test
    void localhost_and_127_0_0_1_are_one_server_with_one_archive() throws IOException {
        assertEquals(
                new Endpoint.Tcp("127.0.0.1", 4554).archiveKey(LOOKUP),
                new Endpoint.Tcp("localhost", 4554).archiveKey(LOOKUP));
        assertEquals("127.0.0.1-4554", new Endpoint.Tcp("127.0.0.1", 4554).archiveKey(LOOKUP));
        assertNotEquals(
                new Endpoint.Tcp("127.0.0.1", 4554).archiveKey(LOOKUP),
                new Endpoint.Tcp("127.0.0.1", 4555).archiveKey(LOOKUP));
    }

    @Test
    void a_socket_is_named_by_this_host_and_its_path_and_ssh_by_its_target() {
        assertEquals(
                "unix-" + Endpoint.localHostName() + "/run/pigeonhole/pigeonhole.sock",
                new Endpoint.UnixSocket(Endpoint.PACKAGED_SOCKET).archiveKey(LOOKUP));
        assertEquals("ssh-alice@box", new Endpoint.Ssh("alice@box", null, SSH).archiveKey(LOOKUP));
        assertEquals("ssh-box-/srv/ph.sock", new Endpoint.Ssh("box", "/srv/ph.sock", SSH).archiveKey(LOOKUP));
    }

    @Test
    void the_ssh_command_line_quotes_the_remote_socket_for_the_remote_shell() {
        assertEquals(
                List.of("ssh", "-p", "2", "-T", "bob@box", "pigeonhole", "bridge", "--socket", "'/srv/my sock;rm'"),
                SshTransport.command(new Endpoint.Ssh("bob@box", "/srv/my sock;rm", List.of("ssh", "-p", "2"))));
        assertEquals(
                List.of("ssh", "-T", "box", "pigeonhole", "bridge"),
                SshTransport.command(new Endpoint.Ssh("box", null, SSH)));
        assertEquals("'it'\\''s'", SshTransport.shellQuoted("it's"));
    }

    @Test
    void sshs_reason_is_its_last_line_without_its_own_prefix() {
        assertEquals(
                "connect to host 127.0.0.1 port 1: Connection refused",
                SshTransport.lastLine("ssh: connect to host 127.0.0.1 port 1: Connection refused\n"));
        assertEquals(
                "root@h: Permission denied (publickey).",
                SshTransport.lastLine("Warning: Permanently added '[h]:22' (ED25519) to the list of known hosts.\r\n"
                        + "root@h: Permission denied (publickey).\r\n\n"));
        assertNull(SshTransport.lastLine("Warning: Permanently added 'h' (ED25519) to the list of known hosts.\n"));
    }
}
