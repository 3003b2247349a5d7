package dev.pigeonhole.courier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.pigeonhole.client.Archive;
import dev.pigeonhole.client.ArchivedMessage;
import dev.pigeonhole.client.SentStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A message READ and archived is shown even when the connection breaks during a later READ of the same
 * poll. The server removed it (P8: the READ that followed confirmed it), so it will not come again: if the
 * inbox does not show it now, the user sees it only after restarting the client.
 */
class CourierBrokenFetchTest {
    @TempDir
    Path dir;

    @Test
    @SuppressWarnings("try") // the courier works until closed; the block only has to keep it running
    void messages_archived_before_the_connection_broke_mid_fetch_are_shown_P8() {
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            try (ServerSocket listener = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
                Thread fake = new Thread(() -> serve(listener), "fake-server");
                fake.setDaemon(true);
                fake.start();
                RecordingEvents events = new RecordingEvents();
                Archive archive = new Archive(dir.resolve("bob.log"));
                Courier.Settings settings = new Courier.Settings(
                        "127.0.0.1",
                        listener.getLocalPort(),
                        "bob",
                        Duration.ofSeconds(30),
                        Duration.ofSeconds(5),
                        Duration.ofSeconds(5),
                        4096);
                try (Courier courier =
                        new Courier(settings, archive, new SentStore(dir.resolve("sent.log")), events).start()) {
                    RecordingEvents.Received got =
                            events.await(RecordingEvents.Received.class, r -> true, Duration.ofSeconds(10));
                    assertEquals(
                            List.of("first"),
                            got.messages().stream().map(ArchivedMessage::text).toList());
                }
                assertEquals(
                        List.of("first"),
                        archive.readAll().stream().map(ArchivedMessage::text).toList());
            }
        });
    }

    /** First connection: two messages wait; the first READ gets one, the second READ finds the line cut. */
    private static void serve(ServerSocket listener) {
        try (Socket s = listener.accept()) {
            BufferedReader in =
                    new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream out = s.getOutputStream();
            in.readLine(); // LOGIN bob
            out.write("2\n".getBytes(StandardCharsets.US_ASCII));
            in.readLine(); // READ
            out.write("alice\nfirst\n".getBytes(StandardCharsets.US_ASCII));
            in.readLine(); // READ: confirms "first"; then the server goes away
        } catch (IOException e) {
            // the test fails on what the client shows
        }
    }
}
