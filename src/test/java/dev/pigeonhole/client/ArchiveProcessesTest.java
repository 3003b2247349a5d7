package dev.pigeonhole.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.pigeonhole.testing.ChildJvm;
import dev.pigeonhole.testing.Slow;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The archive shared by two processes of the same user: the OS file lock keeps records whole. */
@Slow.ChildProcesses
class ArchiveProcessesTest {
    private static final int RECORDS = 150;
    /** Long records (several pages together) give interleaving every chance to show. */
    private static final int TEXT_LENGTH = 3000;

    @TempDir
    Path dir;

    @Test
    void concurrent_appends_from_two_processes_stay_whole_and_in_each_process_order() throws Exception {
        Path file = dir.resolve("me.log");
        assertTimeoutPreemptively(Duration.ofSeconds(90), () -> {
            try (ChildJvm a = ChildJvm.start(Appender.class, file.toString(), "a");
                    ChildJvm b = ChildJvm.start(Appender.class, file.toString(), "b")) {
                assertEquals("ready", a.readLine());
                assertEquals("ready", b.readLine());
                a.send("go");
                b.send("go");
                assertEquals("done", a.readLine());
                assertEquals("done", b.readLine());
                assertEquals(0, a.waitFor(Duration.ofSeconds(30)));
                assertEquals(0, b.waitFor(Duration.ofSeconds(30)));
            }
        });
        List<ArchivedMessage> all = new Archive(file).readAll();
        assertEquals(2L * RECORDS, Files.readAllLines(file).size(), "every line is a record: nothing torn or merged");
        assertEquals(2 * RECORDS, all.size());
        int[] next = new int[2];
        for (ArchivedMessage m : all) {
            int who = m.peer().equals("a") ? 0 : 1;
            assertEquals(Appender.text(m.peer(), next[who]++), m.text(), "record intact and in its writer's order");
        }
        assertEquals(RECORDS, next[0]);
        assertEquals(RECORDS, next[1]);
    }

    /** The child: waits for "go" on standard input, then appends its records as fast as it can. */
    public static final class Appender {
        public static void main(String[] args) throws Exception {
            Archive archive = new Archive(Path.of(args[0]));
            String sender = args[1];
            System.out.println("ready");
            System.out.flush();
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            for (int i = 0; i < RECORDS; i++) {
                archive.append(new ArchivedMessage(Instant.now(), sender, text(sender, i)));
            }
            System.out.println("done");
            System.out.flush();
        }

        static String text(String sender, int i) {
            String head = sender + " " + i + " ";
            return head + String.valueOf((char) ('a' + i % 26)).repeat(TEXT_LENGTH - head.length());
        }
    }
}
