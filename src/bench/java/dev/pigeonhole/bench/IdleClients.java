package dev.pigeonhole.bench;

import dev.pigeonhole.server.MessageStore;
import dev.pigeonhole.server.PigeonholeServer;
import dev.pigeonhole.server.ServerConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * A measurement, not a test (issue 2): N clients log in and sit idle; then each speaks once, first one at a
 * time (how long does a single idle client wait for its answer?), then all at once (how long until the last
 * of them is answered?). Every client must still be connected.
 *
 * <pre>
 * mvn -B -q -Pjmh -DskipTests test-compile
 * java -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" \
 *     dev.pigeonhole.bench.IdleClients [clients [idle-seconds [host port]]]
 * </pre>
 * Without host and port it starts a server in this JVM with {@code --pool-size 4}.
 */
public final class IdleClients {
    private IdleClients() {}

    public static void main(String[] args) throws Exception {
        int clients = args.length > 0 ? Integer.parseInt(args[0]) : 5_000;
        int idleSeconds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        PigeonholeServer own = null;
        String host;
        int port;
        if (args.length > 3) {
            host = args[2];
            port = Integer.parseInt(args[3]);
        } else {
            own = PigeonholeServer.start(
                    ServerConfig.builder()
                            .port(0)
                            .poolSize(4)
                            .maxConnectionsPerAddress(0) // every client comes from 127.0.0.1
                            .build(),
                    MessageStore.IN_MEMORY,
                    e -> {});
            host = "127.0.0.1";
            port = own.port();
        }
        List<Socket> sockets = new ArrayList<>(clients);
        long heapBefore = own == null ? 0 : usedHeap();
        try {
            long t0 = System.nanoTime();
            for (int i = 0; i < clients; i++) {
                Socket s = new Socket();
                s.setTcpNoDelay(true);
                s.connect(new InetSocketAddress(host, port), 10_000);
                s.setSoTimeout(30_000);
                sockets.add(s);
                send(s, "LOGIN idle" + i + "\n");
                expect(s, "0");
            }
            System.out.printf(
                    "%,d clients connected and logged in in %.1f s%n", clients, (System.nanoTime() - t0) / 1e9);
            if (own != null) {
                // Client sockets live in this JVM too, but they are not on the Java heap: the growth is the server's.
                System.out.printf(
                        "server heap per idle logged-in connection: about %,d bytes%n",
                        (usedHeap() - heapBefore) / clients);
            }
            Thread.sleep(idleSeconds * 1000L);
            System.out.printf("idle for %d s%n", idleSeconds);

            Histogram one = new Histogram(3);
            for (Socket s : sockets) {
                long start = System.nanoTime();
                send(s, "READ\n");
                expect(s, "READ ERROR");
                one.recordValue((System.nanoTime() - start) / 1000);
            }
            report("one at a time: READ -> READ ERROR", one, clients);

            Histogram all = new Histogram(3);
            long start = System.nanoTime();
            for (Socket s : sockets) {
                send(s, "READ\n");
            }
            for (Socket s : sockets) {
                expect(s, "READ ERROR");
                all.recordValue((System.nanoTime() - start) / 1000);
            }
            report("all at once: time until each answer has arrived", all, clients);
            System.out.printf("all %,d clients still connected and answered%n", clients);
        } finally {
            for (Socket s : sockets) {
                s.close();
            }
            if (own != null) {
                own.close();
            }
        }
    }

    private static long usedHeap() throws InterruptedException {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return rt.totalMemory() - rt.freeMemory();
    }

    private static void report(String what, Histogram h, int clients) {
        System.out.printf(
                "%s (%,d clients, microseconds): p50 %,d  p90 %,d  p99 %,d  max %,d%n",
                what,
                clients,
                h.getValueAtPercentile(50),
                h.getValueAtPercentile(90),
                h.getValueAtPercentile(99),
                h.getMaxValue());
    }

    private static void send(Socket s, String line) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write(line.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private static void expect(Socket s, String line) throws IOException {
        InputStream in = s.getInputStream();
        byte[] want = (line + "\n").getBytes(StandardCharsets.US_ASCII);
        byte[] got = in.readNBytes(want.length);
        if (!java.util.Arrays.equals(want, got)) {
            throw new IOException(
                    "expected '" + line + "', got '" + new String(got, StandardCharsets.ISO_8859_1) + "'");
        }
    }
}
