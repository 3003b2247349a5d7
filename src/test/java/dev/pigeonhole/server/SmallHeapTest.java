package dev.pigeonhole.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pigeonhole.testing.ChildJvm;
import dev.pigeonhole.testing.ServerProcess;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hostile local user against a server with a small heap (a child JVM with {@code -Xmx64m}): the memory
 * budget refuses messages before the heap is at risk, the server never hangs, a journal it filled loads
 * again on the same heap, and names that store nothing cost nothing once drained (P7).
 */
@Timeout(180)
class SmallHeapTest {
    private static final Duration STOP = Duration.ofSeconds(20);

    @TempDir
    Path tmp;

    @Test
    void one_million_distinct_recipients_get_MESSAGE_FAILED_and_the_server_keeps_serving_P7() throws Exception {
        Path stderr = tmp.resolve("stderr");
        try (ServerProcess server = ServerProcess.start(
                ServerProcess.Options.of("--in-memory").jvm("-Xmx64m").stderrTo(stderr))) {
            Counts c = flood(server.port(), 4, 250_000, "r", Duration.ofSeconds(90));
            assertEquals(1_000_000, c.sent + c.failed, "every COMPOSE answered");
            assertTrue(c.failed > 0, "the budget refused some: " + c);
            assertTrue(c.sent > 10_000, "and accepted many before: " + c);
            assertTrue(answersLogin(server.port()), "a new client is still served");
            assertEquals(0, server.stop(STOP), "stopped by SIGTERM, not by an error");
        }
        String log = Files.readString(stderr);
        assertTrue(log.contains("memory budget full"), log);
        assertTrue(!log.contains("OutOfMemoryError"), log);
    }

    /**
     * The journal a server filled to its budget loads again on the same heap: recovery must fit with what
     * the budget leaves free.
     */
    @Test
    void a_journal_filled_to_the_budget_is_recovered_on_the_same_heap() throws Exception {
        Path data = tmp.resolve("data");
        Path stderr = tmp.resolve("stderr");
        ServerProcess.Options o = ServerProcess.Options.of(
                        "--data-dir", data.toString(), "--fsync", "never", "--pool-size", "8")
                .jvm("-Xmx64m")
                .stderrTo(stderr);
        Counts c;
        try (ServerProcess server = ServerProcess.start(o)) {
            c = flood(server.port(), 8, 40_000, "q", Duration.ofSeconds(90));
            assertTrue(c.failed > 0, "filled to the budget: " + c);
            assertEquals(0, server.stop(STOP));
        }
        Path again = tmp.resolve("stderr2");
        try (ServerProcess server = ServerProcess.start(o.stderrTo(again))) {
            assertEquals(0, server.stop(STOP));
        }
        String log = Files.readString(again);
        assertTrue(log.contains(c.sent + " messages recovered"), c + "\n" + log);
    }

    /**
     * Sessions that store nothing in the end (LOGIN xN, COMPOSE xN, READ, EXIT) for distinct names: once
     * drained, the heap is back near where it started, since empty mailboxes are freed.
     */
    @Test
    void store_nothing_churn_of_distinct_names_leaves_the_heap_where_it_was() throws Exception {
        try (ChildJvm child = ChildJvm.start(HeapReportingServer.class)) {
            int port = Integer.parseInt(child.readLine());
            long before = heap(child);
            List<CompletableFuture<Void>> runs = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int id = t;
                runs.add(CompletableFuture.runAsync(() -> churn(port, id, 15_000)));
            }
            for (CompletableFuture<Void> r : runs) {
                r.get(120, TimeUnit.SECONDS);
            }
            long after = heap(child);
            // Before empty mailboxes were freed, 60,000 names kept about 20 MB.
            assertTrue(after - before < 3 << 20, "heap grew from " + before + " to " + after + " bytes");
        }
    }

    private static long heap(ChildJvm child) throws IOException {
        child.send("heap");
        return Long.parseLong(child.readLine());
    }

    private static void churn(int port, int id, int sessions) {
        for (int i = 0; i < sessions; i++) {
            String name = "x" + id + "n" + i;
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
                s.setSoTimeout(10_000);
                OutputStream out = s.getOutputStream();
                out.write(("LOGIN " + name + "\nCOMPOSE " + name + "\nhi\nREAD\nEXIT\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                BufferedReader in =
                        new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
                while (in.readLine() != null) {
                    // until the server closes after EXIT
                }
            } catch (IOException e) {
                throw new AssertionError("session " + name, e);
            }
        }
    }

    private static boolean answersLogin(int port) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
            s.setSoTimeout(5000);
            s.getOutputStream().write("LOGIN someone\n".getBytes(StandardCharsets.US_ASCII));
            String reply =
                    new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII)).readLine();
            return reply != null && reply.startsWith("0");
        }
    }

    record Counts(long sent, long failed) {}

    /** {@code connections} pipelined connections, each sending {@code each} COMPOSEs to distinct names. */
    private static Counts flood(int port, int connections, int each, String prefix, Duration limit) throws Exception {
        AtomicLong sent = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            int id = c;
            all.add(CompletableFuture.runAsync(() -> {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
                    s.setSoTimeout(30_000);
                    CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                        try {
                            OutputStream out = s.getOutputStream();
                            StringBuilder batch = new StringBuilder("LOGIN flood" + id + "\n");
                            for (int i = 0; i < each; i++) {
                                batch.append("COMPOSE ")
                                        .append(prefix)
                                        .append(id)
                                        .append('x')
                                        .append(i)
                                        .append("\nhello there\n");
                                if (batch.length() > 60_000 || i == each - 1) {
                                    out.write(batch.toString().getBytes(StandardCharsets.US_ASCII));
                                    batch.setLength(0);
                                }
                            }
                            out.flush();
                        } catch (IOException e) {
                            throw new AssertionError(e);
                        }
                    });
                    BufferedReader in = new BufferedReader(
                            new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII), 1 << 16);
                    in.readLine(); // the LOGIN count
                    for (int i = 0; i < each; i++) {
                        String line = in.readLine();
                        if ("MESSAGE SENT".equals(line)) {
                            sent.incrementAndGet();
                        } else if ("MESSAGE FAILED".equals(line)) {
                            failed.incrementAndGet();
                        } else {
                            throw new AssertionError("reply " + i + ": " + line);
                        }
                    }
                    writer.get(10, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            }));
        }
        for (CompletableFuture<Void> f : all) {
            f.get(limit.toSeconds(), TimeUnit.SECONDS);
        }
        return new Counts(sent.get(), failed.get());
    }

    /** A server in memory for {@link #store_nothing_churn_of_distinct_names_leaves_the_heap_where_it_was}: prints its port, answers "heap". */
    public static final class HeapReportingServer {
        public static void main(String[] args) throws Exception {
            PigeonholeServer server =
                    PigeonholeServer.start(ServerConfig.builder().port(0).build(), MessageStore.IN_MEMORY, event -> {});
            System.out.println(server.port());
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII));
            for (String line; (line = in.readLine()) != null; ) {
                if (line.equals("heap")) {
                    Runtime r = Runtime.getRuntime();
                    for (int i = 0; i < 3; i++) {
                        System.gc();
                    }
                    System.out.println(r.totalMemory() - r.freeMemory());
                }
            }
            server.close();
        }
    }
}
