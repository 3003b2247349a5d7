package dev.pigeonhole.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pigeonhole.server.journal.FsyncPolicy;
import dev.pigeonhole.server.journal.JournalStore;
import dev.pigeonhole.testing.RawClient;
import dev.pigeonhole.testing.ServerFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * The default pool: one event loop serves at first, and the next starts serving, with its own share of the
 * TCP port, while the serving loop is saturated and the host has an idle core (G1: every connection is served
 * wherever it lands). The loops' busy time is measured for real (a task spins on the first loop); only the
 * host's idle CPU is given by the test.
 */
class LoopsOnDemandTest {
    private static final Duration INTERVAL = Duration.ofMillis(50);
    private static final String ME = System.getProperty("user.name");

    /**
     * With a journal, whose view per loop ({@code MessageStore.Round}) asserts that one thread uses it: a moved
     * connection whose session still used its old loop's view would fail on the new loop.
     */
    @Test
    void a_saturated_loop_with_an_idle_core_starts_the_next_loop_on_its_own_port_share_G1() throws Exception {
        Path dir = ServerFixture.socketDirectory();
        Path data = Files.createTempDirectory("pigeonhole-data-");
        FakeCpu cpu = new FakeCpu(1.5);
        List<String> log = new CopyOnWriteArrayList<>();
        ServerConfig config = onDemand(2)
                .socket(dir.resolve("pigeonhole.sock"))
                .trustedSocketUsers(Set.of(ME))
                .build();
        int port;
        MessageStore journal = JournalStore.open(data, FsyncPolicy.ALWAYS);
        try (PigeonholeServer server = PigeonholeServer.start(config, journal, log::add, cpu, INTERVAL)) {
            port = server.port();
            assertEquals(1, server.servingLoops());
            assertEquals(1, listeningSockets(port), "one share of the port while one loop serves");
            assertTrue(log.stream().anyMatch(l -> l.contains("(pool 1, up to 2 on demand")), log.toString());
            loginEach(server, 4);
            List<RawClient> held = new ArrayList<>();
            try {
                loginInto(held, port, "held", 32);
                EventLoop first = server.loops().get(0);
                EventLoop second = server.loops().get(1);
                assertEquals(32, first.connections());

                Spinner spinner = new Spinner(first);
                try {
                    await(() -> server.servingLoops() == 2, "a second loop serving");
                } finally {
                    spinner.stop();
                }
                assertEquals(2, listeningSockets(port), "the new loop accepts on its own share");
                assertTrue(log.stream().anyMatch(l -> l.startsWith("event loop 2 of 2 serving now")), log.toString());
                // Half of the connections held open moved to the new loop, and every one of them still works.
                await(() -> second.connections() == 16 && first.connections() == 16, "16 connections moved");
                assertEachServes(held, "still here ");
            } finally {
                for (RawClient c : held) {
                    c.close();
                }
            }
            // Wherever the kernel and the first loop put them, every new connection is answered.
            loginEach(server, 64);
            for (int i = 0; i < 8; i++) {
                try (RawClient c = RawClient.connect(server.socket())) {
                    assertEquals("0", c.send("LOGIN socket" + i).readLine());
                }
            }
        } finally {
            Files.deleteIfExists(dir);
            try (java.util.stream.Stream<Path> files = Files.walk(data)) {
                for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(f);
                }
            }
        }
        assertEquals(0, listeningSockets(port), "every share is closed with the server");
        assertTrue(log.stream().noneMatch(l -> l.contains("internal error")), log.toString());
    }

    @Test
    void a_loop_rests_when_the_host_fills_up_and_serves_again_on_its_old_share_G1() throws Exception {
        FakeCpu cpu = new FakeCpu(1.5);
        List<String> log = new CopyOnWriteArrayList<>();
        try (PigeonholeServer server =
                PigeonholeServer.start(onDemand(2).build(), MessageStore.IN_MEMORY, log::add, cpu, INTERVAL)) {
            int port = server.port();
            EventLoop first = server.loops().get(0);
            EventLoop second = server.loops().get(1);
            List<RawClient> held = new ArrayList<>();
            try {
                loginInto(held, port, "held", 32);
                Spinner spinner = new Spinner(first);
                try {
                    await(() -> server.servingLoops() == 2, "a second loop serving");
                } finally {
                    spinner.stop();
                }
                await(() -> second.connections() == 16, "16 connections moved to the second loop");

                cpu.idle = 0.1; // the host's cores fill up, and the loops have time to spare
                await(() -> server.servingLoops() == 1, "the second loop resting");
                await(() -> second.connections() == 0 && first.connections() == 32, "every connection back");
                assertTrue(log.stream().anyMatch(l -> l.startsWith("event loop 2 of 2 resting")), log.toString());
                assertEquals(2, listeningSockets(port), "the resting loop keeps its share of the port");
                // The kernel still hands the resting loop's share new connections: it passes them on.
                loginInto(held, port, "late", 64);
                assertEquals(0, second.connections(), "a resting loop keeps no connection");
                assertEquals(96, first.connections());
                assertEachServes(held.subList(0, 32), "back ");

                cpu.idle = 1.5;
                spinner = new Spinner(first);
                try {
                    await(() -> server.servingLoops() == 2, "the second loop serving again");
                } finally {
                    spinner.stop();
                }
                assertEquals(2, listeningSockets(port), "serving again on the share it kept");
                loginEach(server, 64);
            } finally {
                for (RawClient c : held) {
                    c.close();
                }
            }
        }
    }

    @Test
    void only_a_connection_waiting_for_its_client_moves_and_each_goes_on_where_it_was_P7() throws Exception {
        StoreCompletionTest.GatedStore store = new StoreCompletionTest.GatedStore();
        FakeCpu cpu = new FakeCpu(0); // no loop starts by itself: the test moves the connections
        try (PigeonholeServer server = PigeonholeServer.start(onDemand(2).build(), store, l -> {}, cpu, INTERVAL);
                RawClient alice = RawClient.connect("127.0.0.1", server.port());
                RawClient bob = RawClient.connect("127.0.0.1", server.port())) {
            assertEquals("0", alice.send("LOGIN alice").readLine());
            assertEquals("0", bob.send("LOGIN bob").readLine());
            alice.send("COMPOSE alice").send("kept");
            StoreCompletionTest.GatedStore.Call aliceStored = store.next(); // alice now waits for the store
            EventLoop first = server.loops().get(0);
            EventLoop second = server.loops().get(1);
            first.rebalance(second, 1.0);
            await(() -> second.connections() == 1 && first.connections() == 1, "bob moved, alice stayed");
            aliceStored.done().completed(null);
            assertEquals("MESSAGE SENT", alice.readLine());
            bob.send("COMPOSE bob").send("moved");
            store.next().done().completed(null);
            assertEquals("MESSAGE SENT", bob.readLine());
        }
    }

    /**
     * A loop's busy time is its thread's CPU time, the kernel's share of its reads and writes included: a client
     * that pipelines requests as fast as the loop answers keeps it busy most of the time.
     */
    @Test
    void a_loop_counts_the_requests_it_serves_as_busy_time() throws Exception {
        ServerConfig config = ServerConfig.builder().port(0).poolSize(1).build();
        try (PigeonholeServer server = PigeonholeServer.start(config, MessageStore.IN_MEMORY, l -> {});
                java.net.Socket client =
                        new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), server.port())) {
            byte[] chunk = "COMPOSE pipe\n0123456789\nREAD\n"
                    .repeat(2000)
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            client.getOutputStream().write("LOGIN pipe\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            AtomicInteger stop = new AtomicInteger();
            Thread reader = new Thread(() -> {
                byte[] sink = new byte[1 << 16];
                try {
                    while (client.getInputStream().read(sink) > 0) {
                        // replies are not checked here: other tests do
                    }
                } catch (IOException e) {
                    stop.set(1);
                }
            });
            reader.setDaemon(true);
            reader.start();
            EventLoop loop = server.loops().get(0);
            long deadline = System.nanoTime() + 2_000_000_000L;
            long busyBefore = 0;
            long startedAt = 0;
            for (int rounds = 0; System.nanoTime() - deadline < 0; rounds++) {
                client.getOutputStream().write(chunk);
                if (rounds == 20) { // past the first chunks (and the compiler's first work): measure from here
                    busyBefore = loop.busyNanos();
                    startedAt = System.nanoTime();
                }
            }
            double busy = (double) (loop.busyNanos() - busyBefore) / (System.nanoTime() - startedAt);
            assertTrue(busy > 0.3, "busy " + busy + " of the time while serving a pipelining client");
        }
    }

    @Test
    void a_saturated_loop_on_a_host_without_an_idle_core_stays_alone() throws Exception {
        FakeCpu cpu = new FakeCpu(0.3);
        try (PigeonholeServer server =
                PigeonholeServer.start(onDemand(2).build(), MessageStore.IN_MEMORY, l -> {}, cpu, INTERVAL)) {
            Spinner spinner = new Spinner(server.loops().get(0));
            try {
                int calls = cpu.calls.get();
                await(() -> cpu.calls.get() >= calls + 10, "ten samples");
                assertEquals(1, server.servingLoops());
                assertEquals(1, listeningSockets(server.port()));
            } finally {
                spinner.stop();
            }
        }
    }

    @Test
    void a_host_whose_cpu_load_is_unknown_never_starts_a_loop_and_says_so_once() throws Exception {
        FakeCpu cpu = new FakeCpu(Double.NaN);
        List<String> log = new CopyOnWriteArrayList<>();
        try (PigeonholeServer server =
                PigeonholeServer.start(onDemand(2).build(), MessageStore.IN_MEMORY, log::add, cpu, INTERVAL)) {
            Spinner spinner = new Spinner(server.loops().get(0));
            try {
                int calls = cpu.calls.get();
                await(() -> cpu.calls.get() >= calls + 5, "five samples");
                assertEquals(1, server.servingLoops());
            } finally {
                spinner.stop();
            }
        }
        assertEquals(
                1, log.stream().filter(l -> l.contains("CPU load is unknown")).count(), log.toString());
    }

    @Test
    void an_idle_loop_on_an_idle_host_stays_alone() throws Exception {
        FakeCpu cpu = new FakeCpu(3.0);
        // A short line timeout makes the loop wake every 50 ms to check for lines begun too long ago: waking
        // is not being busy.
        ServerConfig config = onDemand(4).lineTimeout(Duration.ofMillis(200)).build();
        try (PigeonholeServer server = PigeonholeServer.start(config, MessageStore.IN_MEMORY, l -> {}, cpu, INTERVAL)) {
            loginEach(server, 4);
            int calls = cpu.calls.get();
            await(() -> cpu.calls.get() >= calls + 10, "ten samples");
            assertEquals(1, server.servingLoops(), "a loop waiting in select is not busy");
        }
    }

    @Test
    void pool_size_given_serves_on_every_loop_from_the_start_and_samples_nothing() throws Exception {
        FakeCpu cpu = new FakeCpu(3.0);
        ServerConfig config = ServerConfig.builder().port(0).poolSize(3).build();
        try (PigeonholeServer server = PigeonholeServer.start(config, MessageStore.IN_MEMORY, l -> {}, cpu, INTERVAL)) {
            assertEquals(3, server.servingLoops());
            assertEquals(3, listeningSockets(server.port()));
            loginEach(server, 12);
            assertEquals(0, cpu.calls.get());
        }
    }

    @Test
    void default_configuration_starts_loops_on_demand_up_to_one_per_processor() {
        ServerConfig d = ServerConfig.defaults();
        assertTrue(d.loopsOnDemand());
        assertEquals(Runtime.getRuntime().availableProcessors(), d.poolSize());
        ServerConfig fixed = ServerConfig.builder().poolSize(2).build();
        assertEquals(false, fixed.loopsOnDemand());
        assertEquals(2, fixed.poolSize());
    }

    private static ServerConfig.Builder onDemand(int mostLoops) {
        return ServerConfig.builder().port(0).loopsOnDemand(mostLoops).shutdownGrace(Duration.ofSeconds(1));
    }

    /** Each of {@code clients}, logged in as held0, held1, ..., sends itself a message and reads it back (P8). */
    private static void assertEachServes(List<RawClient> clients, String text) throws IOException {
        for (int i = 0; i < clients.size(); i++) {
            RawClient c = clients.get(i);
            assertEquals(
                    "MESSAGE SENT", c.send("COMPOSE held" + i).send(text + i).readLine());
            c.send("READ");
            assertEquals("held" + i, c.readLine());
            assertEquals(text + i, c.readLine());
        }
    }

    /** Adds {@code n} new connections to {@code clients}, logged in as {@code prefix}0, {@code prefix}1, ... */
    private static void loginInto(List<RawClient> clients, int port, String prefix, int n) throws IOException {
        for (int i = 0; i < n; i++) {
            RawClient c = RawClient.connect("127.0.0.1", port);
            clients.add(c);
            assertEquals("0", c.send("LOGIN " + prefix + i).readLine());
        }
    }

    /** {@code n} new TCP connections, each answered its LOGIN. */
    private static void loginEach(PigeonholeServer server, int n) throws IOException {
        List<RawClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                RawClient c = RawClient.connect("127.0.0.1", server.port());
                clients.add(c);
                c.send("LOGIN user" + i);
            }
            for (RawClient c : clients) {
                assertEquals("0", c.readLine());
            }
        } finally {
            for (RawClient c : clients) {
                c.close();
            }
        }
    }

    /**
     * Listening TCP sockets on {@code port}, from {@code /proc/net/tcp} and {@code tcp6} (the JDK binds an IPv4
     * address with an IPv6 socket where it can); state 0A is LISTEN.
     */
    private static int listeningSockets(int port) throws IOException {
        String local = String.format(Locale.ROOT, ":%04X", port);
        int n = 0;
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path file = Path.of(table);
            if (!Files.exists(file)) {
                continue;
            }
            for (String line : Files.readAllLines(file)) {
                String[] f = line.trim().split("\\s+");
                if (f.length > 3 && f[1].endsWith(local) && f[3].equals("0A")) {
                    n++;
                }
            }
        }
        return n;
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("not within 20 s: " + what);
            }
            Thread.sleep(5);
        }
    }

    /** The host as the test says it is, counting the samples. */
    private static final class FakeCpu implements HostCpu {
        final AtomicInteger calls = new AtomicInteger();
        /** What the host says from the next sample on. */
        volatile double idle;

        FakeCpu(double idle) {
            this.idle = idle;
        }

        @Override
        public double idleCores() {
            calls.incrementAndGet();
            return idle;
        }
    }

    /**
     * Keeps a loop busy: a thread of its own hands the loop a task that spins for 5 ms, and the next one as soon
     * as that one is done, until closed. (A task that queued itself again would run in the same round of tasks
     * forever, and the loop would never reach its select, where it counts its busy time.)
     */
    private static final class Spinner {
        private final Thread feeder;
        private volatile boolean spinning = true;

        Spinner(EventLoop loop) {
            feeder = new Thread(
                    () -> {
                        java.util.concurrent.Semaphore done = new java.util.concurrent.Semaphore(0);
                        while (spinning) {
                            loop.execute(() -> {
                                long until = System.nanoTime() + 5_000_000L;
                                while (System.nanoTime() - until < 0) {
                                    Thread.onSpinWait();
                                }
                                done.release();
                            });
                            done.acquireUninterruptibly();
                        }
                    },
                    "spinner");
            feeder.setDaemon(true);
            feeder.start();
        }

        void stop() throws InterruptedException {
            spinning = false;
            feeder.join();
        }
    }
}
