package dev.pigeonhole.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pigeonhole.testing.Slow;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Permission problems, as a user without rights meets them: the command runs as {@code nobody} (through
 * {@code runuser}) against files owned by root. Needs root, which CI has; skipped, saying so, without it,
 * because root may read and write everything and would never see these failures.
 */
@Slow.ChildProcesses
class PermissionErrorsTest {
    private static final Pattern CLASS_NAME = Pattern.compile("\\b[a-z]+\\.[a-z]+\\.[A-Z]\\w*(Exception|Error)\\b");

    @TempDir
    static Path dir;

    /** A copy of this test's class path that {@code nobody} can read (the originals sit in root's home). */
    private static String classPath;

    @BeforeAll
    static void nobodyCanRunPigeonhole() throws IOException {
        assumeTrue(
                "root".equals(System.getProperty("user.name")) && Files.isExecutable(Path.of("/usr/sbin/runuser")),
                "needs root and runuser to run the client as nobody; as anyone else, root-only files are not here");
        open(dir);
        Path lib = open(Files.createDirectory(dir.resolve("lib")));
        List<String> entries = new ArrayList<>();
        int n = 0;
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path from = Path.of(entry);
            Path to = lib.resolve(n++ + "-" + from.getFileName());
            if (Files.isDirectory(from)) {
                try (Stream<Path> tree = Files.walk(from)) {
                    for (Path p : (Iterable<Path>) tree::iterator) {
                        Path copy = to.resolve(from.relativize(p).toString());
                        if (Files.isDirectory(p)) {
                            open(Files.createDirectories(copy));
                        } else {
                            Files.copy(p, copy);
                            readable(copy);
                        }
                    }
                }
            } else if (Files.isRegularFile(from)) {
                readable(Files.copy(from, to));
            } else {
                continue;
            }
            entries.add(to.toString());
        }
        classPath = String.join(File.pathSeparator, entries);
    }

    @Test
    void another_users_archive_is_refused_in_one_line_before_it_is_read() throws IOException {
        // Issue 19: a file of another user is never taken as one's archive, readable or not.
        Path archive = Files.writeString(dir.resolve("secret.log"), "2026-11-25T10:00:00Z\tann\thi\n");
        Files.setPosixFilePermissions(archive, PosixFilePermissions.fromString("---------"));
        assertEquals(
                "pigeonhole inbox: refusing the archive: " + archive + " belongs to root, not to nobody; an archive"
                        + " must be a file of your own",
                asNobody(ExitCode.FAILURE, "inbox", "--archive", archive.toString()));
    }

    @Test
    void another_users_archive_stops_read_before_it_connects() throws IOException {
        Path archive = Files.writeString(dir.resolve("theirs.log"), "");
        Files.setPosixFilePermissions(archive, PosixFilePermissions.fromString("rw-r--r--"));
        assertEquals(
                "pigeonhole read: refusing the archive: " + archive + " belongs to root, not to nobody; an archive"
                        + " must be a file of your own",
                asNobody(ExitCode.FAILURE, "read", "--port", "1", "--archive", archive.toString()));
    }

    @Test
    void a_data_directory_nobody_may_write_is_one_line_with_the_fix() throws IOException {
        Path data = Files.createDirectory(dir.resolve("read-only"));
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("r-xr-xr-x"));
        assertEquals(
                "pigeonhole: cannot start the server: cannot use data directory " + data + ": Permission denied: "
                        + data.resolve("lock") + "; choose another with --data-dir",
                asNobody(ExitCode.FAILURE, "server", "--port", "0", "--data-dir", data.toString()));
    }

    @Test
    void a_data_directory_under_one_nobody_may_not_enter_is_one_line() throws IOException {
        Path closed = Files.createDirectory(dir.resolve("closed"));
        Files.setPosixFilePermissions(closed, PosixFilePermissions.fromString("rwx------"));
        Path data = closed.resolve("sub").resolve("data");
        String line = asNobody(ExitCode.FAILURE, "server", "--port", "0", "--data-dir", data.toString());
        assertTrue(
                line.startsWith("pigeonhole: cannot start the server: cannot use data directory " + data + ": "), line);
        assertTrue(line.contains("Permission denied"), line);
    }

    /** Runs pigeonhole as nobody; asserts the exit code and one line on stderr in words; returns that line. */
    private static String asNobody(int expectedCode, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                "/usr/sbin/runuser",
                "-u",
                "nobody",
                "--",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-cp",
                classPath,
                Main.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("HOME", dir.resolve("nobody-home").toString());
        pb.environment().put("PIGEONHOLE_USER", "nobody");
        Process p = pb.start();
        String err;
        try {
            err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the command ended");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        } finally {
            p.destroyForcibly();
        }
        assertEquals(expectedCode, p.exitValue(), () -> "exit code; stderr: " + err);
        assertTrue(err.endsWith("\n") && err.indexOf('\n') == err.length() - 1, () -> "one line: [" + err + "]");
        String line = err.strip();
        assertFalse(CLASS_NAME.matcher(line).find() || line.contains("Exception"), () -> "in words: " + line);
        return line;
    }

    private static Path open(Path directory) throws IOException {
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));
        return directory;
    }

    private static void readable(Path file) throws IOException {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    }
}
