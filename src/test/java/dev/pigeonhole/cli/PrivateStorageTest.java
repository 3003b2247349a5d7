package dev.pigeonhole.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pigeonhole.testing.RawClient;
import dev.pigeonhole.testing.ServerProcess;
import dev.pigeonhole.testing.Slow;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The journal is every user's unread mail: only the server's OS user may read it, whatever the umask. */
@Timeout(120)
@Slow.ChildProcesses
class PrivateStorageTest {
    @TempDir
    Path tmp;

    @Test
    void with_umask_000_the_data_directory_is_0700_and_every_file_in_it_0600() throws Exception {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "needs POSIX modes");
        Path data = tmp.resolve("state").resolve("pigeonhole");
        // Tiny segments so that several are created (and rolled) while the server runs.
        ServerProcess.Options o = ServerProcess.Options.of("--data-dir", data.toString(), "--pool-size", "2")
                .jvm("-Xmx64m", "-Dpigeonhole.journal.segment-bytes=4096")
                .stderrTo(tmp.resolve("stderr"))
                .umask("000");
        try (ServerProcess server = ServerProcess.start(o);
                RawClient c = RawClient.connect("127.0.0.1", server.port())) {
            c.send("LOGIN alice");
            c.readLine();
            for (int i = 0; i < 200; i++) {
                c.send("COMPOSE bob").send("message number " + i + " padded to make segments roll over quickly");
                assertEquals("MESSAGE SENT", c.readLine());
            }
            assertEquals(0, server.stop(Duration.ofSeconds(30)));
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(data)) {
            files = s.toList();
        }
        assertTrue(
                files.stream()
                                .filter(f -> f.getFileName().toString().endsWith(".seg"))
                                .count()
                        >= 2,
                "" + files);
        assertTrue(files.contains(data.resolve("lock")), "" + files);
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(data)));
        for (Path f : files) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)), f.toString());
        }
    }

    @Test
    void a_data_directory_found_wider_is_reported_in_one_line_and_its_files_tightened() throws Exception {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "needs POSIX modes");
        Path data = Files.createDirectory(tmp.resolve("shared"));
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
        // A lock file left 0644 by an older version stands for any file found readable by others.
        Path lock = Files.write(data.resolve("lock"), new byte[0]);
        Files.setPosixFilePermissions(lock, PosixFilePermissions.fromString("rw-r--r--"));
        Path stderr = tmp.resolve("stderr");
        try (ServerProcess server = ServerProcess.start(ServerProcess.Options.of("--data-dir", data.toString())
                .jvm("-Xmx64m")
                .stderrTo(stderr)
                .umask("022"))) {
            assertEquals(0, server.stop(Duration.ofSeconds(30)));
        }
        List<String> lines = Files.readAllLines(stderr).stream()
                .filter(l -> l.contains("has mode 0755"))
                .toList();
        assertEquals(1, lines.size(), Files.readString(stderr));
        assertTrue(lines.get(0).contains("1 file in it was readable by others and is now 0600"), lines.get(0));
        assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(data)));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(lock)));
    }
}
