package dev.pigeonhole.courier;

import static org.junit.jupiter.api.Assertions.fail;

import dev.pigeonhole.client.ArchivedMessage;
import dev.pigeonhole.compose.Outbox;
import dev.pigeonhole.compose.SendResult;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** {@link MailEvents} that records every event, for tests that wait (with a deadline) for one. */
final class RecordingEvents implements MailEvents {
    record Received(List<ArchivedMessage> messages) {}

    record Notice(String text, boolean problem) {}

    record OutboxNow(List<Outbox.Entry> entries) {}

    final LinkedBlockingQueue<Object> events = new LinkedBlockingQueue<>();

    @Override
    public void connection(LinkState state) {
        events.add(state);
    }

    @Override
    public void archived(List<ArchivedMessage> messages) {
        events.add(new Received(messages));
    }

    @Override
    public void sendResult(SendResult result) {
        events.add(result);
    }

    @Override
    public void outbox(List<Outbox.Entry> entries) {
        events.add(new OutboxNow(entries));
    }

    @Override
    public void notice(String text, boolean problem) {
        events.add(new Notice(text, problem));
    }

    /** Takes events until one of {@code type} matches, failing after {@code within}. */
    <T> T await(Class<T> type, Predicate<T> match, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            Object e = events.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (e == null) {
                return fail("no matching " + type.getSimpleName() + " within " + within);
            }
            if (type.isInstance(e) && match.test(type.cast(e))) {
                return type.cast(e);
            }
        }
    }
}
