package dev.pigeonhole.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The protocol through {@code ssh -T [USER@]HOST pigeonhole bridge}: the process's standard input and
 * output are the connection, its standard error is kept (the last few KiB) to say why it ended.
 */
final class SshTransport implements Transport {
    /** How long a dead stream waits for ssh to exit and say why. */
    private static final long EXIT_WAIT_MILLIS = 2_000;
    /** Standard error kept, from the end: ssh's reason is its last line. */
    private static final int STDERR_KEPT = 8192;
    /** Words a remote shell passes through unquoted. */
    private static final Pattern SHELL_SAFE = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

    private final Process process;
    private final PumpedInput in;
    private final Thread stderrReader;
    private final String peer;
    /** What ssh wrote on standard error, trimmed from the front to {@link #STDERR_KEPT}; guarded by itself. */
    private final StringBuilder stderr = new StringBuilder();

    private volatile boolean closed;

    private SshTransport(Process process, String peer) {
        this.process = process;
        this.peer = peer;
        this.in = new PumpedInput(process.getInputStream(), "pigeonhole-ssh-reader");
        this.stderrReader = new Thread(() -> keepStderr(process.getErrorStream()), "pigeonhole-ssh-stderr");
        this.stderrReader.setDaemon(true);
        this.stderrReader.start();
    }

    static SshTransport start(Endpoint.Ssh endpoint) throws IOException {
        try {
            return new SshTransport(new ProcessBuilder(command(endpoint)).start(), endpoint.describe());
        } catch (IOException e) {
            throw new SshFailure("cannot run " + endpoint.command().get(0) + ": " + e.getMessage(), e);
        }
    }

    /** The whole command line: the ssh command, {@code -T}, the target and the remote command. */
    static List<String> command(Endpoint.Ssh endpoint) {
        List<String> remote = new ArrayList<>(List.of("pigeonhole", "bridge"));
        if (endpoint.remoteSocket() != null) {
            remote.add("--socket");
            remote.add(endpoint.remoteSocket());
        }
        return command(endpoint, remote);
    }

    /** The ssh command line running {@code remote} (words, quoted here for the remote shell) on the target. */
    static List<String> command(Endpoint.Ssh endpoint, List<String> remote) {
        List<String> command = new ArrayList<>(endpoint.command());
        command.add("-T"); // no terminal on the remote side: the bytes must pass untouched
        command.add(endpoint.target());
        // ssh hands the remote command to the remote user's shell as one string: quote what it would split.
        for (String word : remote) {
            command.add(shellQuoted(word));
        }
        return command;
    }

    static String shellQuoted(String word) {
        return SHELL_SAFE.matcher(word).matches() ? word : "'" + word.replace("'", "'\\''") + "'";
    }

    private void keepStderr(InputStream err) {
        byte[] buf = new byte[1024];
        try {
            for (int n; (n = err.read(buf)) >= 0; ) {
                synchronized (stderr) {
                    stderr.append(new String(buf, 0, n, StandardCharsets.UTF_8));
                    if (stderr.length() > STDERR_KEPT) {
                        stderr.delete(0, stderr.length() - STDERR_KEPT);
                    }
                }
            }
        } catch (IOException e) {
            // ssh is gone; what it said is kept
        }
    }

    @Override
    public OutputStream output() {
        return process.getOutputStream();
    }

    @Override
    public int read(byte[] b, int off, int len, long timeoutNanos) throws IOException {
        return in.read(b, off, len, timeoutNanos);
    }

    /**
     * ssh's reason when it failed. If ssh and the bridge ended well (status 0, nothing said), the server
     * closed the connection: the failure stays what it was. A timeout with ssh still running stays a timeout.
     */
    @Override
    public IOException explain(IOException failure) {
        if (closed || failure instanceof SshFailure) {
            return failure;
        }
        try {
            long wait = failure instanceof SocketTimeoutException ? 0 : EXIT_WAIT_MILLIS;
            if (!process.waitFor(wait, TimeUnit.MILLISECONDS)) {
                return failure;
            }
            stderrReader.join(EXIT_WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failure;
        }
        String said;
        synchronized (stderr) {
            said = lastLine(stderr.toString());
        }
        int status = process.exitValue();
        if (said == null && status == 0) {
            return failure;
        }
        return new SshFailure(said != null ? said : "exited with status " + status, failure);
    }

    /**
     * The last line that says something, without ssh's own "ssh: " prefix; the notice that a host key was
     * added to the known hosts is not a reason.
     */
    static String lastLine(String text) {
        List<String> lines = text.lines()
                .map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("Warning: Permanently added"))
                .toList();
        if (lines.isEmpty()) {
            return null;
        }
        String line = lines.get(lines.size() - 1);
        return line.startsWith("ssh: ") ? line.substring(5) : line;
    }

    @Override
    public void close() {
        closed = true;
        in.close();
        // Destroyed first: a write blocked on a full pipe in another thread then fails instead of holding us.
        process.destroy();
        try {
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // ssh is gone already
        }
    }

    @Override
    public String peer() {
        return peer;
    }
}
