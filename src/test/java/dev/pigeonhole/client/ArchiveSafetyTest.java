package dev.pigeonhole.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pigeonhole.testing.ScriptedServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Instant;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 19 points 1 and 6: what a planted file or a hostile server can make the archive do. */
class ArchiveSafetyTest {
    private static final ArchivedMessage MESSAGE = new ArchivedMessage(Instant.EPOCH, "alice", "hi");

    @TempDir
    Path dir;

    @Test
    void a_planted_symbolic_link_is_not_followed_and_its_target_is_untouched() throws IOException {
        Path victim = Files.writeString(dir.resolve("victim"), "precious\n");
        Path archive = dir.resolve("bob.log");
        Files.createSymbolicLink(archive, victim);
        IOException e = assertThrows(IOException.class, () -> new Archive(archive).append(MESSAGE));
        assertTrue(e.getMessage().contains("symbolic link"), e.getMessage());
        assertThrows(IOException.class, () -> new Archive(archive).readAll());
        assertEquals("precious\n", Files.readString(victim));
    }

    @Test
    void a_dangling_planted_link_creates_nothing_at_its_target() {
        Path target = dir.resolve("where-mallory-reads");
        Path archive = dir.resolve("bob.log");
        assertThrows(IOException.class, () -> {
            Files.createSymbolicLink(archive, target);
            new Archive(archive).append(MESSAGE);
        });
        assertFalse(Files.exists(target));
    }

    @Test
    void a_file_others_can_write_is_refused_not_used() throws IOException {
        Path archive = Files.createFile(dir.resolve("bob.log"));
        Files.setPosixFilePermissions(archive, PosixFilePermissions.fromString("rw-rw-rw-"));
        IOException e = assertThrows(IOException.class, () -> new Archive(archive).requireOwnFile());
        assertTrue(e.getMessage().contains("can be written by others (rw-rw-rw-)"), e.getMessage());
        assertThrows(IOException.class, () -> new Archive(archive).append(MESSAGE));
        assertEquals(0, Files.size(archive));
    }

    @Test
    void a_private_file_of_ones_own_is_fine() throws IOException {
        Path archive = Files.createFile(dir.resolve("bob.log"));
        Files.setPosixFilePermissions(archive, PosixFilePermissions.fromString("rw-r--r--"));
        new Archive(archive).requireOwnFile(); // readable by others is made private elsewhere, not refused
        new Archive(archive).append(MESSAGE);
        assertEquals(1, new Archive(archive).readAll().size());
    }

    @Test
    void a_file_another_user_owns_is_refused() throws IOException {
        assumeTrue(
                "root".equals(System.getProperty("user.name")),
                "needs root to give a file to another user (CI runs the tests as root)");
        Path archive = Files.createFile(dir.resolve("bob.log"));
        Files.setPosixFilePermissions(archive, PosixFilePermissions.fromString("rw-------"));
        UserPrincipal nobody =
                dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
        Files.setOwner(archive, nobody);
        IOException e = assertThrows(IOException.class, () -> new Archive(archive).append(MESSAGE));
        assertTrue(e.getMessage().contains("belongs to nobody"), e.getMessage());
        assertEquals(0, Files.size(archive));
    }

    @Test
    void a_server_that_never_stops_sending_cannot_grow_the_archive_past_the_bound() throws IOException {
        String text = "x".repeat(1000);
        Function<String, String> endless = line -> switch (line) {
            case "LOGIN bob" -> Long.MAX_VALUE + "\n";
            case "READ" -> "mallory\n" + text + "\n";
            default -> null;
        };
        long bound = 64 * 1024;
        Path file = dir.resolve("bob.log");
        Archive archive = new Archive(file, bound);
        try (ScriptedServer server = ScriptedServer.start(() -> endless);
                ClientSession session = ClientSession.connect("127.0.0.1", server.port())) {
            assertEquals(Long.MAX_VALUE, session.login("bob"));
            Archive.GrowthLimitException stop = assertThrows(
                    Archive.GrowthLimitException.class, () -> archive.fetch(session, Integer.MAX_VALUE, m -> {}));
            assertTrue(stop.getMessage().contains("the rest waits on the server"), stop.getMessage());
            assertFalse(session.isOpen(), "the session was ended");
        }
        long size = Files.size(file);
        assertTrue(size >= bound && size < bound + 1100, "archive of " + size + " bytes for a bound of " + bound);
    }
}
