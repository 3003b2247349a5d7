package dev.pigeonhole.cli;

import static dev.pigeonhole.cli.SendCommandTest.port;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pigeonhole.testing.ScriptedServer;
import dev.pigeonhole.testing.Scripts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 19 point 6: {@code --archive} in a shared directory: a planted file or link is refused before any READ. */
class PlantedArchiveTest {
    @TempDir
    Path dir;

    @Test
    void read_refuses_a_planted_world_writable_archive_and_reads_nothing() throws Exception {
        Path planted = Files.createFile(dir.resolve("bob.log"));
        Files.setPosixFilePermissions(planted, PosixFilePermissions.fromString("rw-rw-rw-"));
        try (ScriptedServer server =
                ScriptedServer.start(Scripts.agreeable(1, List.of(), List.<String[]>of(new String[] {"a", "hi"})))) {
            String line = Cli.run("read", "--port", port(server), "--archive", planted.toString())
                    .oneErrorLine(1);
            assertTrue(
                    line.startsWith("pigeonhole read: refusing the archive: " + planted + " can be written by others"),
                    line);
            server.settle();
            assertEquals("", server.received(), "never connected");
        }
        assertEquals(0, Files.size(planted));
    }

    @Test
    void read_refuses_a_planted_link() throws Exception {
        Path victim = Files.writeString(dir.resolve("victim"), "mine\n");
        Path planted = Files.createSymbolicLink(dir.resolve("bob.log"), victim);
        String line =
                Cli.run("read", "--port", "1", "--archive", planted.toString()).oneErrorLine(1);
        assertTrue(line.contains("is a symbolic link"), line);
        assertEquals("mine\n", Files.readString(victim));
    }
}
