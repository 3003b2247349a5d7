package dev.pigeonhole.server.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class JournalConfigTest {
    @Test
    void the_default_data_directory_follows_the_XDG_state_directory() {
        assertEquals(Path.of("/var/state/pigeonhole"), JournalConfig.defaultDirectory("/var/state", "/home/ann"));
        assertEquals(Path.of("/home/ann/.local/state/pigeonhole"), JournalConfig.defaultDirectory(null, "/home/ann"));
        assertEquals(Path.of("/home/ann/.local/state/pigeonhole"), JournalConfig.defaultDirectory("", "/home/ann"));
        // The XDG spec says relative paths are invalid and must be ignored.
        assertEquals(
                Path.of("/home/ann/.local/state/pigeonhole"), JournalConfig.defaultDirectory("state", "/home/ann"));
    }

    @Test
    void fsync_policies_parse_as_operators_write_them() {
        assertEquals(FsyncPolicy.ALWAYS, FsyncPolicy.parse("always"));
        assertEquals(FsyncPolicy.INTERVAL, FsyncPolicy.parse("Interval"));
        assertEquals(FsyncPolicy.NEVER, FsyncPolicy.parse("NEVER"));
        assertThrows(IllegalArgumentException.class, () -> FsyncPolicy.parse("everysec"));
    }
}
