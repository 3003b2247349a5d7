package dev.pigeonhole.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pigeonhole.system.PasswordDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class HostAccountsTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @Test
    void over_a_socket_the_local_password_database_answers() {
        HostAccounts accounts = HostAccounts.of(new Endpoint.UnixSocket(Path.of("/nonexistent.sock")), TIMEOUT);
        assertEquals(HostAccounts.Answer.ACCOUNT, accounts.lookup("root"));
        assertEquals(HostAccounts.Answer.ACCOUNT, accounts.lookup(System.getProperty("user.name")));
        assertEquals(HostAccounts.Answer.NOT_AN_ACCOUNT, accounts.lookup("no-such-user-xq7"));
    }

    @Test
    void a_uid_is_not_a_name_though_the_jdk_lookup_would_take_it() {
        HostAccounts accounts = HostAccounts.of(new Endpoint.UnixSocket(Path.of("/nonexistent.sock")), TIMEOUT);
        assertEquals(HostAccounts.Answer.NOT_AN_ACCOUNT, accounts.lookup("0"));
        assertEquals(HostAccounts.Answer.NOT_AN_ACCOUNT, accounts.lookup("-n"));
    }

    @Test
    void over_tcp_nobody_can_tell() {
        HostAccounts accounts = HostAccounts.of(new Endpoint.Tcp("127.0.0.1", 4554), TIMEOUT);
        assertEquals(HostAccounts.Answer.UNKNOWN, accounts.lookup("root"));
        assertEquals(List.of(), accounts.people());
    }

    @Test
    void over_ssh_a_failing_ssh_says_unknown_not_no() {
        // "false" as the ssh command exits 1 at once: neither getent's 0 nor its 2.
        HostAccounts accounts =
                HostAccounts.of(new Endpoint.Ssh("alice@example.invalid", null, List.of("false")), TIMEOUT);
        assertEquals(HostAccounts.Answer.UNKNOWN, accounts.lookup("alice"));
    }

    @Test
    void over_ssh_getent_answers_through_the_ssh_command() {
        // A stand-in for ssh that runs the remote command on this host, through a shell as sshd would.
        Path fakeSsh = Path.of("src/test/resources/fake-ssh-local.sh").toAbsolutePath();
        HostAccounts accounts =
                HostAccounts.of(new Endpoint.Ssh("me@here", null, List.of("sh", fakeSsh.toString())), TIMEOUT);
        assertEquals(HostAccounts.Answer.ACCOUNT, accounts.lookup("root"));
        assertEquals(HostAccounts.Answer.NOT_AN_ACCOUNT, accounts.lookup("no-such-user-xq7"));
        assertEquals(PasswordDatabase.people(), accounts.people());
    }

    @Test
    void people_are_uids_1000_to_60000_with_a_login_shell() {
        List<String> passwd = List.of(
                "root:x:0:0:root:/root:/bin/bash",
                "daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin",
                "bob:x:1001:1001::/home/bob:/bin/bash",
                "alice:x:1000:1000::/home/alice:/bin/sh",
                "svc:x:1002:1002::/var/svc:/bin/false",
                "nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin",
                "broken line");
        assertEquals(List.of("alice", "bob"), PasswordDatabase.people(passwd));
        assertTrue(PasswordDatabase.people().stream().noneMatch("root"::equals));
    }
}
