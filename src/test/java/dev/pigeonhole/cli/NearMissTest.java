package dev.pigeonhole.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** "Did you mean" hints: Damerau-Levenshtein (transpositions count one edit) and prefixes. */
class NearMissTest {
    private static final List<String> READ = List.of(
            "--all",
            "--archive",
            "--host",
            "--json",
            "-n",
            "--limit",
            "--port",
            "--socket",
            "--ssh",
            "--timeout",
            "-u",
            "--user",
            "-h",
            "--help",
            "-V",
            "--version");

    @Test
    void a_swap_of_two_letters_is_one_edit() {
        assertEquals(1, NearMiss.distance("prot", "port"));
        assertEquals(2, NearMiss.distance("abcd", "badc"), "two swaps, two edits");
        assertEquals(List.of("--port"), NearMiss.among("--prot", READ));
        assertEquals(List.of("--last"), NearMiss.among("--lst", List.of("--json", "--last", "--host")));
        assertEquals(List.of("--list"), NearMiss.among("--lsit", List.of("--list", "--last")));
    }

    @Test
    void prefixes_are_offered_and_far_words_are_not() {
        assertEquals(List.of("--timeout"), NearMiss.among("--time", READ));
        assertEquals(List.of(), NearMiss.among("--frobnicate", READ));
        assertEquals(List.of(), NearMiss.among("-x", READ), "every one-letter option is one edit from -x");
        assertEquals(List.of("send"), NearMiss.among("sned", List.of("server", "send", "read", "count")));
    }
}
