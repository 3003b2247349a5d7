package dev.pigeonhole.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.pigeonhole.testing.ServerFixture;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A client that sends many requests at once and only then reads makes the server stop reading it while
 * its replies pile up, and resume once they are written. Every request must still be answered, in order,
 * whether the store answers during the call (in memory) or later from the journal's writer thread.
 */
class PipelinedBackpressureTest {
    private static final int MESSAGES = 300;
    private static final String TEXT = "x".repeat(4000);

    @RegisterExtension
    final ServerFixture inMemory = ServerFixture.start();

    @Test
    void pipelined_reads_far_beyond_the_reply_backlog_are_all_answered_in_order_P8() {
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> pipelineAgainst(inMemory));
    }

    @Test
    void the_same_with_a_journal_whose_writer_answers_later_P8() {
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            try (ServerFixture journal = ServerFixture.start(ServerFixture.Store.JOURNAL, cfg -> cfg)) {
                pipelineAgainst(journal);
            }
        });
    }

    private static void pipelineAgainst(ServerFixture server) throws Exception {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(server.host(), server.port()), 5000);
            socket.setSoTimeout(5000);
            // Buffered, unlike RawClient, which reads a byte per call: 1.2 MB of replies would take seconds.
            BufferedReader in =
                    new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            StringBuilder batch = new StringBuilder("LOGIN piper\n");
            for (int i = 0; i < MESSAGES; i++) {
                batch.append("COMPOSE piper\n")
                        .append(i)
                        .append(' ')
                        .append(TEXT)
                        .append('\n');
            }
            for (int i = 0; i < MESSAGES; i++) {
                batch.append("READ\n");
            }
            OutputStream out = socket.getOutputStream();
            out.write(batch.toString().getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertEquals("0", in.readLine());
            for (int i = 0; i < MESSAGES; i++) {
                assertEquals("MESSAGE SENT", in.readLine());
            }
            for (int i = 0; i < MESSAGES; i++) {
                assertEquals("piper", in.readLine());
                assertEquals(i + " " + TEXT, in.readLine());
            }
        }
    }
}
