package dev.pigeonhole.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pigeonhole.cli.Cli.Result;
import dev.pigeonhole.cli.Cli.Route;
import dev.pigeonhole.client.PackagedService;
import dev.pigeonhole.testing.ServerFixture;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same command lines through picocli and through the quick path ({@link QuickLine}), against the real
 * server: the same exit code, standard output and standard error, usage errors found by the commands included.
 * Each line is first checked to be one the quick path accepts, so both paths really run.
 */
class QuickLineEndToEndTest {
    @RegisterExtension
    final ServerFixture server = ServerFixture.start(cfg -> cfg.maxMessage(40));

    @TempDir
    Path dir;

    /** Runs {@code args} as {@code user} through picocli, then through the quick path, and returns both results. */
    private List<Result> both(String user, String stdin, Map<String, String> env, String... args) {
        List<String> line = new ArrayList<>(List.of(args[0], "--port", String.valueOf(server.port()), "-u", user));
        line.addAll(List.of(args).subList(1, args.length));
        String[] all = line.toArray(new String[0]);
        assertNotNull(
                QuickLine.accept(
                        new ByteArrayInputStream(new byte[0]),
                        Cli.environment(env),
                        PackagedService.notInstalled(Cli.NO_PACKAGED_SOCKET),
                        all),
                () -> String.join(" ", all) + " must take the quick path");
        return List.of(Cli.runWith(Route.PICOCLI, stdin, env, all), Cli.runWith(Route.AS_MAIN, stdin, env, all));
    }

    /** Both paths give {@code expected}. */
    private void same(Result expected, String user, String stdin, Map<String, String> env, String... args) {
        List<Result> r = both(user, stdin, env, args);
        assertEquals(expected, r.get(0), "picocli");
        assertEquals(expected, r.get(1), "quick path");
    }

    @Test
    void count_send_and_their_usage_errors_read_the_same_on_both_paths_P5_P7() {
        same(new Result(1, "0\n", ""), "bob", "", Map.of(), "count");
        same(new Result(0, "", ""), "alice", "", Map.of(), "send", "--to", "bob", "Hi", "Bob!");
        same(new Result(0, "", ""), "alice", "one\ntwo\n", Map.of(), "send", "--to=bob", "-");
        same(new Result(0, "6\n", ""), "bob", "", Map.of(), "count"); // each line ran twice
        same(new Result(0, "", ""), "bob", "", Map.of("PIGEONHOLE_QUIET", "yes"), "count");
        // A typed flag is on, also where the environment already set it (picocli flips a flag's default).
        same(new Result(0, "", ""), "bob", "", Map.of("PIGEONHOLE_QUIET", "yes"), "count", "-q");
        same(new Result(0, "", ""), "bob", "", Map.of("PIGEONHOLE_QUIET", "no"), "count", "--quiet");
        same(
                new Result(
                        2,
                        "",
                        "pigeonhole count: --timeout must be positive (such as 500ms, 10s or 2m); got 0ms"
                                + " (see 'pigeonhole count --help')\n"),
                "bob",
                "",
                Map.of(),
                "count",
                "--timeout",
                "0");
        same(
                new Result(
                        2,
                        "",
                        "pigeonhole count: PIGEONHOLE_TIMEOUT=0: --timeout must be positive (such as 500ms,"
                                + " 10s or 2m); got 0ms (see 'pigeonhole count --help')\n"),
                "bob",
                "",
                Map.of("PIGEONHOLE_TIMEOUT", "0"),
                "count");
        same(
                new Result(
                        2,
                        "",
                        "pigeonhole send: message is 2 characters too long: encoded for the wire it takes 5"
                                + " characters and the limit is 3; the first 3 characters fit (see 'pigeonhole send --help')\n"),
                "alice",
                "",
                Map.of("PIGEONHOLE_MAX_MESSAGE", "3"),
                "send",
                "--to",
                "bob",
                "hello");
    }

    @Test
    void read_and_inbox_and_their_usage_errors_read_the_same_on_both_paths_P8() {
        String archive = dir.resolve("carol.log").toString();
        same(new Result(0, "", ""), "alice", "", Map.of(), "send", "--to", "carol", "same");
        same(new Result(0, "", ""), "alice", "", Map.of(), "send", "--to", "carol", "same");
        List<Result> read = both("carol", "", Map.of(), "read", "-n", "1", "--json", "--archive", archive);
        assertEquals(withoutDigits(read.get(0)), withoutDigits(read.get(1)));
        assertTrue(read.get(1).out().contains("\"text\":\"same\""), read.get(1).out());
        same(
                new Result(
                        2,
                        "",
                        "pigeonhole read: --all and -n cannot be used together (see 'pigeonhole read --help')\n"),
                "carol",
                "",
                Map.of(),
                "read",
                "--all",
                "-n",
                "2");
        same(
                new Result(
                        2,
                        "",
                        "pigeonhole read: PIGEONHOLE_LIMIT=0: -n must be at least 1; got 0"
                                + " (see 'pigeonhole read --help')\n"),
                "carol",
                "",
                Map.of("PIGEONHOLE_LIMIT", "0"),
                "read");
        List<Result> inbox = both("carol", "", Map.of(), "inbox", "--archive", archive, "--last", "1");
        assertEquals(inbox.get(0), inbox.get(1));
        assertTrue(inbox.get(1).out().contains("same"), inbox.get(1).out());
        // Each line ran twice: four sent, two read.
        same(new Result(0, "2\n", ""), "carol", "", Map.of(), "count");
    }

    @Test
    void a_failure_to_connect_reads_the_same_on_both_paths() throws IOException {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        List<String> line = List.of("count", "--port", String.valueOf(closed), "-u", "bob");
        Result picocli = Cli.runWith(Route.PICOCLI, "", Map.of(), line.toArray(new String[0]));
        Result quick = Cli.runWith(Route.AS_MAIN, "", Map.of(), line.toArray(new String[0]));
        assertEquals(1, picocli.code());
        assertTrue(picocli.err().startsWith("pigeonhole count: cannot connect to 127.0.0.1:" + closed), picocli.err());
        assertEquals(picocli, quick);
    }

    /** A result with every digit replaced: what two reads of equal messages received at different times share. */
    /** Digits masked, and a time's fraction of a second as one mark: an instant prints 0, 3, 6 or 9 of its digits. */
    private static Result withoutDigits(Result r) {
        return new Result(r.code(), masked(r.out()), masked(r.err()));
    }

    private static String masked(String s) {
        return s.replaceAll("\\.\\d+Z", ".#Z").replaceAll("\\d", "#");
    }
}
