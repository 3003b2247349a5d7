package dev.pigeonhole.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.pigeonhole.client.PackagedService;
import dev.pigeonhole.testing.Seeds;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Field;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@link QuickLine} against picocli, over generated command lines and environments: either the quick path
 * declines, or the command it fills equals, field by field (every {@code @Option}, {@code @Parameters} and
 * {@code @Mixin} field, {@link Account}'s included), the one picocli fills, and both agree on which options
 * the command line gave. Whatever picocli rejects or answers itself (help, version) the quick path declines.
 */
@ExtendWith(Seeds.Report.class)
class QuickLineParityTest {
    private static final List<String> COVERED = List.of("count", "read", "send", "inbox");
    private static final Path NOT_INSTALLED_SOCKET = Cli.NO_PACKAGED_SOCKET;
    private static final PackagedService NOT_INSTALLED = PackagedService.notInstalled(NOT_INSTALLED_SOCKET);
    private static final int LINES_PER_SEED = 25;

    static LongStream seeds() {
        return Seeds.with(0, 1, 2, 42, 20261206);
    }

    /** Values each option's generator draws from: valid ones, ones that do not convert, edge cases. */
    private static final Map<String, List<String>> VALUES = Map.ofEntries(
            Map.entry("--host", List.of("127.0.0.1", "example.org", "localhost", "", " ", "a=b", "-x")),
            Map.entry("--port", List.of("7777", "1", "65535", "0", "65536", "x", " 80", "+80", "-1", "", "08")),
            Map.entry("--socket", List.of("/tmp/p.sock", "rel/p.sock", "", "a b")),
            Map.entry("--ssh", List.of("bob@host", "host", "", "@")),
            Map.entry("--user", List.of("alice", "bob", "", "-u", "carol=x")),
            Map.entry("--timeout", List.of("10s", "500ms", "0", "10", "PT1M", "x", "2h", "-5s", "1d")),
            Map.entry("--to", List.of("bob", "alice", "", "a b", "-")),
            Map.entry("--max-message", List.of("4096", "0", "-1", "x", "+5", "99999999999", "12")),
            Map.entry("--limit", List.of("5", "0", "-3", "x", "+2", "05", "")),
            Map.entry("--last", List.of("5", "0", "-3", "x", "+2", "05", "")),
            Map.entry("--archive", List.of("/tmp/a.log", "rel.log", "", "x=y")));

    private static final List<String> YES_NO =
            List.of("1", "0", "yes", "NO", "true", "off", "On", "maybe", "", " yes ");
    private static final List<String> WORDS = List.of("hello", "-", "", "two words", "count", "--help", "é");
    private static final List<String> STRAYS = List.of(
            "--bogus",
            "--hos",
            "-h",
            "--help",
            "-V",
            "--version",
            "--",
            "-qv",
            "-n5",
            "-n=5",
            "extra",
            "-",
            "-x",
            "--quiet=true",
            "--json=yes",
            "-vq");

    private static CommandLine picocli(Map<String, String> env, String... args) {
        return Main.commandLineFor(
                new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream(), env, NOT_INSTALLED_SOCKET, args);
    }

    private static QuickLine.Accepted quick(Map<String, String> env, String... args) {
        return QuickLine.accept(new ByteArrayInputStream(new byte[0]), env, NOT_INSTALLED, args);
    }

    /** Every option picocli reads for {@code command}, as its sorted names, but help and version. */
    private static Set<List<String>> picocliOptions(String command) {
        CommandLine cl = picocli(Map.of(), command).getSubcommands().get(command);
        Set<List<String>> options = new java.util.HashSet<>();
        for (OptionSpec o : cl.getCommandSpec().options()) {
            if (!o.usageHelp() && !o.versionHelp()) {
                options.add(sorted(o.names()));
            }
        }
        return options;
    }

    private static List<String> sorted(String[] names) {
        return List.copyOf(new TreeSet<>(Arrays.asList(names)));
    }

    @Test
    void the_quick_tables_name_every_option_picocli_reads_for_each_covered_command() {
        for (String command : COVERED) {
            String[] line =
                    command.equals("send") ? new String[] {command, "--to", "bob", "hi"} : new String[] {command};
            QuickLine.Accepted accepted = quick(Map.of(), line);
            assertNotNull(accepted, command);
            Set<List<String>> quick =
                    accepted.options().stream().map(QuickLineParityTest::sorted).collect(Collectors.toSet());
            assertEquals(picocliOptions(command), quick, command + ": an option added to the command needs QuickLine");
        }
    }

    @Test
    void every_other_command_and_help_are_declined() {
        for (String[] line : List.of(
                new String[] {},
                new String[] {"server", "--in-memory"},
                new String[] {"tui"},
                new String[] {"bridge"},
                new String[] {"admin"},
                new String[] {"help", "count"},
                new String[] {"--help"},
                new String[] {"count", "--help"},
                new String[] {"count", "-h"},
                new String[] {"read", "--version"},
                new String[] {"send", "--to", "bob", "--", "-5"},
                new String[] {"send", "hi"})) {
            assertNull(quick(Map.of(), line), String.join(" ", line));
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void the_quick_path_declines_or_fills_the_command_exactly_as_picocli_does(long seed) throws Exception {
        SplittableRandom random = new SplittableRandom(seed);
        int accepted = 0;
        for (int n = 0; n < LINES_PER_SEED; n++) {
            String command = COVERED.get(random.nextInt(COVERED.size()));
            Map<String, String> env = environment(random, command);
            String[] args = line(random, command);
            if (compare(env, args)) {
                accepted++;
            }
        }
        // Not a test that passes by declining everything: most generated lines are well formed.
        assertTrue(accepted > 0, "seed " + seed + ": the quick path accepted none of " + LINES_PER_SEED + " lines");
    }

    @Test
    void the_quick_path_accepts_a_good_share_of_generated_lines() throws Exception {
        SplittableRandom random = new SplittableRandom(7);
        int accepted = 0;
        int lines = 400;
        for (int n = 0; n < lines; n++) {
            String command = COVERED.get(random.nextInt(COVERED.size()));
            if (compare(environment(random, command), line(random, command))) {
                accepted++;
            }
        }
        assertTrue(accepted > lines / 5, accepted + " of " + lines + " accepted");
    }

    @Test
    void repeated_options_last_wins_and_the_command_line_beats_the_environment() throws Exception {
        Map<String, String> env =
                Map.of("PIGEONHOLE_PORT", "4000", "PIGEONHOLE_QUIET", "no", "PIGEONHOLE_TIMEOUT", "3s");
        assertTrue(compare(env, "count", "--port", "1", "--port=2", "-q", "--timeout", "1s", "--timeout=2s"));
        CountCommand count =
                (CountCommand) quick(env, "count", "--port", "1", "--port=2").command();
        assertEquals(2, count.account.port);
        assertEquals(java.time.Duration.ofSeconds(3), count.timeout, "from the environment");
        assertTrue(compare(Map.of("PIGEONHOLE_TO", "bob"), "send", "hi"), "a required option set by a variable");
        assertTrue(compare(Map.of("PIGEONHOLE_JSON", "yes", "PIGEONHOLE_LIMIT", "3"), "read", "--all"));
    }

    /**
     * Parses {@code args} both ways and fails on any difference; returns whether the quick path accepted.
     * picocli's verdict comes first: what it rejects or answers with help, the quick path must decline.
     */
    private static boolean compare(Map<String, String> env, String... args) throws Exception {
        String what = "pigeonhole " + String.join(" ", quoted(args)) + " with " + new java.util.TreeMap<>(env);
        QuickLine.Accepted quick = quick(env, args);
        CommandLine cl = picocli(env, args);
        CommandLine.ParseResult parsed;
        try {
            parsed = cl.parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            assertNull(quick, what + ": picocli rejects it (" + e.getMessage() + "), the quick path must decline");
            return false;
        }
        CommandLine.ParseResult sub = parsed.subcommand();
        if (sub == null
                || parsed.isUsageHelpRequested()
                || parsed.isVersionHelpRequested()
                || sub.isUsageHelpRequested()
                || sub.isVersionHelpRequested()) {
            assertNull(quick, what + ": picocli answers it itself, the quick path must decline");
            return false;
        }
        if (quick == null) {
            return false;
        }
        Object expected = sub.commandSpec().userObject();
        assertEquals(expected.getClass(), quick.command().getClass(), what);
        assertSameFields(expected, quick.command(), what);
        for (OptionSpec option : sub.commandSpec().options()) {
            for (String name : option.names()) {
                if (!option.usageHelp() && !option.versionHelp()) {
                    assertEquals(sub.hasMatchedOption(name), quick.typed(name), what + ": typed " + name);
                }
            }
        }
        return true;
    }

    private static List<String> quoted(String[] args) {
        List<String> quoted = new ArrayList<>();
        for (String a : args) {
            quoted.add(a.isEmpty() || a.contains(" ") ? "'" + a + "'" : a);
        }
        return quoted;
    }

    /** Every {@code @Option} and {@code @Parameters} field of {@code expected}'s classes, and of its mixins, in turn. */
    private static void assertSameFields(Object expected, Object actual, String what) throws IllegalAccessException {
        int compared = 0;
        for (Class<?> c = expected.getClass(); c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                f.setAccessible(true);
                if (f.isAnnotationPresent(CommandLine.Mixin.class)) {
                    assertSameFields(f.get(expected), f.get(actual), what + " (" + f.getName() + ")");
                    compared++;
                } else if (f.isAnnotationPresent(CommandLine.Option.class)
                        || f.isAnnotationPresent(CommandLine.Parameters.class)) {
                    assertEquals(
                            f.get(expected), f.get(actual), what + ": field " + c.getSimpleName() + "." + f.getName());
                    compared++;
                }
            }
        }
        if (compared == 0) {
            fail(what + ": no field compared in " + expected.getClass());
        }
    }

    /** A few of the command's variables, set to values that convert or do not, or empty. */
    private static Map<String, String> environment(SplittableRandom random, String command) {
        Map<String, String> env = new HashMap<>();
        for (List<String> names : picocliOptions(command)) {
            if (random.nextInt(6) != 0) {
                continue;
            }
            String longest = OptionVariable.longest(names.toArray(new String[0]));
            List<String> values = VALUES.getOrDefault(longest, YES_NO);
            env.put(OptionVariable.of(longest), values.get(random.nextInt(values.size())));
        }
        return env;
    }

    /** {@code command} and a few of its options (each in one of its spellings), words for send, now and then a stray. */
    private static String[] line(SplittableRandom random, String command) {
        List<List<String>> options = new ArrayList<>(picocliOptions(command));
        options.sort((a, b) -> a.toString().compareTo(b.toString())); // a seed gives the same line every run
        List<String> args = new ArrayList<>(List.of(command));
        if (command.equals("send") && random.nextInt(5) != 0) {
            args.addAll(List.of("--to", "bob"));
        }
        int count = random.nextInt(5);
        for (int i = 0; i < count; i++) {
            List<String> names = options.get(random.nextInt(options.size()));
            String name = names.get(random.nextInt(names.size()));
            String longest = OptionVariable.longest(names.toArray(new String[0]));
            List<String> values = VALUES.get(longest);
            if (values == null) { // a flag
                args.add(name);
                continue;
            }
            String value = values.get(random.nextInt(values.size()));
            if (name.startsWith("--") && random.nextBoolean()) {
                args.add(name + "=" + value);
            } else {
                args.add(name);
                if (random.nextInt(20) != 0) { // now and then the value is missing
                    args.add(value);
                }
            }
        }
        if (command.equals("send")) {
            int words = random.nextInt(3);
            for (int i = 0; i < words; i++) {
                // Anywhere after the command: between an option and its value too, which changes what both read.
                args.add(1 + random.nextInt(args.size()), WORDS.get(random.nextInt(WORDS.size())));
            }
        }
        if (random.nextInt(6) == 0) {
            args.add(1 + random.nextInt(args.size()), STRAYS.get(random.nextInt(STRAYS.size())));
        }
        return args.toArray(new String[0]);
    }
}
