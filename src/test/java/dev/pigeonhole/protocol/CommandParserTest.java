package dev.pigeonhole.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CommandParserTest {

    @Test
    void parses_the_four_commands_P5_to_P9() throws ProtocolException {
        assertEquals(new Command.Login("bob"), CommandParser.parse("LOGIN bob"));
        assertEquals(new Command.Compose("alice"), CommandParser.parse("COMPOSE alice"));
        assertSame(Command.READ, CommandParser.parse("READ"));
        assertSame(Command.EXIT, CommandParser.parse("EXIT"));
    }

    @Test
    void formats_what_it_parses() throws ProtocolException {
        for (String line : new String[] {"LOGIN bob", "COMPOSE a", "READ", "EXIT"}) {
            assertEquals(line, CommandParser.parse(line).line());
        }
    }

    @ParameterizedTest(name = "P10 rejects [{0}]")
    @ValueSource(
            strings = {
                "read",
                "Read",
                "LOGIN",
                "LOGIN ",
                "LOGIN my username contains the space character",
                "COMPOSE a b",
                "COMPOSE",
                "READ now",
                "EXIT x",
                "HELLO",
                "",
                " READ",
                "READ ",
                "LOGIN  bob"
            })
    void rejects_every_other_line_P10(String line) {
        assertThrows(ProtocolException.class, () -> CommandParser.parse(line));
    }

    @Test
    void rejects_control_and_non_ascii_bytes_naming_rule_P2() {
        ProtocolException cr = assertThrows(ProtocolException.class, () -> CommandParser.parse("READ\r"));
        assertEquals("P2", cr.rule());
        assertEquals("READ\\r", cr.excerpt());
        byte[] nul = {'R', 'E', 0, 'D'};
        assertEquals(
                "P2",
                assertThrows(ProtocolException.class, () -> CommandParser.parse(nul, 0, nul.length))
                        .rule());
        byte[] high = {'L', 'O', 'G', 'I', 'N', ' ', (byte) 0xC3, (byte) 0xA9};
        assertEquals(
                "P2",
                assertThrows(ProtocolException.class, () -> CommandParser.parse(high, 0, high.length))
                        .rule());
    }

    @Test
    void an_error_names_rule_problem_and_excerpt_separately_even_when_the_line_holds_a_bracket_P10() {
        ProtocolException e = assertThrows(ProtocolException.class, () -> CommandParser.parse("LOGIN a [b"));
        assertEquals("P3", e.rule());
        assertEquals("user name contains a space", e.problem());
        assertEquals("LOGIN a [b", e.excerpt());
        assertEquals("P3: user name contains a space [LOGIN a [b]", e.getMessage());
    }

    @Test
    void a_line_longer_than_any_command_is_an_error_P11() {
        assertEquals(72, Limits.MAX_COMMAND_LINE);
        assertEquals(new Command.Compose("x".repeat(64)), assertDoesNotThrow("COMPOSE " + "x".repeat(64)));
        ProtocolException e =
                assertThrows(ProtocolException.class, () -> CommandParser.parse("COMPOSE " + "x".repeat(65)));
        assertEquals("P11", e.rule());
        assertTrue(e.excerpt().length() <= 83, e.excerpt());
    }

    private static Command assertDoesNotThrow(String line) {
        try {
            return CommandParser.parse(line);
        } catch (ProtocolException e) {
            throw new AssertionError(e);
        }
    }
}
