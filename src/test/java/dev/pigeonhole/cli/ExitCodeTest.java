package dev.pigeonhole.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** The exit codes README.md documents ("Exit codes"), where they are decided outside any one command. */
class ExitCodeTest {
    @Test
    void an_exception_no_command_handled_is_one_safe_line_and_exit_code_1() {
        StringWriter err = new StringWriter();
        int code = ExitCode.unexpected(
                new PrintWriter(err), "pigeonhole read", new IllegalStateException("boom \u001b[2J\nsecond line"));
        assertEquals(ExitCode.FAILURE, code, "something may have been sent: not a usage error");
        String text = err.toString();
        assertEquals(1, text.lines().count(), text);
        assertTrue(text.startsWith("pigeonhole read: unexpected error (a bug; please report it): "), text);
        assertTrue(text.contains("boom"), text);
        assertFalse(text.contains("\u001b"), "no terminal control from an exception's message: " + text);
    }

    @Test
    void success_whose_output_was_lost_is_a_failure_said_on_stderr() {
        StringWriter err = new StringWriter();
        PrintWriter broken = new PrintWriter(new java.io.Writer() {
            @Override
            public void write(char[] buf, int off, int len) throws java.io.IOException {
                throw new java.io.IOException("No space left on device");
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        });
        broken.print("3 messages");
        assertEquals(ExitCode.FAILURE, ExitCode.checkingOutput(ExitCode.OK, broken, new PrintWriter(err)));
        assertEquals(
                "pigeonhole: cannot write to standard output", err.toString().strip());
        assertEquals(
                ExitCode.MESSAGE_FAILED,
                ExitCode.checkingOutput(ExitCode.MESSAGE_FAILED, broken, new PrintWriter(new StringWriter())),
                "a failure already decided stays the code it was");
    }
}
