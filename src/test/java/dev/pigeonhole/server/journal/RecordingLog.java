package dev.pigeonhole.server.journal;

import dev.pigeonhole.server.ServerLog;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A {@link ServerLog} that keeps its lines, so tests can check what an operator would see. */
final class RecordingLog implements ServerLog {
    final List<String> lines = new CopyOnWriteArrayList<>();

    @Override
    public void log(String event) {
        lines.add(event);
    }

    /** How many lines contain {@code text}. */
    long count(String text) {
        return lines.stream().filter(l -> l.contains(text)).count();
    }
}
