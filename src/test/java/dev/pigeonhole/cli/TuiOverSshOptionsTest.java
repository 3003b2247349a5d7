package dev.pigeonhole.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pigeonhole.client.Endpoint;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The terminal client's ssh never prompts on the screen it draws: batch mode, unless the user's command says otherwise. */
class TuiOverSshOptionsTest {
    @Test
    void ssh_runs_in_batch_mode_after_the_users_own_options() {
        Endpoint.Ssh ssh = new Endpoint.Ssh("bob@box", "/s", List.of("ssh", "-o", "BatchMode=no"));
        assertEquals(
                new Endpoint.Ssh("bob@box", "/s", List.of("ssh", "-o", "BatchMode=no", "-o", "BatchMode=yes")),
                TuiCommand.screenSafe(ssh),
                "for ssh the first value given wins: the user's");
    }

    @Test
    void other_transports_are_unchanged() {
        Endpoint tcp = new Endpoint.Tcp("h", 1);
        Endpoint unix = new Endpoint.UnixSocket(Path.of("/s"));
        assertEquals(tcp, TuiCommand.screenSafe(tcp));
        assertEquals(unix, TuiCommand.screenSafe(unix));
    }
}
