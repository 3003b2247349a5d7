package dev.pigeonhole.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pigeonhole.testing.ServerProcess;
import dev.pigeonhole.testing.Slow;
import java.io.BufferedOutputStream;
import java.io.InputStream;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A server that runs out of memory ends at once with one line and its documented exit code, never hangs. */
@Timeout(120)
@Slow.ChildProcesses
class FailFastTest {
    @TempDir
    Path tmp;

    /**
     * A budget larger than the heap lets a legitimate flood of messages exhaust it for real (no hook, no
     * fake error): the out-of-memory error in a server thread ends the process with code 3 within seconds.
     */
    @Test
    void out_of_memory_in_a_server_thread_ends_the_process_with_code_3() throws Exception {
        Path stderr = tmp.resolve("stderr");
        try (ServerProcess server = ServerProcess.start(ServerProcess.Options.of("--in-memory", "--max-memory", "1g")
                .jvm("-Xmx48m", "-XX:-ExitOnOutOfMemoryError")
                .stderrTo(stderr))) {
            List<CompletableFuture<Void>> floods = new ArrayList<>();
            for (int c = 0; c < 4; c++) {
                int id = c;
                floods.add(CompletableFuture.runAsync(() -> flood(server.port(), id)));
            }
            int code = server.waitFor(Duration.ofSeconds(90));
            assertEquals(Fatal.OUT_OF_MEMORY, code, Files.readString(stderr));
            floods.forEach(CompletableFuture::join);
        }
        List<String> fatal = Files.readAllLines(stderr).stream()
                .filter(l -> l.startsWith("fatal: ") || l.contains(" fatal: ")) // the plain line has no time
                .toList();
        assertEquals(1, fatal.size(), Files.readString(stderr));
        assertTrue(fatal.get(0).contains("OutOfMemoryError"), fatal.get(0));
        assertTrue(fatal.get(0).contains("exiting with code 3"), fatal.get(0));
    }

    /** Sends COMPOSEs to distinct names until the server goes away, draining replies as they come. */
    private static void flood(int port, int id) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
            InputStream in = s.getInputStream();
            Thread drain = new Thread(() -> {
                byte[] b = new byte[1 << 16];
                try {
                    while (in.read(b) >= 0) {
                        // replies are not checked: the point is the server's end
                    }
                } catch (Exception gone) {
                    // the server died
                }
            });
            drain.setDaemon(true);
            drain.start();
            OutputStream out = new BufferedOutputStream(s.getOutputStream(), 1 << 16);
            out.write(("LOGIN f" + id + "\n").getBytes(StandardCharsets.US_ASCII));
            String text = "x".repeat(200);
            for (int i = 0; i < 2_000_000; i++) {
                out.write(("COMPOSE n" + id + "x" + i + "\n" + text + "\n").getBytes(StandardCharsets.US_ASCII));
            }
            out.flush();
        } catch (Exception serverGone) {
            // expected: the server halted
        }
    }
}
