package dev.pigeonhole.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pigeonhole.client.Archive;
import dev.pigeonhole.client.ArchivedMessage;
import dev.pigeonhole.client.ConversationMessage;
import dev.pigeonhole.client.RecordFile;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Searching the archive and the sent store on disk: every match in both files, newest first and back again,
 * exactly once and in time order, whatever the interleaving (seeded: a fresh seed each run plus fixed ones).
 */
class HistorySearchTest {
    @TempDir
    Path dir;

    static List<Long> seeds() {
        return List.of(1L, 2L, 7L, 42L, System.nanoTime());
    }

    /**
     * Writes {@code n} messages in the files' own format, received and sent at random, about every third
     * one containing "NeEdLe", with equal timestamps now and then.
     */
    private List<ConversationMessage> write(Random random, int n) throws IOException {
        List<ConversationMessage> all = new ArrayList<>();
        Instant t = Instant.parse("2026-11-01T00:00:00Z");
        String[] people = {"bob", "carol", "dave"};
        try (BufferedWriter a = Files.newBufferedWriter(dir.resolve("me.log"), StandardCharsets.UTF_8);
                BufferedWriter s = Files.newBufferedWriter(dir.resolve("me.sent.log"), StandardCharsets.UTF_8)) {
            for (int i = 0; i < n; i++) {
                t = t.plusSeconds(random.nextInt(3)); // ties happen
                String who = people[random.nextInt(people.length)];
                String text = "message " + i + (random.nextInt(3) == 0 ? " with a NeEdLe in it" : " plain");
                boolean in = random.nextBoolean();
                (in ? a : s).write(t + "\t" + who + "\t" + text + "\n");
                all.add(new ConversationMessage(
                        t, in ? ConversationMessage.Direction.IN : ConversationMessage.Direction.OUT, who, text));
            }
        }
        return all;
    }

    private HistorySearch search(String peer, String query) throws IOException {
        RecordFile a = new RecordFile(dir.resolve("me.log"));
        RecordFile s = new RecordFile(dir.resolve("me.sent.log"));
        return new HistorySearch(a, a.end(), s, s.end(), peer, query, UnaryOperator.identity());
    }

    /** The expected matches in time order (on a tie the sent one first, as the pages show them, then file order). */
    private static List<String> expected(List<ConversationMessage> all, String peer) {
        return all.stream()
                .filter(m -> peer == null || m.peer().equals(peer))
                .filter(m -> m.text().contains("NeEdLe"))
                .sorted(Comparator.comparing(ConversationMessage::at)
                        .thenComparing(m -> m.incoming() ? 1 : 0)
                        .thenComparing(m -> Integer.parseInt(m.text().split(" ")[1])))
                .map(ConversationMessage::text)
                .toList();
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void older_walks_every_match_newest_first_then_newer_walks_back_once_each(long seed) throws IOException {
        Random random = new Random(seed);
        List<ConversationMessage> all = write(random, 600);
        for (String peer : new String[] {null, "carol"}) {
            List<String> want = expected(all, peer);
            HistorySearch search = search(peer, "needle");
            List<String> back = new ArrayList<>();
            Optional<HistorySearch.Hit> h = search.older();
            while (h.isPresent()) {
                back.add(h.get().message().text());
                assertTrue(peer == null || h.get().message().peer().equals(peer));
                h = search.older();
            }
            List<String> reversed = new ArrayList<>(want);
            java.util.Collections.reverse(reversed);
            assertEquals(reversed, back, "seed " + seed + ", peer " + peer);
            List<String> forth = new ArrayList<>();
            forth.add(back.get(back.size() - 1));
            h = search.newer();
            while (h.isPresent()) {
                forth.add(h.get().message().text());
                h = search.newer();
            }
            assertEquals(want, forth, "seed " + seed + ", peer " + peer);
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void changing_direction_at_random_never_skips_or_repeats_a_match(long seed) throws IOException {
        Random random = new Random(seed);
        List<ConversationMessage> all = write(random, 300);
        List<String> want = expected(all, null);
        HistorySearch search = search(null, "needle");
        int at = want.size(); // one past the newest: the first older() gives the newest
        for (int step = 0; step < 400; step++) {
            boolean older = random.nextInt(3) > 0;
            Optional<HistorySearch.Hit> h = older ? search.older() : search.newer();
            int expect = older ? at - 1 : at + 1;
            if (expect < 0 || expect >= want.size()) {
                assertTrue(h.isEmpty(), "seed " + seed + ": nothing beyond the end");
                continue;
            }
            if (at == want.size() && !older) {
                assertTrue(h.isEmpty());
                continue;
            }
            assertEquals(want.get(expect), h.orElseThrow().message().text(), "seed " + seed + " step " + step);
            at = expect;
        }
    }

    @Test
    void the_match_is_located_in_the_decoded_text_ignoring_case() throws IOException {
        Archive archive = new Archive(dir.resolve("me.log"));
        archive.append(
                new ArchivedMessage(Instant.parse("2026-11-01T00:00:00Z"), "bob", "=?UTF-8?Q?caf=C3=A9?= at noon"));
        RecordFile a = new RecordFile(archive.file());
        RecordFile s = new RecordFile(dir.resolve("me.sent.log"));
        UnaryOperator<String> decode = w -> w.replace("=?UTF-8?Q?caf=C3=A9?=", "caf\u00e9");
        HistorySearch search = new HistorySearch(a, a.end(), s, s.end(), null, "CAF\u00c9 AT", decode);
        HistorySearch.Hit hit = search.older().orElseThrow();
        assertEquals(0, hit.from());
        assertEquals(7, hit.to());
        assertTrue(
                new HistorySearch(a, a.end(), s, s.end(), null, "C3", decode)
                        .older()
                        .isEmpty(),
                "the wire form is not what the reader sees: no match inside an encoded-word");
    }

    @Test
    void an_empty_query_is_refused() {
        RecordFile a = new RecordFile(dir.resolve("me.log"));
        assertThrows(IllegalArgumentException.class, () -> new HistorySearch(a, 0, a, 0, null, "", s -> s));
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void first_after_bisects_to_the_first_record_later_than_a_moment(long seed) throws IOException {
        Random random = new Random(seed);
        List<ConversationMessage> all = write(random, 400);
        RecordFile a = new RecordFile(dir.resolve("me.log"));
        List<RecordFile.Located> records =
                a.after(0, a.end(), Integer.MAX_VALUE, m -> true).records();
        for (int k = 0; k < 50; k++) {
            Instant at = all.get(random.nextInt(all.size())).at().plusSeconds(random.nextInt(3) - 1);
            long want = records.stream()
                    .filter(r -> r.record().at().isAfter(at))
                    .mapToLong(RecordFile.Located::start)
                    .findFirst()
                    .orElse(a.end());
            assertEquals(want, a.firstAfter(at), "seed " + seed + ", at " + at);
        }
        assertEquals(0, new RecordFile(dir.resolve("missing.log")).firstAfter(Instant.EPOCH));
    }
}
