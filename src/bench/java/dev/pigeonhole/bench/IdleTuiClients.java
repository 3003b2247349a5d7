package dev.pigeonhole.bench;

import dev.pigeonhole.client.Archive;
import dev.pigeonhole.client.ArchivedMessage;
import dev.pigeonhole.client.SentStore;
import dev.pigeonhole.compose.SendResult;
import dev.pigeonhole.courier.Courier;
import dev.pigeonhole.courier.LinkState;
import dev.pigeonhole.courier.MailEvents;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A measurement, not a test (issue 17 point 3): N open terminal clients that nobody touches, each the real
 * network side of {@code pigeonhole tui} (a {@link Courier} on its default poll schedule), against a server
 * given by host and port. Prints the READ rounds they made per second; {@code src/bench/idle-clients.sh}
 * starts the server and reads its CPU time around the same window.
 *
 * <p>Run it with {@code src/bench/idle-clients.sh [clients] [seconds]}; arguments:
 * {@code host port clients seconds [interval-ms]}.
 */
public final class IdleTuiClients {
    private IdleTuiClients() {}

    public static void main(String[] args) throws Exception {
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        int clients = Integer.parseInt(args[2]);
        int seconds = Integer.parseInt(args[3]);
        Duration interval = Duration.ofMillis(args.length > 4 ? Long.parseLong(args[4]) : 2_000);
        Path dir = Files.createTempDirectory("idle-tui-clients");
        MailEvents quiet = new MailEvents() {
            @Override
            public void connection(LinkState state) {}

            @Override
            public void archived(List<ArchivedMessage> messages) {}

            @Override
            public void sendResult(SendResult result) {}

            @Override
            public void notice(String text, boolean problem) {}
        };
        List<Courier> all = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            Archive archive = new Archive(dir.resolve("idle" + i + ".log"));
            Courier.Settings s = new Courier.Settings(
                    host, port, "idle" + i, interval, Duration.ofSeconds(10), Duration.ofSeconds(10), 4096);
            all.add(new Courier(s, archive, SentStore.beside(archive), quiet).start());
        }
        Thread.sleep(5_000); // all connected, past the first poll, settled into the idle period
        long before = total(all);
        System.out.println("WINDOW start");
        Thread.sleep(seconds * 1000L);
        long after = total(all);
        System.out.println("WINDOW end");
        System.out.printf(
                "RESULT clients=%d seconds=%d polls=%d polls_per_s=%.1f per_client_per_s=%.3f%n",
                clients,
                seconds,
                after - before,
                (after - before) / (double) seconds,
                (after - before) / (double) seconds / clients);
        all.forEach(c -> c.close(Duration.ofMillis(200)));
    }

    private static long total(List<Courier> all) {
        return all.stream().mapToLong(Courier::polls).sum();
    }
}
