package dev.pigeonhole.compose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The drafts file: merged per recipient, never replaced wholesale, any name and any text. */
class DraftFileTest {
    @TempDir
    Path dir;

    private static DraftFile.Contents drafts(String to, long toAt, Draft... ds) {
        Map<String, Draft> m = new java.util.HashMap<>();
        for (Draft d : ds) {
            m.put(d.recipient(), d);
        }
        return new DraftFile.Contents(to, toAt, m);
    }

    @Test
    void drafts_survive_a_restart_per_recipient_with_any_text_and_the_file_is_private() throws Exception {
        DraftFile file = new DraftFile(dir.resolve("me.drafts"));
        assertEquals(DraftFile.Contents.EMPTY, file.load());
        String text = "half a\tthought \\ here\nsecond line with \\n and \\s literally, café 🙂";
        file.save(drafts("bob", 5, new Draft("bob", text, 5), new Draft("carol", "for carol", 3)), 10);
        DraftFile.Contents back = new DraftFile(dir.resolve("me.drafts")).load();
        assertEquals("bob", back.to());
        assertEquals(text, back.text("bob"));
        assertEquals("for carol", back.text("carol"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file.file())));
        assertEquals(Path.of("x/me.drafts"), DraftFile.beside(Path.of("x/me.log")));
    }

    @Test
    void a_recipient_named_gt_or_hash_or_empty_round_trips_and_never_fills_to() throws Exception {
        DraftFile file = new DraftFile(dir.resolve("me.drafts"));
        file.save(
                drafts(
                        "carol",
                        7,
                        new Draft(">", "to the user named >", 1),
                        new Draft("#", "to #", 2),
                        new Draft("", "typed before a name", 3),
                        new Draft("to", "to the user named to", 4)),
                10);
        DraftFile.Contents back = file.load();
        assertEquals("carol", back.to(), "To: is the To: field, whatever the names");
        assertEquals("to the user named >", back.text(">"));
        assertEquals("to #", back.text("#"));
        assertEquals("typed before a name", back.text(""));
        assertEquals("to the user named to", back.text("to"));
    }

    @Test
    void two_clients_of_one_user_keep_both_drafts_and_the_newest_edit_of_each() throws Exception {
        DraftFile one = new DraftFile(dir.resolve("me.drafts"));
        DraftFile two = new DraftFile(dir.resolve("me.drafts"));
        one.save(drafts("bob", 1, new Draft("bob", "from one", 1), new Draft("dave", "old dave", 1)), 10);
        // The second client never saw the first one's drafts: it writes only its own, plus a newer dave.
        DraftFile.Contents merged =
                two.save(drafts("carol", 2, new Draft("carol", "from two", 2), new Draft("dave", "new dave", 5)), 10);
        assertEquals("from one", merged.text("bob"));
        assertEquals("from two", merged.text("carol"));
        assertEquals("new dave", merged.text("dave"));
        assertEquals("carol", merged.to(), "the later To: wins");
        // The first client, saving again with its stale dave, does not bring it back.
        merged =
                one.save(drafts("bob", 1, new Draft("bob", "from one, more", 6), new Draft("dave", "old dave", 1)), 10);
        assertEquals("new dave", merged.text("dave"));
        assertEquals("from one, more", merged.text("bob"));
        assertEquals(merged, one.load());
    }

    @Test
    void a_deletion_removes_exactly_the_version_it_saw_never_a_newer_edit() throws Exception {
        DraftFile file = new DraftFile(dir.resolve("me.drafts"));
        file.save(drafts("", 0, new Draft("bob", "v1", 1), new Draft("carol", "c1", 1)), 10);
        file.save(drafts("", 0, new Draft("carol", "c2 edited elsewhere", 4)), 10);
        // Sent: both deletions carry the time of the version this client had.
        DraftFile.Contents after = file.save(drafts("", 0, new Draft("bob", "", 1), new Draft("carol", "", 1)), 10);
        assertEquals("", after.text("bob"));
        assertEquals("c2 edited elsewhere", after.text("carol"));
    }

    @Test
    void old_deletions_are_forgotten_after_a_while_drafts_never_are() throws Exception {
        DraftFile file = new DraftFile(dir.resolve("me.drafts"));
        long day = 86_400_000L;
        DraftFile.Contents c =
                file.save(drafts("", 0, new Draft("bob", "", 1), new Draft("carol", "kept forever", 1)), 31 * day + 2);
        assertFalse(c.drafts().containsKey("bob"));
        assertEquals("kept forever", c.text("carol"));
    }

    @Test
    void a_version_1_file_is_read_with_a_draft_to_gt_kept_apart_from_the_to_field() throws Exception {
        Path p = dir.resolve("me.drafts");
        Files.writeString(p, ">\tbob\nbob\thi bob\n>\tfor the user >\ncarol\ta\\tb\n", StandardCharsets.UTF_8);
        DraftFile.Contents back = new DraftFile(p).load();
        assertEquals("bob", back.to());
        assertEquals("hi bob", back.text("bob"));
        assertEquals("for the user >", back.text(">"));
        assertEquals("a\tb", back.text("carol"));
    }

    @Test
    void escaping_round_trips_random_text() {
        long seed = new Random().nextLong();
        Random r = new Random(seed);
        for (int i = 0; i < 2000; i++) {
            StringBuilder b = new StringBuilder();
            int n = r.nextInt(20);
            for (int k = 0; k < n; k++) {
                b.append("\\ \t\n\rsn>#a🙂é".charAt(r.nextInt(13)));
            }
            String s = b.toString();
            String e = DraftFile.escape(s);
            assertFalse(e.contains(" ") || e.contains("\n") || e.contains("\t"), "seed " + seed + ": " + e);
            assertEquals(s, DraftFile.unescape(e), "seed " + seed);
        }
    }

    @Test
    void saves_from_many_threads_lose_no_recipient() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int id = t;
                done.add(pool.submit(() -> {
                    DraftFile f = new DraftFile(dir.resolve("me.drafts"));
                    for (int k = 0; k < 20; k++) {
                        f.save(drafts("", 0, new Draft("u" + id + "-" + k, "text " + k, k + 1)), 100);
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        DraftFile.Contents all = new DraftFile(dir.resolve("me.drafts")).load();
        assertEquals(160, all.drafts().size(), "every client's every draft is in the file");
        assertTrue(all.drafts().values().stream().noneMatch(Draft::deleted));
    }
}
