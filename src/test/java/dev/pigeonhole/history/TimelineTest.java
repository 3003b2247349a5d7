package dev.pigeonhole.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pigeonhole.client.Archive;
import dev.pigeonhole.client.ArchivedMessage;
import dev.pigeonhole.client.ConversationMessage;
import dev.pigeonhole.client.SentStore;
import dev.pigeonhole.testing.Seeds;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Paging both files in either direction, for everyone and per correspondent, gives every message exactly
 * once and in time order, whatever the interleaving of received and sent messages (seeded).
 */
class TimelineTest {
    @TempDir
    Path dir;

    private final LinkedBlockingQueue<Object> answers = new LinkedBlockingQueue<>();

    private final Timeline.Observer listener = new Timeline.Observer() {
        @Override
        public void page(Timeline.Page page) {
            answers.add(page);
        }

        @Override
        public void arrived(List<Timeline.Item> items, Timeline.Cursor tail) {
            answers.add(items);
        }

        @Override
        public void correspondents(Map<String, Instant> latest) {
            answers.add(latest);
        }

        @Override
        public void reset() {}

        @Override
        public void failed(String problem) {
            answers.add(new AssertionError(problem));
        }
    };

    private <T> T next(Class<T> type) throws InterruptedException {
        while (true) {
            Object o = answers.poll(10, TimeUnit.SECONDS);
            if (o == null) {
                throw new AssertionError("no " + type.getSimpleName());
            }
            if (o instanceof AssertionError e) {
                throw e;
            }
            if (type.isInstance(o)) {
                return type.cast(o);
            }
        }
    }

    /** Regression seeds, then fresh ones every run (see {@link Seeds}). */
    static LongStream seeds() {
        return Seeds.with(1, 2, 3, 42).limit(4 + 6); // each case writes and pages a whole archive: a few per run
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    @ExtendWith(Seeds.Report.class)
    void pages_back_and_forth_give_every_message_once_in_order(long seed) throws Exception {
        Random random = new Random(seed);
        Path archiveFile = dir.resolve("me.log");
        Archive archive = new Archive(archiveFile);
        SentStore sent = SentStore.beside(archive);
        List<ConversationMessage> all = new ArrayList<>();
        Instant t = Instant.parse("2026-11-01T00:00:00Z");
        try (BufferedWriter a = Files.newBufferedWriter(archiveFile, StandardCharsets.UTF_8);
                BufferedWriter s = Files.newBufferedWriter(sent.file(), StandardCharsets.UTF_8)) {
            for (int i = 0; i < 2_345; i++) {
                t = t.plusMillis(1 + random.nextInt(5_000));
                String peer = List.of("alice", "bob", "carol").get(random.nextInt(3));
                boolean in = random.nextInt(3) > 0;
                (in ? a : s).write(t + "\t" + peer + "\tm" + i + "\n");
                all.add(new ConversationMessage(
                        t, in ? ConversationMessage.Direction.IN : ConversationMessage.Direction.OUT, peer, "m" + i));
            }
        }
        try (Timeline timeline = new Timeline(archive, sent, listener).start()) {
            for (String peer : new String[] {null, "bob"}) {
                List<ConversationMessage> expected = all.stream()
                        .filter(m -> peer == null || m.peer().equals(peer))
                        .toList();
                timeline.latest(peer);
                Timeline.Page page = next(Timeline.Page.class);
                if (peer == null) {
                    page = next(Timeline.Page.class); // the start page came first; this is the one asked for
                }
                List<ConversationMessage> back = new ArrayList<>(messages(page));
                Timeline.Cursor oldest = page.older();
                while (!page.atStart()) {
                    timeline.older(peer, page.older());
                    page = next(Timeline.Page.class);
                    assertTrue(page.items().size() <= Timeline.PAGE);
                    back.addAll(0, messages(page));
                    oldest = page.older();
                }
                assertEquals(expected, back, "backwards, peer " + peer);
                List<ConversationMessage> forth = new ArrayList<>();
                Timeline.Cursor from = oldest;
                do {
                    timeline.newer(peer, from);
                    page = next(Timeline.Page.class);
                    forth.addAll(messages(page));
                    from = page.newer();
                } while (!page.atEnd());
                assertEquals(expected, forth, "forwards, peer " + peer);
            }
            sent.append(t.plusSeconds(1), "dave", "a new one");
            archive.append(new ArchivedMessage(t.plusSeconds(2), "dave", "an answer"));
            timeline.look();
            @SuppressWarnings("unchecked")
            List<Timeline.Item> arrived = next(List.class);
            assertEquals(
                    List.of("a new one", "an answer"),
                    arrived.stream().map(i -> i.message().text()).toList());
        }
    }

    private static List<ConversationMessage> messages(Timeline.Page page) {
        return page.items().stream().map(Timeline.Item::message).toList();
    }
}
