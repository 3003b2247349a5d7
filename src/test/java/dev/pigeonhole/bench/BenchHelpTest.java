package dev.pigeonhole.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The help and the option sources of {@code pigeonhole-bench}, the load generator's own command. */
class BenchHelpTest {
    @Test
    void help_names_its_variables_and_wraps_no_workload_to_column_0() {
        CommandLine cl = BenchCommand.commandLine(Map.of("PIGEONHOLE_PORT", "5000"));
        StringWriter out = new StringWriter();
        cl.setOut(new PrintWriter(out));
        PrintStream saved = System.err;
        ByteArrayOutputStream traced = new ByteArrayOutputStream();
        System.setErr(new PrintStream(traced, true, StandardCharsets.UTF_8));
        try {
            assertEquals(0, cl.execute("--help"));
        } finally {
            System.setErr(saved);
        }
        String help = out.toString();
        assertTrue(help.startsWith("Usage: pigeonhole-bench "), help);
        assertTrue(help.contains("PIGEONHOLE_PORT"), help);
        assertTrue(help.contains("Server port (default: 5000, or 6379 with --redis)"), help);
        assertTrue(help.contains("--connections=N"), "one label style: " + help);
        assertTrue(!help.contains("<connections>") && !help.contains("\n(counts"), help);
        assertEquals("", traced.toString(StandardCharsets.UTF_8), "picocli's tracer (System.err)");
    }

    @Test
    void with_redis_the_exported_pigeonhole_host_and_port_are_ignored() {
        Map<String, String> env = Map.of("PIGEONHOLE_PORT", "5000", "PIGEONHOLE_HOST", "127.0.0.9");
        BenchCommand pigeonhole = parsed(env);
        assertEquals(5000, pigeonhole.port());
        assertEquals("127.0.0.9", pigeonhole.host());
        BenchCommand redis = parsed(env, "--redis");
        assertEquals(6379, redis.port(), "the exported port names the Pigeonhole server");
        assertEquals("127.0.0.1", redis.host());
        BenchCommand given = parsed(env, "--redis", "--port", "6400", "--host", "::1");
        assertEquals(6400, given.port());
        assertEquals("::1", given.host());
    }

    private static BenchCommand parsed(Map<String, String> env, String... args) {
        CommandLine cl = BenchCommand.commandLine(env);
        cl.parseArgs(args);
        return cl.getCommand();
    }
}
