package dev.pigeonhole.server.journal;

import static dev.pigeonhole.server.journal.Journals.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pigeonhole.server.StoredMessage;
import dev.pigeonhole.testing.BlockingStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A segment missing from the middle of the journal stops start-up, naming the file and the choices. */
@Timeout(30)
class JournalGapTest {
    @TempDir
    Path dir;

    private JournalConfig config;
    private final List<StoredMessage> stored = new ArrayList<>();

    @BeforeEach
    void fourSegments() throws IOException {
        config = JournalConfig.in(dir).withSegmentBytes(4096).withLog(new RecordingLog());
        try (JournalStore store = Journals.openRecovered(config, new ArrayList<>())) {
            for (long id = 1; Journals.segments(dir).size() < 4; id++) {
                StoredMessage m = message(id, "alice");
                BlockingStore.stored(store, m);
                stored.add(m);
            }
        }
    }

    @Test
    void a_deleted_middle_segment_refuses_start_up_naming_the_file_expected() throws IOException {
        List<Path> segments = Journals.segments(dir);
        Path missing = segments.get(1);
        Files.delete(missing);
        CorruptJournalException e = assertThrows(CorruptJournalException.class, () -> Journals.recover(config));
        assertEquals(missing, e.file());
        assertTrue(
                e.getMessage()
                        .contains(missing + " is missing between "
                                + segments.get(0).getFileName() + " and "
                                + segments.get(2).getFileName()),
                e.getMessage());
        assertTrue(e.getMessage().contains("Restore it from a backup"), e.getMessage());
        assertEquals(3, Journals.segments(dir).size(), "nothing changed");
    }

    @Test
    void the_documented_empty_segment_lets_start_up_go_on_without_the_missing_messages() throws Exception {
        List<Path> segments = Journals.segments(dir);
        Path missing = segments.get(1);
        List<StoredMessage> lost = new ArrayList<>();
        try (SegmentReader r = new SegmentReader(ChannelOpener.DEFAULT, missing)) {
            r.readHeader();
            for (JournalFormat.Decoded d; (d = r.next()) != null; ) {
                lost.add(d.message());
            }
        }
        Files.delete(missing);
        CorruptJournalException e = assertThrows(CorruptJournalException.class, () -> Journals.recover(config));
        // Run the command the message gives, as an operator would.
        String command = e.getMessage().replaceAll("(?s).*make it an empty segment: (printf '[^']*' > \\S+).*", "$1");
        Process p = new ProcessBuilder("sh", "-c", command).inheritIO().start();
        assertEquals(0, p.waitFor());
        List<StoredMessage> expected = new ArrayList<>(stored);
        expected.removeAll(lost);
        assertEquals(expected, Journals.recover(config));
    }
}
