package dev.pigeonhole.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What {@code --help} and {@code --version} of each client command tell a person. */
class HelpTextTest {

    @ParameterizedTest(name = "{0} -V prints the version")
    @ValueSource(strings = {"send", "read", "count", "inbox"})
    void every_command_answers_version_with_the_version(String command) {
        Cli.Result r = Cli.run(command, "-V");
        assertEquals(0, r.code());
        assertTrue(r.out().startsWith("pigeonhole "), "stdout: [" + r.out() + "]");
    }
}
