package dev.pigeonhole.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code pigeonhole server} in a child JVM, as an operator runs it: for what only a separate process can
 * show (its heap limit, its exit code, its umask, a standard error nobody reads). Started with
 * {@code --port 0}; {@link #port()} is the port it printed. Always closed by the test: {@link #close} kills it.
 */
public final class ServerProcess implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final Process process;
    private final int port;
    private final BufferedReader stdout;

    private ServerProcess(Process process, int port, BufferedReader stdout) {
        this.process = process;
        this.port = port;
        this.stdout = stdout;
    }

    /** How the child is started. {@code stderr} null leaves standard error on a pipe that nobody reads. */
    public record Options(List<String> jvm, List<String> serverArgs, Path stderr, String umask) {
        public static Options of(String... serverArgs) {
            return new Options(List.of(), List.of(serverArgs), null, null);
        }

        public Options jvm(String... options) {
            return new Options(List.of(options), serverArgs, stderr, umask);
        }

        public Options stderrTo(Path file) {
            return new Options(jvm, serverArgs, file, umask);
        }

        /** Runs the JVM through {@code sh -c 'umask U; exec java ...'}. */
        public Options umask(String u) {
            return new Options(jvm, serverArgs, stderr, u);
        }
    }

    public static ServerProcess start(Options o) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-XX:TieredStopAtLevel=1");
        command.addAll(o.jvm());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.pigeonhole.cli.Main", "server"));
        command.addAll(List.of("--port", "0"));
        command.addAll(o.serverArgs());
        if (o.umask() != null) {
            List<String> quoted = new ArrayList<>();
            for (String a : command) {
                quoted.add("'" + a.replace("'", "'\\''") + "'");
            }
            command = List.of("sh", "-c", "umask " + o.umask() + "; exec " + String.join(" ", quoted));
        }
        ProcessBuilder pb = new ProcessBuilder(command);
        if (o.stderr() != null) {
            pb.redirectError(o.stderr().toFile());
        }
        Process p = pb.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII));
        String line = firstLine(out, START_TIMEOUT);
        if (line == null || !line.startsWith("pigeonhole listening on ")) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            String err = o.stderr() != null && Files.exists(o.stderr()) ? Files.readString(o.stderr()) : "";
            throw new AssertionError("server did not start (" + line + "): " + err);
        }
        return new ServerProcess(p, Integer.parseInt(line.substring(line.lastIndexOf(':') + 1)), out);
    }

    public int port() {
        return port;
    }

    public Process process() {
        return process;
    }

    /** SIGTERM, then the exit code; fails if it does not stop within {@code timeout}. */
    public int stop(Duration timeout) throws InterruptedException {
        process.destroy();
        return waitFor(timeout);
    }

    /** Waits for the child to exit on its own; fails past {@code timeout}. */
    public int waitFor(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("server process still running after " + timeout);
        }
        return process.exitValue();
    }

    /** What is left on standard output. */
    public BufferedReader stdout() {
        return stdout;
    }

    /** The next line of a server's standard output, or null if none comes within {@code timeout}. */
    public static String firstLine(BufferedReader out, Duration timeout) {
        try {
            return CompletableFuture.supplyAsync(() -> {
                        try {
                            return out.readLine();
                        } catch (IOException e) {
                            return null;
                        }
                    })
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            return null;
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            try {
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
