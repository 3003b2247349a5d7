package dev.pigeonhole.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** The man pages, completion and license texts the build ships, checked against the command model. */
class ReferenceDocsTest {

    @Test
    void one_man_page_per_command_naming_every_option_exit_code_and_variable(@TempDir Path out) throws IOException {
        ReferenceDocs.write(out, "9.9.9", "2026-11-25");
        List<CommandSpec> commands =
                ReferenceDocs.commands(ReferenceDocs.model().getCommandSpec());
        List<String> names = new ArrayList<>();
        for (CommandSpec command : commands) {
            String page = Files.readString(out.resolve("man/man1/" + command.qualifiedName("-") + ".1"));
            names.add(command.qualifiedName("-"));
            assertTrue(
                    page.contains(
                            ".TH " + ManPage.escape(command.qualifiedName("-").toUpperCase(java.util.Locale.ROOT))),
                    page);
            assertTrue(page.contains("\"pigeonhole 9.9.9\""), "version in the header");
            for (OptionSpec option : command.options()) {
                assertTrue(page.contains("\\fB" + ManPage.escape(option.longestName()) + "\\fR"), option.longestName());
            }
            for (String code : command.usageMessage().exitCodeList().keySet()) {
                assertTrue(page.contains(".TP\n\\fB" + code.strip() + "\\fR\n"), command.name() + " exit code " + code);
            }
            for (String variable : EnvironmentDefaults.variablesOf(command)) {
                assertTrue(page.contains(ManPage.escape(variable)), variable);
            }
            // Built on any machine, the pages say the same: nothing of the builder's home or processors.
            assertTrue(!page.contains(System.getProperty("user.home") + "/"), "no home directory of the builder");
        }
        assertTrue(
                names.containsAll(List.of("pigeonhole", "pigeonhole-send", "pigeonhole-server", "pigeonhole-count")));
        String completion = Files.readString(out.resolve("bash-completion/pigeonhole"));
        assertTrue(completion.contains("complete -F _complete_pigeonhole"), "a bash completion script");
    }

    @Test
    void roff_escapes_keep_hyphens_backslashes_and_leading_dots_literal() {
        assertEquals("\\-\\-to", ManPage.escape("--to"));
        assertEquals("a\\eb", ManPage.escape("a\\b"));
        assertEquals("\\&.hidden", ManPage.escapeLine(".hidden"));
        assertEquals("one\n.br\ntwo", ManPage.escapeLine("one%ntwo"));
    }

    @Test
    void the_jar_and_the_debian_copyright_carry_the_apache_license() throws IOException {
        String license;
        try (InputStream in = ReferenceDocsTest.class.getResourceAsStream("/META-INF/LICENSE")) {
            license = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertTrue(license.contains("Apache License") && license.contains("Version 2.0, January 2004"));
        // The copyright file names the license and points to Debian's copy of its text, as Debian wants it
        // (lintian: copyright-file-contains-full-apache-2-license).
        String copyright = Files.readString(Path.of("src/deb/copyright"));
        assertTrue(copyright.contains("\nLicense: Apache-2.0\n"), copyright);
        assertTrue(copyright.contains("\"/usr/share/common-licenses/Apache-2.0\""), copyright);
        assertTrue(!copyright.contains("TERMS AND CONDITIONS"), "the license's text is not repeated");
    }
}
