package dev.pigeonhole.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pigeonhole.tui.KeyReference;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every man page the build writes, rendered as a reader sees it: {@code man -l} (man-db) at 80 columns, with
 * groff's warnings on. No warning, no roff left in the text, no line past column 80, every section a page
 * should have, and the tui page's keys from the table the client's F1 help is drawn from.
 */
class ManPageRenderingTest {
    private static final List<String> SECTIONS = List.of(
            "NAME",
            "SYNOPSIS",
            "DESCRIPTION",
            "OPTIONS",
            "EXIT STATUS",
            "ENVIRONMENT",
            "FILES",
            "EXAMPLES",
            "SEE ALSO");

    /** Roff that escaped into the text: a font change, an escaped hyphen or backslash, a request. */
    private static final Pattern STRAY_ROFF =
            Pattern.compile("\\\\f[BIRP]|\\\\-|\\\\e|\\\\&|(?m)^\\s*\\.[A-Za-z]{1,2}\\b");

    @TempDir
    static Path out;

    @BeforeAll
    static void write() throws IOException {
        ReferenceDocs.write(out, "9.9.9", "2026-11-25");
    }

    record Rendered(String text, String warnings) {}

    private static Rendered render(Path page) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("man", "--warnings=all", "-l", page.toString());
        pb.environment().put("MANWIDTH", "80");
        pb.environment().put("MAN_KEEP_FORMATTING", "");
        pb.environment().put("LC_ALL", "C.UTF-8");
        pb.environment().remove("MANPAGER");
        pb.environment().put("PAGER", "cat");
        Path err = out.resolve("man.err");
        Process p = pb.redirectError(err.toFile()).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "man finished");
        assertEquals(0, p.exitValue(), Files.readString(err));
        // Without a terminal man-db renders overstrikes for bold (X\bX): take them out as col -b would.
        return new Rendered(text.replaceAll(".\b", ""), Files.readString(err));
    }

    private static List<Path> pages() throws IOException {
        try (var files = Files.list(out.resolve("man/man1"))) {
            return files.sorted().toList();
        }
    }

    @Test
    void every_page_renders_without_warnings_stray_roff_or_lines_past_80_columns() throws Exception {
        assumeTrue(onPath("man"), "needs man (man-db) to render the pages; .ci/run installs it");
        List<String> problems = new ArrayList<>();
        for (Path page : pages()) {
            Rendered r = render(page);
            if (!r.warnings().isBlank()) {
                problems.add(page.getFileName() + ": " + r.warnings().strip());
            }
            var stray = STRAY_ROFF.matcher(r.text());
            if (stray.find()) {
                problems.add(page.getFileName() + ": stray roff '" + stray.group() + "'");
            }
            for (String line : r.text().lines().toList()) {
                if (line.length() > 80) {
                    problems.add(page.getFileName() + ": " + line.length() + " columns: " + line);
                }
            }
            for (String section : SECTIONS) {
                if (!r.text().contains("\n" + section + "\n")) {
                    problems.add(page.getFileName() + ": no " + section);
                }
            }
            assertFalse(r.text().contains("there.\n\n"), "no dangling 'there.' in " + page.getFileName());
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void the_header_carries_the_release_date_not_the_clock() throws IOException {
        for (Path page : pages()) {
            String roff = Files.readString(page);
            assertTrue(
                    roff.contains(" 1 \"2026\\-11\\-25\" \"pigeonhole 9.9.9\""),
                    page + ": " + roff.lines().limit(3).toList());
        }
        assertEquals(
                "2026-11-25", ReferenceDocs.releaseDate("# Changelog\n\n## [Unreleased]\n\n## [0.1.0] - 2026-11-25\n"));
    }

    @Test
    void the_tui_page_lists_every_key_of_the_clients_table() throws Exception {
        assumeTrue(onPath("man"), "needs man (man-db) to render the pages; .ci/run installs it");
        String text = render(out.resolve("man/man1/pigeonhole-tui.1")).text();
        assertTrue(text.contains("\nKEYS\n"), text);
        for (String[] row : KeyReference.rows()) {
            assertTrue(text.contains(row[0]), "key " + row[0]);
        }
    }

    @Test
    void the_server_page_has_its_exit_status_and_no_page_lists_bench() throws IOException {
        String server = Files.readString(out.resolve("man/man1/pigeonhole-server.1"));
        assertTrue(server.contains(".SH EXIT STATUS\n") && server.contains("\\fB70\\fR"), server);
        assertFalse(Files.exists(out.resolve("man/man1/pigeonhole-bench.1")));
        for (Path page : pages()) {
            assertFalse(Files.readString(page).contains("bench"), page.toString());
        }
        assertFalse(Files.readString(out.resolve("bash-completion/pigeonhole")).contains("bench"));
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }
}
