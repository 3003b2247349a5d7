package dev.pigeonhole.client;

import dev.pigeonhole.system.PasswordDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Is a name an account on the host whose server a client talks to? So a client can tell a person "bobb is
 * not a user on this host" before sending, where the server would answer {@code MESSAGE FAILED} (over its
 * socket it accepts only accounts as recipients).
 *
 * <ul>
 *   <li>A Unix socket: this host's password database ({@link PasswordDatabase}).
 *   <li>ssh: {@code getent passwd NAME} on the remote host, through the same ssh command and target.
 *   <li>TCP: {@link Answer#UNKNOWN}; a TCP server accepts any name, and may be on another host.
 * </ul>
 *
 * <p>Answers are kept for a minute (an account made meanwhile shows then). Thread-safe; {@link #lookup}
 * and {@link #people} block (over ssh for up to the timeout given), so call them off a UI thread.
 */
public final class HostAccounts {
    /** What the host says about a name. */
    public enum Answer {
        /** An account on the host. */
        ACCOUNT,
        /** Not an account there: the server would refuse it. */
        NOT_AN_ACCOUNT,
        /** No way to tell (TCP, or the host could not be asked). */
        UNKNOWN
    }

    private static final long KEEP_NANOS = TimeUnit.SECONDS.toNanos(60);

    private record Kept(Answer answer, long at) {}

    private final Endpoint endpoint;
    private final Duration timeout;
    private final Map<String, Kept> kept = new ConcurrentHashMap<>();

    private HostAccounts(Endpoint endpoint, Duration timeout) {
        this.endpoint = endpoint;
        this.timeout = timeout;
    }

    /**
     * The accounts of the host {@code endpoint} reaches.
     *
     * @param timeout how long asking the remote host over ssh may take
     */
    public static HostAccounts of(Endpoint endpoint, Duration timeout) {
        return new HostAccounts(Objects.requireNonNull(endpoint, "endpoint"), Objects.requireNonNull(timeout));
    }

    /** Whether {@code name} is an account on the host; {@link Answer#UNKNOWN} over TCP or when asking failed. */
    public Answer lookup(String name) {
        if (endpoint instanceof Endpoint.Tcp) {
            return Answer.UNKNOWN;
        }
        if (!PasswordDatabase.plausible(name)) {
            return Answer.NOT_AN_ACCOUNT;
        }
        long now = System.nanoTime();
        Kept k = kept.get(name);
        if (k != null && now - k.at() < KEEP_NANOS) {
            return k.answer();
        }
        Answer answer = endpoint instanceof Endpoint.Ssh ssh ? remote(ssh, name) : local(name);
        if (answer != Answer.UNKNOWN) {
            kept.put(name, new Kept(answer, now));
        }
        return answer;
    }

    /**
     * The names of people on the host (uid 1000-60000 with a login shell), sorted, for completion; empty over
     * TCP or when the host could not be asked.
     */
    public List<String> people() {
        if (endpoint instanceof Endpoint.Tcp) {
            return List.of();
        }
        if (endpoint instanceof Endpoint.Ssh ssh) {
            Result r = run(ssh, List.of("getent", "passwd"));
            return r != null && r.exit() == 0
                    ? PasswordDatabase.people(r.out().lines().toList())
                    : List.of();
        }
        return PasswordDatabase.people();
    }

    private static Answer local(String name) {
        try {
            return PasswordDatabase.isAccount(name) ? Answer.ACCOUNT : Answer.NOT_AN_ACCOUNT;
        } catch (IOException e) {
            return Answer.UNKNOWN;
        }
    }

    private Answer remote(Endpoint.Ssh ssh, String name) {
        Result r = run(ssh, List.of("getent", "passwd", name));
        if (r == null) {
            return Answer.UNKNOWN;
        }
        // getent: 0 found, 2 "one or more keys not found"; anything else (255 from ssh, 127 no getent) says nothing.
        if (r.exit() == 0 && r.out().startsWith(name + ":")) {
            return Answer.ACCOUNT;
        }
        return r.exit() == 2 ? Answer.NOT_AN_ACCOUNT : Answer.UNKNOWN;
    }

    private record Result(int exit, String out) {}

    /** Runs {@code remote} on the ssh target within the timeout; null if it could not run or took too long. */
    private Result run(Endpoint.Ssh ssh, List<String> remote) {
        Process p;
        try {
            p = new ProcessBuilder(SshTransport.command(ssh, remote))
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
        } catch (IOException e) {
            return null;
        }
        try {
            PumpedOutput out = new PumpedOutput(p.getInputStream());
            if (!p.waitFor(Deadlines.nanos(timeout), TimeUnit.NANOSECONDS)) {
                p.destroyForcibly();
                return null;
            }
            out.thread.join(TimeUnit.NANOSECONDS.toMillis(Deadlines.nanos(timeout)) + 1);
            return new Result(p.exitValue(), out.text());
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** A process's output read on a thread of its own, so a full pipe never holds the process (at most 4 MiB kept). */
    private static final class PumpedOutput {
        private static final int MAX = 4 << 20;
        /** Guarded by {@code this}. */
        private final StringBuilder text = new StringBuilder();

        final Thread thread;

        PumpedOutput(InputStream in) {
            thread = new Thread(() -> pump(in), "pigeonhole-getent");
            thread.setDaemon(true);
            thread.start();
        }

        private void pump(InputStream in) {
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            try (in) {
                for (int n; (n = in.read(buf)) >= 0; ) {
                    bytes.write(buf, 0, Math.max(0, Math.min(n, MAX - bytes.size())));
                }
            } catch (IOException ignored) {
                // What came before the failure is all there is.
            }
            synchronized (this) {
                text.append(bytes.toString(StandardCharsets.UTF_8));
            }
        }

        synchronized String text() {
            return text.toString();
        }
    }
}
