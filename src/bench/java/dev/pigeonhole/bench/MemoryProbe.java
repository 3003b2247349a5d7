package dev.pigeonhole.bench;

import dev.pigeonhole.server.MessageStore;
import dev.pigeonhole.server.PigeonholeServer;
import dev.pigeonhole.server.ServerConfig;
import dev.pigeonhole.server.ServerLog;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How much heap a stored message costs: starts an in-memory server in this JVM, stores N messages of
 * B bytes (N/1000 recipients, pipelined over 4 connections, every reply checked), and prints the heap
 * growth per message after full GCs. Run it with the heap limit under test, straight from the source:
 *
 * <pre>
 * mvn -B -q -DskipTests package
 * java -Xmx512m -XX:+UseParallelGC -cp target/pigeonhole.jar src/bench/java/dev/pigeonhole/bench/MemoryProbe.java 1000000 100
 * </pre>
 *
 * Exit status 0 if every message was stored and counted back, 1 otherwise (for example out of memory).
 */
public final class MemoryProbe {
    private static final int BATCH = 1000;
    private static final int CONNECTIONS = 4;

    private MemoryProbe() {}

    public static void main(String[] args) throws Exception {
        int messages = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int size = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        int recipients = Math.max(1, messages / 1000);
        ServerConfig config =
                ServerConfig.builder().port(0).maxQueue(0).maxConnections(100).build();
        try (PigeonholeServer server = PigeonholeServer.start(config, MessageStore.IN_MEMORY, ServerLog.stderr())) {
            long before = settledHeap();
            long start = System.nanoTime();
            List<Thread> threads = new ArrayList<>();
            long[] stored = new long[CONNECTIONS];
            for (int c = 0; c < CONNECTIONS; c++) {
                int me = c;
                Thread t = new Thread(
                        () -> stored[me] = fill(server.port(), me, messages / CONNECTIONS, recipients, size));
                threads.add(t);
                t.start();
            }
            long total = 0;
            for (int c = 0; c < CONNECTIONS; c++) {
                threads.get(c).join();
                total += stored[c];
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            long after = settledHeap();
            long counted = countAll(server.port(), recipients);
            Runtime rt = Runtime.getRuntime();
            System.out.printf(
                    Locale.ROOT,
                    "stored %,d messages of %d bytes for %,d users in %.1f s (%,.0f/s)%n",
                    total,
                    size,
                    recipients,
                    seconds,
                    total / seconds);
            System.out.printf(
                    Locale.ROOT,
                    "heap after full GC: %,d -> %,d bytes (max %,d): %.1f bytes per stored message%n",
                    before,
                    after,
                    rt.maxMemory(),
                    (after - before) / (double) Math.max(1, total));
            System.out.printf(Locale.ROOT, "LOGIN counts add up to %,d%n", counted);
            boolean ok = total == (long) (messages / CONNECTIONS) * CONNECTIONS && counted == total;
            System.out.println(ok ? "OK" : "FAILED");
            System.exit(ok ? 0 : 1);
        }
    }

    /** Sends {@code n} messages in pipelined batches; returns how many were answered MESSAGE SENT. */
    private static long fill(int port, int me, int n, int recipients, int size) {
        try (Socket s = connect(port)) {
            OutputStream out = s.getOutputStream();
            BufferedReader in = reader(s);
            out.write(("LOGIN probe-" + me + "\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            in.readLine();
            String filler = "m".repeat(size);
            long sent = 0;
            StringBuilder batch = new StringBuilder();
            for (int done = 0; done < n; ) {
                batch.setLength(0);
                int k = Math.min(BATCH, n - done);
                for (int i = 0; i < k; i++) {
                    int seq = done + i;
                    String head = me + ":" + seq + ":";
                    batch.append("COMPOSE user-")
                            .append(seq % recipients)
                            .append('\n')
                            .append(head)
                            .append(filler, head.length(), size)
                            .append('\n');
                }
                out.write(batch.toString().getBytes(StandardCharsets.US_ASCII));
                out.flush();
                for (int i = 0; i < k; i++) {
                    if ("MESSAGE SENT".equals(in.readLine())) {
                        sent++;
                    }
                }
                done += k;
            }
            return sent;
        } catch (IOException e) {
            System.err.println("connection " + me + ": " + e);
            return 0;
        }
    }

    /** Logs in as every recipient and adds up the counts the server reports (P5). */
    private static long countAll(int port, int recipients) throws IOException {
        long total = 0;
        for (int u = 0; u < recipients; u++) {
            try (Socket s = connect(port)) {
                s.getOutputStream().write(("LOGIN user-" + u + "\nEXIT\n").getBytes(StandardCharsets.US_ASCII));
                total += Long.parseLong(reader(s).readLine());
            }
        }
        return total;
    }

    private static Socket connect(int port) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
        s.setSoTimeout(60_000);
        return s;
    }

    private static BufferedReader reader(Socket s) throws IOException {
        return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII), 1 << 16);
    }

    private static long settledHeap() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
