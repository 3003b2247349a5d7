package dev.pigeonhole.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.pigeonhole.protocol.InvalidInputException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** PIGEONHOLE_SSH_COMMAND is split into words as a shell splits a simple command, as git does GIT_SSH_COMMAND. */
class SshCommandTest {
    static Stream<Arguments> commands() {
        return Stream.of(
                Arguments.of("ssh -p 2222 -i key", List.of("ssh", "-p", "2222", "-i", "key")),
                Arguments.of("  ssh\t-v  ", List.of("ssh", "-v")),
                Arguments.of("ssh -i '/keys/my key'", List.of("ssh", "-i", "/keys/my key")),
                Arguments.of("ssh -i \"/keys/my \\\"key\\\"\"", List.of("ssh", "-i", "/keys/my \"key\"")),
                Arguments.of("ssh -i /keys/my\\ key", List.of("ssh", "-i", "/keys/my key")),
                Arguments.of("ssh -o 'ProxyCommand=nc %h %p'", List.of("ssh", "-o", "ProxyCommand=nc %h %p")),
                Arguments.of("ssh -o\"User\"=bob''", List.of("ssh", "-oUser=bob")),
                Arguments.of("ssh -i '$HOME/key' \"$x\"", List.of("ssh", "-i", "$HOME/key", "$x")));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("commands")
    void splits_like_a_shell_without_expanding_anything(String command, List<String> words) {
        assertEquals(words, SshCommand.split(command));
    }

    @Test
    void unset_or_blank_means_plain_ssh() {
        assertEquals(List.of("ssh"), SshCommand.split(null));
        assertEquals(List.of("ssh"), SshCommand.split("  "));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ssh -i 'key", "ssh -i \"key", "ssh \\"})
    void an_unterminated_quote_is_a_usage_error(String command) {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> SshCommand.split(command));
        assertEquals(true, e.getMessage().startsWith("PIGEONHOLE_SSH_COMMAND "), e.getMessage());
    }
}
