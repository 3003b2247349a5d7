package dev.pigeonhole.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A second JVM running a test class's {@code main}, with this test's class path: for what only a
 * separate process can show (a kill -9, a file lock between processes). Standard error is merged into
 * standard output, which the test reads line by line. Always closed by the test: {@link #close} kills it.
 */
public final class ChildJvm implements AutoCloseable {
    private final Process process;
    private final BufferedReader out;

    private ChildJvm(Process process) {
        this.process = process;
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    public static ChildJvm start(Class<?> main, String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m",
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-cp",
                System.getProperty("java.class.path"),
                main.getName()));
        command.addAll(List.of(args));
        try {
            return new ChildJvm(
                    new ProcessBuilder(command).redirectErrorStream(true).start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The next line the child printed, or {@code null} once it has exited; blocks until one comes. */
    public String readLine() throws IOException {
        return out.readLine();
    }

    /** Sends a line to the child's standard input. */
    public void send(String line) throws IOException {
        process.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().flush();
    }

    public Process process() {
        return process;
    }

    /** Everything the child prints from here until it exits, unsplit (the last line may lack its LF). */
    public String readRest() throws IOException {
        StringBuilder rest = new StringBuilder();
        char[] buf = new char[8192];
        for (int n; (n = out.read(buf)) >= 0; ) {
            rest.append(buf, 0, n);
        }
        return rest.toString();
    }

    /**
     * SIGKILL on Unix: no shutdown hook, no finally block, no buffer flush runs in the child. Sent through
     * the process handle, which unlike {@link Process#destroyForcibly} leaves the pipes open, so what the
     * child printed before it died can still be read.
     */
    public void killHard() throws InterruptedException {
        process.toHandle().destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** Waits for the child to exit on its own and returns its exit code; fails past {@code timeout}. */
    public int waitFor(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("child JVM did not finish within " + timeout);
        }
        return process.exitValue();
    }

    /** Kills the child if it still runs, and waits (bounded) for it to be gone. */
    @Override
    public void close() {
        if (process.isAlive()) {
            try {
                killHard();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
