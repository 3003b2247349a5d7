package dev.pigeonhole.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pigeonhole.client.Archive;
import dev.pigeonhole.client.ArchivedMessage;
import dev.pigeonhole.client.ClientSession;
import dev.pigeonhole.protocol.Reply;
import dev.pigeonhole.testing.ChildJvm;
import dev.pigeonhole.testing.ServerFixture;
import dev.pigeonhole.testing.Slow;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code pigeonhole read} killed right after it prints: every message it printed is already in the
 * archive. (A kill -9 cannot drop what the OS already holds; a power cut could, which is what the
 * archive's {@code force} is for, and no test here can cut the power.)
 */
@Slow.ChildProcesses
class ReadCrashTest {
    private static final Duration BOUND = Duration.ofSeconds(60);

    @RegisterExtension
    final ServerFixture server = ServerFixture.start();

    @TempDir
    Path dir;

    private void queue(int n) throws Exception {
        try (ClientSession alice = server.login("alice")) {
            for (int i = 0; i < n; i++) {
                assertEquals(Reply.ComposeStatus.SENT, alice.compose("bob", "message " + i));
            }
            alice.exit();
        }
    }

    @Test
    void a_read_that_dies_the_instant_it_prints_has_archived_what_it_printed() throws Exception {
        queue(3);
        Path archive = dir.resolve("bob.log");
        assertTimeoutPreemptively(BOUND, () -> {
            try (ChildJvm child =
                    ChildJvm.start(HaltAfterFirstLine.class, String.valueOf(server.port()), archive.toString())) {
                String printed = child.readLine();
                assertNotNull(printed, "the child printed a message");
                assertTrue(printed.endsWith("  alice  message 0"), printed);
                assertEquals(137, child.waitFor(BOUND), "the child halted itself the instant the line was out");
            }
        });
        List<ArchivedMessage> kept = new Archive(archive).readAll();
        assertEquals(1, kept.size(), "archived before it was printed; the halt came before a second READ");
        assertEquals("message 0", kept.get(0).text());
    }

    @Test
    void every_line_printed_before_a_kill_9_is_in_the_archive_and_nothing_is_torn() throws Exception {
        int total = 200;
        queue(total);
        Path archive = dir.resolve("bob.log");
        List<String> printed = new ArrayList<>();
        assertTimeoutPreemptively(BOUND, () -> {
            try (ChildJvm child = ChildJvm.start(
                    Main.class,
                    "read",
                    "--port",
                    String.valueOf(server.port()),
                    "--user",
                    "bob",
                    "--archive",
                    archive.toString())) {
                String line = child.readLine();
                assertNotNull(line);
                child.killHard(); // SIGKILL, mid-stream: the child is still reading and archiving
                printed.add(line);
                // Lines already in the pipe when it died; a last one without its LF was cut mid-print.
                String rest = child.readRest();
                String[] more = rest.split("\n", -1);
                printed.addAll(List.of(more).subList(0, more.length - 1));
            }
        });
        List<String> kept = new Archive(archive)
                .readAll().stream().map(ArchivedMessage::text).toList();
        assertTrue(kept.size() >= printed.size(), kept.size() + " archived, " + printed.size() + " printed");
        for (int i = 0; i < printed.size(); i++) {
            assertTrue(
                    printed.get(i).endsWith("  alice  " + kept.get(i)), printed.get(i) + " vs archived " + kept.get(i));
        }
        for (int i = 0; i < kept.size(); i++) {
            assertEquals("message " + i, kept.get(i), "archived in FIFO order, whole");
        }
    }

    /** The child: {@code pigeonhole read} whose standard output halts the JVM the instant a line is complete. */
    public static final class HaltAfterFirstLine {
        public static void main(String[] args) {
            OutputStream haltingOut = new OutputStream() {
                @Override
                public void write(int b) {
                    System.out.write(b);
                    if (b == '\n') {
                        System.out.flush();
                        Runtime.getRuntime().halt(137); // like kill -9: no hooks, no finally, nothing more written
                    }
                }
            };
            CommandLine cl = Main.commandLine(System.in, Map.of());
            cl.setOut(new PrintWriter(new java.io.OutputStreamWriter(haltingOut, StandardCharsets.UTF_8), true));
            cl.execute("read", "--port", args[0], "--user", "bob", "--archive", args[1]);
            System.exit(0);
        }
    }
}
