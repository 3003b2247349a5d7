package dev.pigeonhole.history;

import dev.pigeonhole.client.ConversationMessage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns messages as they are found into one announcement per burst: a batch read from the server reaches
 * the files (and the view) in several looks, so "3,000 new messages from alice, bob and erin" must count
 * all of them, and the bell must ring once, not once per look. A burst ends after {@link #QUIET} without
 * new messages. Not thread-safe: the GUI thread owns it.
 */
public final class Arrivals {
    /** Messages closer together than this belong to one burst: one bell, one running count. */
    public static final Duration QUIET = Duration.ofSeconds(5);

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);

    /** What to tell the reader: the status text, and whether to ring the bell. */
    public record Announcement(String text, boolean ring) {}

    private final Clock clock;
    private final ZoneId zone;
    private Instant last;
    private final Map<String, Integer> senders = new LinkedHashMap<>();
    private int count;
    private ConversationMessage newest;

    public Arrivals(Clock clock, ZoneId zone) {
        this.clock = clock;
        this.zone = zone;
    }

    /** Counts the incoming ones of {@code messages}; null if there are none. */
    public Announcement add(List<ConversationMessage> messages) {
        List<ConversationMessage> incoming =
                messages.stream().filter(ConversationMessage::incoming).toList();
        if (incoming.isEmpty()) {
            return null;
        }
        Instant now = clock.instant();
        boolean ring = last == null || !now.isBefore(last.plus(QUIET));
        if (ring) {
            senders.clear();
            count = 0;
        }
        last = now;
        for (ConversationMessage m : incoming) {
            senders.merge(m.peer(), 1, Integer::sum);
            count++;
            newest = m;
        }
        return new Announcement(text(), ring);
    }

    private String text() {
        if (count == 1) {
            return "New message from " + newest.peer() + " at "
                    + CLOCK.format(newest.at().atZone(zone)) + ".";
        }
        List<String> names = List.copyOf(senders.keySet());
        String who;
        if (names.size() == 1) {
            who = names.get(0);
        } else if (names.size() <= 3) {
            who = String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1);
        } else {
            who = String.join(", ", names.subList(0, 2)) + " and " + (names.size() - 2) + " others";
        }
        return String.format(Locale.ROOT, "%,d new messages from %s.", count, who);
    }
}
