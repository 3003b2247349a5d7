package dev.pigeonhole.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pigeonhole.testing.ServerFixture;
import dev.pigeonhole.testing.ServerProcess;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The server's log cannot be flooded by a client and cannot hold up service (P11, P10). */
@Timeout(120)
class LogWriterTest {
    @Test
    void a_flood_of_over_long_lines_writes_a_bounded_number_of_lines_with_the_count_P11() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        LogWriter log = new LogWriter(new PrintStream(bytes, true, StandardCharsets.UTF_8), Duration.ofMillis(500));
        int lines = 100_000;
        try (ServerFixture server = ServerFixture.start(MessageStore.IN_MEMORY, log, c -> c.maxMessage(16));
                Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port()), 5000);
            s.setSoTimeout(30_000);
            CompletableFuture<Void> send = CompletableFuture.runAsync(() -> {
                try {
                    OutputStream out = s.getOutputStream();
                    out.write("LOGIN flood\n".getBytes(StandardCharsets.US_ASCII));
                    byte[] one =
                            "COMPOSE x\nthis line is longer than sixteen bytes\n".getBytes(StandardCharsets.US_ASCII);
                    byte[] batch = new byte[one.length * 1000];
                    for (int i = 0; i < 1000; i++) {
                        System.arraycopy(one, 0, batch, i * one.length, one.length);
                    }
                    for (int i = 0; i < lines / 1000; i++) {
                        out.write(batch);
                    }
                    out.flush();
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
            });
            var in = new java.io.BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
            in.readLine();
            for (int i = 0; i < lines; i++) {
                assertEquals("MESSAGE FAILED", in.readLine());
            }
            send.get(10, TimeUnit.SECONDS);
            String summary = awaitLine(bytes, "message limit exceeded .* times by ", Duration.ofSeconds(10));
            Matcher m = Pattern.compile("exceeded ([\\d,]+) times").matcher(summary);
            assertTrue(m.find(), summary);
            long counted = Long.parseLong(m.group(1).replace(",", ""));
            List<String> about = bytes.toString(StandardCharsets.UTF_8)
                    .lines()
                    .filter(l -> l.contains("message limit"))
                    .toList();
            // The first refusal in full, then one count per window: a handful of lines, not 100,000.
            assertTrue(about.size() <= 2 + 2 * 20, about.size() + " lines: " + about);
            assertTrue(counted > 1 && counted <= lines, summary);
        }
    }

    @Test
    void a_blocked_stream_costs_lines_never_a_wait_and_the_loss_is_reported() throws Exception {
        CountDownLatch unblock = new CountDownLatch(1);
        ByteArrayOutputStream written = new ByteArrayOutputStream();
        OutputStream stuck = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public synchronized void write(byte[] b, int off, int len) {
                try {
                    unblock.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                written.write(b, off, len);
            }
        };
        LogWriter log = new LogWriter(new PrintStream(stuck, true, StandardCharsets.UTF_8));
        int events = 20_000;
        for (int i = 0; i < events; i++) {
            log.log("event " + i); // would hang here (and fail by the class timeout) if the log waited
        }
        unblock.countDown();
        String text = awaitLine(written, "log lines dropped", Duration.ofSeconds(10));
        Matcher m = Pattern.compile("([\\d,]+) log lines dropped").matcher(text);
        assertTrue(m.find(), text);
        long dropped = Long.parseLong(m.group(1).replace(",", ""));
        log.flush(Duration.ofSeconds(5));
        long kept = written.toString(StandardCharsets.UTF_8)
                .lines()
                .filter(l -> l.contains(" event "))
                .count();
        assertEquals(events, kept + dropped, "every line written or counted as dropped");
        assertTrue(kept <= LogWriter.CAPACITY + 1, "at most the buffer (and the line in hand) waited: " + kept);
    }

    /**
     * A server whose standard error is a pipe nobody reads, flooded with events to log: a client's round
     * trips stay fast, since no server thread waits for the log.
     */
    @Test
    void a_stalled_stderr_pipe_does_not_slow_clients_P10() throws Exception {
        try (ServerProcess server = ServerProcess.start(
                ServerProcess.Options.of("--in-memory", "--max-message", "16").jvm("-Xmx128m"))) {
            AtomicBoolean flooding = new AtomicBoolean(true);
            CompletableFuture<Void> flood = CompletableFuture.runAsync(() -> {
                while (flooding.get()) {
                    try (Socket s = new Socket()) {
                        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port()), 5000);
                        // Over-long lines, then a bad line: two events to log per connection.
                        s.getOutputStream()
                                .write(("LOGIN a\n" + "COMPOSE b\nmuch longer than sixteen bytes\n".repeat(50)
                                                + "bogus\n")
                                        .getBytes(StandardCharsets.US_ASCII));
                        s.getInputStream().readAllBytes();
                    } catch (IOException e) {
                        // keep flooding
                    }
                }
            });
            long worst = 0;
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port()), 5000);
                s.setSoTimeout(10_000);
                var in = new java.io.BufferedReader(
                        new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
                OutputStream out = s.getOutputStream();
                out.write("LOGIN me\n".getBytes(StandardCharsets.US_ASCII));
                in.readLine();
                long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(4);
                while (System.nanoTime() < end) {
                    long t0 = System.nanoTime();
                    out.write("COMPOSE me\nhi\nREAD\n".getBytes(StandardCharsets.US_ASCII));
                    assertEquals("MESSAGE SENT", in.readLine());
                    assertEquals("me", in.readLine());
                    assertEquals("hi", in.readLine());
                    worst = Math.max(worst, System.nanoTime() - t0);
                }
            } finally {
                flooding.set(false);
                flood.get(30, TimeUnit.SECONDS);
            }
            // Before the log had its own thread, the event loop blocked on the full pipe and this timed out.
            assertTrue(worst < TimeUnit.SECONDS.toNanos(2), "worst round trip " + worst / 1_000_000 + " ms");
        }
    }

    private static String awaitLine(ByteArrayOutputStream out, String regex, Duration timeout)
            throws InterruptedException {
        Pattern p = Pattern.compile(regex);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            String text;
            synchronized (out) {
                text = out.toString(StandardCharsets.UTF_8);
            }
            for (String l : text.lines().toList()) {
                if (p.matcher(l).find()) {
                    return l;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no line matching " + regex + " within " + timeout + ":\n" + out);
    }
}
