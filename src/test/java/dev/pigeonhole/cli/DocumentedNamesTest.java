package dev.pigeonhole.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The names README.md and src/docs quote for someone reading {@code jstack} or the server's log are the ones
 * the code uses: a thread renamed in the code (or a log line reworded) without the docs fails here, as
 * {@code pigeonhole-selector-1} once stayed in README after the thread became {@code pigeonhole-loop-N}.
 */
class DocumentedNamesTest {
    private static final Pattern NAME = Pattern.compile("pigeonhole-[a-z][a-z0-9]*(?:-[a-z0-9]+|-N)*");
    private static final Pattern LITERAL = Pattern.compile("\"((?:[^\"\\\\\\n]|\\\\.)*)\"");
    /** A line of README's sample log: a UTC timestamp, then the event. */
    private static final Pattern LOG_LINE = Pattern.compile("^\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z (.*)$");

    @Test
    void every_pigeonhole_name_in_the_docs_is_a_thread_a_command_or_a_packaged_name_of_the_code() {
        Set<String> literals = literals(Path.of("src/main/java"));
        String packaging = read(Path.of("pom.xml")) + String.join("\n", texts(Path.of("src/deb")));
        Set<String> names = new LinkedHashSet<>();
        for (String doc : docs()) {
            Matcher m = NAME.matcher(doc);
            while (m.find()) {
                names.add(m.group());
            }
        }
        assertTrue(names.contains("pigeonhole-loop-N"), "the check sees the docs' names: " + names);
        List<String> unknown = new ArrayList<>();
        for (String name : names) {
            // pigeonhole-loop-N, pigeonhole-loop-1: a numbered thread, named by its prefix in the code.
            String numbered = name.matches(".*-(N|\\d+)") ? name.substring(0, name.lastIndexOf('-') + 1) : null;
            boolean known = numbered != null
                    ? literals.contains(numbered)
                    : literals.contains(name)
                            || Main.subcommandNamed(name.substring("pigeonhole-".length())) != null // man page
                            || packaging.contains(name);
            if (!known) {
                unknown.add(name);
            }
        }
        assertTrue(unknown.isEmpty(), "named in the docs but by nothing in the code: " + unknown);
    }

    @Test
    void every_line_of_the_sample_server_log_begins_as_a_line_the_server_writes() {
        Set<String> literals = literals(Path.of("src/main/java/dev/pigeonhole/server"));
        List<String> unknown = new ArrayList<>();
        int lines = 0;
        for (String line : read(Path.of("README.md")).split("\n")) {
            Matcher m = LOG_LINE.matcher(line);
            if (!m.matches()) {
                continue;
            }
            lines++;
            // The event begins with the fixed words of one of the server's strings ("idle timeout (", "stopped").
            String event = m.group(1);
            if (literals.stream().noneMatch(l -> l.strip().length() >= 5 && event.startsWith(l))) {
                unknown.add(event);
            }
        }
        assertTrue(lines >= 5, "README's sample log was found: " + lines + " lines");
        assertTrue(unknown.isEmpty(), "README's sample log has lines the server never writes: " + unknown);
    }

    private static List<String> docs() {
        List<String> docs = new ArrayList<>(texts(Path.of("src/docs")));
        docs.add(read(Path.of("README.md")));
        return docs;
    }

    private static Set<String> literals(Path root) {
        Set<String> literals = new LinkedHashSet<>();
        for (String source : texts(root)) {
            Matcher m = LITERAL.matcher(source);
            while (m.find()) {
                literals.add(m.group(1));
            }
        }
        return literals;
    }

    private static List<String> texts(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile)
                    .map(DocumentedNamesTest::read)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
