package dev.pigeonhole.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pigeonhole.testing.Slow;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The default archive is named after what identifies the server, so {@code --host localhost} and the
 * default {@code 127.0.0.1} are one inbox; an archive kept under the old name (the host as typed) moves
 * into it. Runs {@code pigeonhole inbox} in a JVM of its own, whose XDG_DATA_HOME is a temporary directory.
 */
@Slow.ChildProcesses
class ArchiveKeyTest {
    @TempDir
    Path data;

    private record Run(int code, String out, String err) {}

    private Run inbox(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                "dev.pigeonhole.cli.Main",
                "inbox"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().keySet().removeIf(k -> k.startsWith("PIGEONHOLE_"));
        pb.environment().put("XDG_DATA_HOME", data.toString());
        Path out = data.resolve("out.txt");
        Path err = data.resolve("err.txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("inbox did not finish");
        }
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    @Test
    void localhost_and_127_0_0_1_share_one_archive_and_the_old_one_is_moved_into_it() throws Exception {
        Path old = data.resolve("pigeonhole/localhost-4554/bob.log");
        Files.createDirectories(old.getParent());
        Files.writeString(old, "2026-11-01T10:00:00Z\talice\tkept under the old name\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(old, PosixFilePermissions.fromString("rw-------")); // as the client makes it

        Run viaName = inbox("--host", "localhost", "--user", "bob");
        assertEquals(0, viaName.code(), viaName.err());
        assertTrue(viaName.out().endsWith("  <- alice  kept under the old name\n"), viaName.out());
        assertFalse(Files.exists(old), "moved");
        assertTrue(Files.isRegularFile(data.resolve("pigeonhole/127.0.0.1-4554/bob.log")));

        Run viaAddress = inbox("--port", "4554", "--user", "bob");
        assertEquals(viaName, viaAddress, "the default 127.0.0.1 reads the same archive");
    }

    @Test
    void a_socket_and_an_ssh_target_each_have_their_own_archive() throws Exception {
        Files.createDirectories(data.resolve("pigeonhole/ssh-bob%40box"));
        Files.writeString(data.resolve("pigeonhole/ssh-bob%40box/bob.log"), "2026-11-01T10:00:00Z\talice\tvia ssh\n");
        Run ssh = inbox("--ssh", "bob@box");
        assertEquals(0, ssh.code(), ssh.err());
        assertTrue(ssh.out().endsWith("  <- alice  via ssh\n"), ssh.out());

        Run socket = inbox("--socket", data.resolve("s.sock").toString());
        assertEquals(new Run(0, "", ""), socket, "another server: another (still empty) archive");
    }
}
