package dev.pigeonhole.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PIGEONHOLE_SSH_COMMAND runs through {@code sh -c}, as git runs GIT_SSH_COMMAND: the shell expands
 * {@code ~} and honours quotes in the variable, and the arguments appended to it arrive untouched. A
 * stand-in for ssh ({@code printf}) prints each argument it receives in brackets.
 */
class SshCommandTest {
    @TempDir
    Path home;

    @Test
    void unset_or_blank_means_plain_ssh() {
        assertEquals(List.of("ssh"), SshCommand.of(null));
        assertEquals(List.of("ssh"), SshCommand.of("  "));
    }

    @Test
    void tilde_is_expanded_and_quoted_words_stay_whole() throws Exception {
        List<String> args = run("printf '[%s]\\n' -i ~/.ssh/key -o 'ProxyCommand=nc %h %p' \"my file\"", "-T");
        assertEquals(
                List.of("[-i]", "[" + home + "/.ssh/key]", "[-o]", "[ProxyCommand=nc %h %p]", "[my file]", "[-T]"),
                args);
    }

    @Test
    void appended_arguments_are_never_split_or_expanded_again() throws Exception {
        List<String> args = run("printf '[%s]\\n'", "user@host", "pigeonhole bridge --socket '/a b'", "~", "$HOME");
        assertEquals(List.of("[user@host]", "[pigeonhole bridge --socket '/a b']", "[~]", "[$HOME]"), args);
    }

    /** Runs {@code command} as PIGEONHOLE_SSH_COMMAND with {@code appended} after it, HOME at the temp dir. */
    private List<String> run(String command, String... appended) throws IOException, InterruptedException {
        assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "needs /bin/sh, as git does for GIT_SSH_COMMAND");
        List<String> argv = new ArrayList<>(SshCommand.of(command));
        argv.addAll(List.of(appended));
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
        pb.environment().put("HOME", home.toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(10, TimeUnit.SECONDS), "the shell finished");
        assertEquals(0, p.exitValue(), out);
        return out.lines().toList();
    }
}
