package dev.pigeonhole.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pigeonhole.testing.ServerFixture;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchiveTest {
    @TempDir
    Path dir;

    @Test
    void appended_records_read_back_in_order() throws Exception {
        Archive a = new Archive(dir.resolve("sub/alice.log"));
        ArchivedMessage m1 = new ArchivedMessage(Instant.parse("2026-11-25T16:40:01.123Z"), "bob", "Hi Alice!");
        ArchivedMessage m2 =
                new ArchivedMessage(Instant.parse("2026-11-25T16:40:02Z"), "carol", "  tabs? no: spaces  ");
        a.append(m1);
        a.append(m2);
        assertEquals(List.of(m1, m2), a.readAll());
        assertEquals(
                "2026-11-25T16:40:01.123Z\tbob\tHi Alice!\n2026-11-25T16:40:02Z\tcarol\t  tabs? no: spaces  \n",
                Files.readString(a.file()));
    }

    @Test
    void the_archive_file_is_private() throws Exception {
        Archive a = new Archive(dir.resolve("alice.log"));
        a.append(new ArchivedMessage(Instant.now(), "bob", "secret"));
        assertEquals(
                "rw-------",
                java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(a.file())));
    }

    @Test
    void a_torn_last_record_is_ignored_and_cut_off_before_the_next_append() throws Exception {
        Archive a = new Archive(dir.resolve("alice.log"));
        ArchivedMessage m1 = new ArchivedMessage(Instant.parse("2026-11-25T10:00:00Z"), "bob", "one");
        a.append(m1);
        Files.write(
                a.file(),
                "2026-11-25T10:00:01Z\tbob\ttw".getBytes(StandardCharsets.US_ASCII),
                StandardOpenOption.APPEND);
        assertEquals(List.of(m1), a.readAll());
        ArchivedMessage m2 = new ArchivedMessage(Instant.parse("2026-11-25T10:00:02Z"), "bob", "two");
        a.append(m2);
        assertEquals(List.of(m1, m2), a.readAll());
    }

    @Test
    void a_file_that_is_not_an_archive_is_refused_not_cut() throws Exception {
        // --archive pointed at someone's notes: its last line, without LF, is not a torn record.
        Path notes = dir.resolve("notes.txt");
        Files.writeString(notes, "shopping\nmilk\neggs");
        IOException e = assertThrows(
                IOException.class, () -> new Archive(notes).append(new ArchivedMessage(Instant.now(), "bob", "hi")));
        assertTrue(e.getMessage().contains("not a Pigeonhole archive"), e.getMessage());
        assertEquals("shopping\nmilk\neggs", Files.readString(notes));
    }

    @Test
    void concurrent_appends_from_many_threads_never_interleave() throws Exception {
        Archive a = new Archive(dir.resolve("alice.log"));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> fs = new ArrayList<>();
        String text = "x".repeat(3000);
        for (int t = 0; t < 8; t++) {
            int id = t;
            fs.add(pool.submit(() -> {
                for (int i = 0; i < 25; i++) {
                    new Archive(a.file()).append(new ArchivedMessage(Instant.now(), "t" + id, i + text));
                }
                return null;
            }));
        }
        for (Future<?> f : fs) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        List<ArchivedMessage> all = a.readAll();
        assertEquals(200, all.size());
        for (int t = 0; t < 8; t++) {
            String sender = "t" + t;
            List<String> texts = all.stream()
                    .filter(m -> m.peer().equals(sender))
                    .map(ArchivedMessage::text)
                    .toList();
            for (int i = 0; i < 25; i++) {
                assertEquals(i + text, texts.get(i), "per-writer order and intact records");
            }
        }
    }

    @Test
    void a_message_that_cannot_be_archived_is_left_on_the_server_not_lost() throws Exception {
        try (ServerFixture server = ServerFixture.start()) {
            try (ClientSession bob = server.login("bob")) {
                bob.compose("alice", "keep me");
            }
            Archive broken = new Archive(dir); // a directory: every append fails
            try (ClientSession alice = server.login("alice")) {
                IOException e = assertThrows(IOException.class, () -> broken.fetch(alice, 10));
                assertTrue(e.getMessage().contains("was left on the server"), e.getMessage());
                assertFalse(alice.isOpen(), "closed without EXIT, so the READ was never confirmed");
            }
            // The server puts the unconfirmed message back when it sees that connection close, which another
            // event loop may do a moment after the next connection is served: wait for it, with a deadline.
            long deadline = System.nanoTime() + java.time.Duration.ofSeconds(5).toNanos();
            while (true) {
                try (ClientSession probe = server.connect()) {
                    if (probe.login("alice") == 1 || System.nanoTime() - deadline > 0) {
                        break;
                    }
                }
                Thread.sleep(5);
            }
            Archive good = new Archive(dir.resolve("alice.log"));
            try (ClientSession alice = server.login("alice")) {
                List<ArchivedMessage> got = good.fetch(alice, 10);
                assertEquals(1, got.size());
                assertEquals("keep me", got.get(0).text());
            }
        }
    }

    @Test
    void default_path_follows_xdg_and_cannot_escape_its_directory() {
        Path p = Archive.defaultPath("127.0.0.1", 4554, "../../etc/passwd");
        assertTrue(p.toString().contains("pigeonhole/127.0.0.1-4554/"), p.toString());
        assertEquals("%2E.%2F..%2Fetc%2Fpasswd.log", p.getFileName().toString());
        assertFalse(p.normalize().toString().contains("/etc/passwd"));
    }

    @Test
    void absorbing_an_archive_kept_under_an_older_name_moves_every_record_and_keeps_time_order() throws IOException {
        Path legacy = dir.resolve("localhost-4554").resolve("bob.log");
        Archive old = new Archive(legacy);
        Instant t = Instant.parse("2026-11-01T10:00:00Z");
        old.append(new ArchivedMessage(t, "alice", "first"));
        old.append(new ArchivedMessage(t.plusSeconds(20), "carol", "third"));
        Archive current = new Archive(dir.resolve("127.0.0.1-4554").resolve("bob.log"));
        current.append(new ArchivedMessage(t.plusSeconds(10), "dave", "second"));

        assertEquals(2, current.absorb(legacy));

        assertEquals(
                List.of("first", "second", "third"),
                current.readAll().stream().map(ArchivedMessage::text).toList());
        assertFalse(Files.exists(legacy), "the old archive is gone");
        assertFalse(Files.exists(legacy.getParent()), "and its directory, now empty");
        assertEquals(0, current.absorb(legacy), "a second run finds nothing to move");
    }

    @Test
    void absorbing_into_an_archive_that_does_not_exist_yet_keeps_the_file_as_it_is() throws IOException {
        Path legacy = dir.resolve("localhost-4554").resolve("bob.log");
        Archive old = new Archive(legacy);
        Instant t = Instant.parse("2026-11-01T10:00:00Z");
        old.append(new ArchivedMessage(t, "alice", "one"));
        old.append(new ArchivedMessage(t.plusSeconds(1), "carol", "two"));
        byte[] bytes = Files.readAllBytes(legacy);
        Archive current = new Archive(dir.resolve("127.0.0.1-4554").resolve("bob.log"));

        assertEquals(2, current.absorb(legacy));

        assertEquals(List.of(bytes.length), List.of(Files.readAllBytes(current.file()).length));
        assertTrue(java.util.Arrays.equals(bytes, Files.readAllBytes(current.file())), "the same bytes");
        assertFalse(Files.exists(legacy));
    }
}
