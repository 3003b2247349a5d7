package dev.pigeonhole.server.journal;

import static dev.pigeonhole.server.journal.Journals.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pigeonhole.server.StoredMessage;
import dev.pigeonhole.testing.BlockingStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The same as {@link JournalFailureTest}'s disk-full case, on a real full file system. Needs a small one,
 * e.g. as root: {@code mkdir /tmp/small && mount -t tmpfs -o size=1m tmpfs /tmp/small}, then
 * {@code mvn -o test -Dtest=JournalRealDiskFullTest -Dpigeonhole.smallfs=/tmp/small}.
 */
@Timeout(60)
@EnabledIfSystemProperty(named = "pigeonhole.smallfs", matches = ".+")
class JournalRealDiskFullTest {
    @Test
    void on_a_full_file_system_stored_fails_and_resumes_once_space_is_freed() throws Exception {
        Path root = Files.createTempDirectory(Path.of(System.getProperty("pigeonhole.smallfs")), "journal");
        try {
            RecordingLog log = new RecordingLog();
            JournalConfig config = JournalConfig.in(root.resolve("data"))
                    .withSegmentBytes(64 << 10)
                    .withLog(log);
            Path filler = root.resolve("filler");
            List<StoredMessage> acknowledged = new ArrayList<>();
            int failures = 0;
            try (JournalStore store = Journals.openRecovered(config, new ArrayList<>())) {
                Files.write(
                        filler,
                        new byte[Math.toIntExact(Files.getFileStore(root).getUsableSpace() - (200 << 10))]);
                long id = 0;
                while (failures < 10 && id < 100_000) {
                    StoredMessage m = message(++id, "alice");
                    try {
                        BlockingStore.stored(store, m);
                        acknowledged.add(m);
                    } catch (IOException e) {
                        failures++;
                    }
                }
                assertEquals(10, failures, "the file system never filled up");
                Files.delete(filler);
                StoredMessage after = message(++id, "alice");
                BlockingStore.stored(store, after);
                acknowledged.add(after);
            }
            assertTrue(log.lines.get(0).contains("No space left on device"), log.lines.toString());
            assertEquals(1, log.count("failed ("), log.lines.toString());
            assertEquals(acknowledged, Journals.recover(config));
        } finally {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
