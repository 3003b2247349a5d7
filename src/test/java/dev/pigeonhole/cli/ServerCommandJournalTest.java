package dev.pigeonhole.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pigeonhole.server.journal.FsyncPolicy;
import dev.pigeonhole.server.journal.JournalStore;
import dev.pigeonhole.testing.BlockingStore;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code pigeonhole server}'s storage options and the failures they can meet, as an operator sees them. */
@Timeout(30)
class ServerCommandJournalTest {
    @TempDir
    Path dir;

    /** Runs {@code pigeonhole args...} (which must not start serving) and returns exit code and stderr. */
    private static Result run(String... args) {
        PrintStream saved = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        System.setErr(e);
        try {
            // The server reports through System.err, picocli (usage errors) through its writer; no environment.
            CommandLine cl = Main.commandLine(System.in, Map.of());
            cl.setErr(new PrintWriter(e, true, StandardCharsets.UTF_8));
            int code = cl.execute(args);
            return new Result(code, err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(saved);
        }
    }

    private record Result(int code, String stderr) {}

    @Test
    void in_memory_and_data_dir_together_are_a_usage_error() {
        Result r = run("server", "--port", "0", "--in-memory", "--data-dir", dir.toString());
        assertEquals(ExitCode.USAGE, r.code());
        assertTrue(r.stderr().contains("--in-memory and --data-dir exclude each other"), r.stderr());
    }

    @Test
    void a_max_memory_of_zero_or_no_size_is_a_usage_error() {
        Result zero = run("server", "--port", "0", "--in-memory", "--max-memory", "0");
        assertEquals(ExitCode.USAGE, zero.code());
        assertTrue(zero.stderr().contains("--max-memory must be positive, not 0"), zero.stderr());
        Result bad = run("server", "--port", "0", "--in-memory", "--max-memory", "lots");
        assertEquals(ExitCode.USAGE, bad.code());
        assertTrue(bad.stderr().contains("'lots' is not a size (examples: 64m, 1g, 524288, 40%)"), bad.stderr());
    }

    @Test
    void an_unknown_fsync_policy_is_a_usage_error() {
        Result r = run("server", "--port", "0", "--data-dir", dir.toString(), "--fsync", "sometimes");
        assertEquals(ExitCode.USAGE, r.code());
        assertTrue(
                r.stderr().contains("--fsync: fsync policy must be always, interval or never, not 'sometimes'"),
                r.stderr());
    }

    @Test
    @SuppressWarnings("try") // the first store only has to hold the directory while the server tries
    void a_second_server_on_a_data_directory_in_use_exits_1_with_one_clear_line() throws Exception {
        try (JournalStore first = JournalStore.open(dir, FsyncPolicy.ALWAYS)) {
            Result r = run("server", "--port", "0", "--data-dir", dir.toString());
            assertEquals(ExitCode.FAILURE, r.code());
            assertTrue(
                    r.stderr()
                            .contains("pigeonhole: cannot start the server: data directory " + dir
                                    + " is in use by another Pigeonhole server"),
                    r.stderr());
        }
    }

    @Test
    void a_corrupt_journal_stops_start_up_naming_file_and_offset_and_releases_the_directory() throws Exception {
        try (JournalStore store = JournalStore.open(dir, FsyncPolicy.ALWAYS)) {
            store.recover(m -> {});
            for (int i = 1; i <= 3; i++) {
                BlockingStore.stored(store, new dev.pigeonhole.server.StoredMessage(i, "bob", "alice", "hello " + i));
            }
        }
        Path segment = dir.resolve("journal-000000000001.seg");
        byte[] bytes = Files.readAllBytes(segment);
        bytes[20] ^= 1; // inside the first record, followed by two good ones
        Files.write(segment, bytes, StandardOpenOption.TRUNCATE_EXISTING);

        Result r = run("server", "--port", "0", "--data-dir", dir.toString());
        assertEquals(ExitCode.FAILURE, r.code());
        assertTrue(
                r.stderr()
                        .contains("pigeonhole: cannot start the server: corrupt journal: " + segment
                                + " at byte offset 16: checksum mismatch"),
                r.stderr());
        JournalStore.open(dir, FsyncPolicy.ALWAYS).close(); // the failed start released the lock
    }
}
