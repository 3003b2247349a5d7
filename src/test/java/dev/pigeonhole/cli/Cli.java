package dev.pigeonhole.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pigeonhole.client.PackagedService;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import picocli.CommandLine;

/** Runs {@code pigeonhole} in-process with captured output, a given standard input and environment. */
final class Cli {
    /** A qualified Java exception class name, which no message for a person contains. */
    private static final Pattern JAVA_CLASS = Pattern.compile("\\b[a-z]+\\.[a-z]+\\.[A-Z]\\w*(Exception|Error)\\b");

    /** The user the tests log in as, unless they say otherwise. */
    static final String USER = "me";

    /**
     * Where the tests' command lines look for the packaged service's socket: nowhere, so that a package
     * installed on the machine cannot change where a test without --host, --port or --socket connects.
     */
    static final Path NO_PACKAGED_SOCKET = Path.of("/nonexistent/pigeonhole-tests/pigeonhole.sock");

    /**
     * The home directory of every run that names none: commands that keep files by default (the archive
     * and sent store of {@code read} and {@code send}) must never write into the real user's home.
     */
    private static final Path HOME = temporaryHome();

    private Cli() {}

    private static Path temporaryHome() {
        try {
            Path home = Files.createTempDirectory("pigeonhole-cli-home");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(home)));
            return home;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // a temporary directory left behind is the system's to clean
        }
    }

    /** What one run did: its exit code and everything it printed. */
    record Result(int code, String out, String err) {
        /** The run failed with {@code code} and exactly one line on standard error, which it returns. */
        String oneErrorLine(int expectedCode) {
            assertEquals(expectedCode, code, () -> "exit code; stderr: " + err + "; stdout: " + out);
            assertTrue(
                    err.endsWith("\n") && err.indexOf('\n') == err.length() - 1,
                    () -> "exactly one line on stderr, got: [" + err + "]");
            String line = err.substring(0, err.length() - 1);
            assertEquals(TerminalText.safe(line), line, "nothing unsafe for a terminal on stderr");
            assertFalse(JAVA_CLASS.matcher(line).find() || line.contains("Exception"), () -> "in words: " + line);
            return line;
        }
    }

    static Result run(String... args) {
        return runWith("", Map.of(), args);
    }

    static Result runWithInput(String stdin, String... args) {
        return runWith(stdin, Map.of(), args);
    }

    /** Runs command {@code args[0]} with {@code args[1..]} as {@code user} against the server on {@code port}. */
    static Result runAs(int port, String user, String stdin, String... args) {
        String[] all = Stream.concat(
                        Stream.of(args[0], "--port", String.valueOf(port), "--user", user),
                        Stream.of(args).skip(1))
                .toArray(String[]::new);
        return runWith(stdin, Map.of(), all);
    }

    /** Which way a command line is read: as {@code pigeonhole} reads it, or through picocli whatever it is. */
    enum Route {
        /** {@link QuickLine} when it accepts the line, else picocli: what a user's {@code pigeonhole ARGS} does. */
        AS_MAIN,
        /** picocli always, as before the quick path existed. */
        PICOCLI
    }

    /**
     * Runs with {@code PIGEONHOLE_USER=me}, a temporary {@code HOME} unless {@code env} names a home or
     * data directory, plus {@code env}, and nothing else from the real environment.
     */
    static Result runWith(String stdin, Map<String, String> env, String... args) {
        return runWith(Route.AS_MAIN, stdin, env, args);
    }

    /** As {@link #runWith(String, Map, String...)}, reading the command line the way {@code route} says. */
    static Result runWith(Route route, String stdin, Map<String, String> env, String... args) {
        Map<String, String> environment = environment(env);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        if (route == Route.AS_MAIN) {
            int code = QuickLine.run(
                    new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                    environment,
                    PackagedService.notInstalled(NO_PACKAGED_SOCKET),
                    new PrintWriter(out, true),
                    new PrintWriter(err, true),
                    args);
            if (code != QuickLine.DECLINED) {
                return new Result(code, out.toString(), err.toString());
            }
        }
        // The command line a user's `pigeonhole ARGS` builds: for a subcommand, that subcommand alone.
        CommandLine cl = Main.commandLineFor(
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new ByteArrayOutputStream(),
                environment,
                NO_PACKAGED_SOCKET,
                args);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = Main.run(cl, args);
        return new Result(code, out.toString(), err.toString());
    }

    /** {@code env} over the tests' defaults: {@code PIGEONHOLE_USER=me} and a temporary {@code HOME}. */
    static Map<String, String> environment(Map<String, String> env) {
        Map<String, String> environment = new HashMap<>();
        environment.put("PIGEONHOLE_USER", USER);
        if (!env.containsKey("HOME") && !env.containsKey("XDG_DATA_HOME")) {
            environment.put("HOME", HOME.toString());
        }
        environment.putAll(env);
        return environment;
    }
}
