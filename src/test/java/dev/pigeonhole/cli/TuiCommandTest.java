package dev.pigeonhole.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pigeonhole.tui.TerminalApp;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code pigeonhole tui} and plain {@code pigeonhole} without a terminal (as under Maven). */
class TuiCommandTest {
    private record Run(int code, String out, String err) {}

    private static Run run(String... args) {
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void tui_without_a_terminal_says_so_in_one_line_and_exits_2() {
        Run r = run("tui");
        assertEquals(ExitCode.USAGE, r.code());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith("pigeonhole tui: not a terminal;"), r.err());
        assertTrue(r.err().contains("pigeonhole send") && r.err().contains("pigeonhole read"), r.err());
    }

    @Test
    void plain_pigeonhole_without_a_terminal_prints_the_usage_and_exits_2() {
        Run r = run();
        assertEquals(ExitCode.USAGE, r.code());
        assertTrue(r.err().startsWith("Usage: pigeonhole"), r.err());
        assertTrue(r.err().contains("tui"), "the usage lists the tui command:\n" + r.err());
        assertTrue(r.err().strip().endsWith("pigeonhole: a command is required (see 'pigeonhole --help')"), r.err());
    }

    @Test
    void a_dumb_or_missing_TERM_means_no_full_screen_ui() {
        assertEquals("not a terminal", TerminalApp.whyNoTerminal(false, "xterm-256color"));
        assertEquals("TERM is dumb", TerminalApp.whyNoTerminal(true, "dumb"));
        assertEquals("TERM is unset", TerminalApp.whyNoTerminal(true, null));
        assertNull(TerminalApp.whyNoTerminal(true, "tmux-256color"));
    }
}
