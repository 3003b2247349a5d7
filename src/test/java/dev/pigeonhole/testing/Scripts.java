package dev.pigeonhole.testing;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import java.util.function.Function;
import java.util.function.Supplier;

/** Conversations for {@link ScriptedServer}: a well-behaved one, and ways to break it. */
public final class Scripts {
    private Scripts() {}

    /**
     * Follows the protocol for one user: LOGIN answers {@code count}, each COMPOSE is answered with the
     * next of {@code composeAnswers} (then {@code MESSAGE SENT}), each READ gives the next of
     * {@code messages} (sender and text) or {@code READ ERROR}, EXIT hangs up. Anything else hangs up (P10).
     */
    public static Supplier<Function<String, String>> agreeable(
            long count, List<String> composeAnswers, List<String[]> messages) {
        return () -> new Function<>() {
            private final Queue<String> answers = new ArrayDeque<>(composeAnswers);
            private final Queue<String[]> inbox = new ArrayDeque<>(messages);
            private boolean messageLineNext;

            @Override
            public String apply(String line) {
                if (messageLineNext) {
                    messageLineNext = false;
                    String a = answers.poll();
                    return (a == null ? "MESSAGE SENT" : a) + "\n";
                }
                if (line.startsWith("LOGIN ")) {
                    return count + "\n";
                }
                if (line.startsWith("COMPOSE ")) {
                    messageLineNext = true;
                    return "";
                }
                if (line.equals("READ")) {
                    String[] m = inbox.poll();
                    return m == null ? "READ ERROR\n" : m[0] + "\n" + m[1] + "\n";
                }
                return null;
            }
        };
    }

    /** {@link #agreeable} with every COMPOSE answered {@code MESSAGE SENT} and nothing to read. */
    public static Supplier<Function<String, String>> agreeable(long count) {
        return agreeable(count, List.of(), List.of());
    }

    /** Answers LOGIN with {@code reply} (raw text, LF included or not) and then says nothing more. */
    public static Supplier<Function<String, String>> loginAnswer(String reply) {
        return () -> line -> line.startsWith("LOGIN ") ? reply : "";
    }

    /**
     * Behaves like {@link #agreeable(long)}, except that it answers {@code trigger} with the raw
     * {@code reply}; if {@code hangUp}, it then closes the connection (mid-line if the reply has no LF).
     */
    public static Supplier<Function<String, String>> answering(String trigger, String reply, boolean hangUp) {
        return () -> {
            Function<String, String> normal = agreeable(1).get();
            return line ->
                    line.equals(trigger) ? reply + (hangUp ? ScriptedServer.THEN_HANG_UP : "") : normal.apply(line);
        };
    }
}
