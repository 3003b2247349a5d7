package dev.pigeonhole.compose;

import java.util.List;

/**
 * Name completion for To:, shell-like: the first Tab completes what was typed to the first matching name
 * (the caller's order, most recent first), the next Tabs cycle through the other matches of the same
 * prefix. Editing the name starts again.
 */
final class Completion {
    /** A completion: the name, how many names matched, and the prefix they share. */
    record Result(String name, int choices, String prefix) {}

    /** What the user typed before the first Tab, and the name the last Tab put there. */
    private String prefix;

    private String last;

    /** The next name for {@code typed}, or null when there is nothing (more) to complete. */
    Result next(String typed, List<String> names) {
        if (typed.isEmpty()) {
            return null;
        }
        if (prefix == null || !typed.equals(last)) {
            prefix = typed;
        }
        List<String> matches =
                names.stream().filter(n -> n.startsWith(prefix)).distinct().toList();
        if (matches.isEmpty() || (matches.size() == 1 && matches.get(0).equals(typed))) {
            prefix = null;
            return null;
        }
        int at = matches.indexOf(typed);
        last = matches.get((at + 1) % matches.size());
        return new Result(last, matches.size(), prefix);
    }
}
