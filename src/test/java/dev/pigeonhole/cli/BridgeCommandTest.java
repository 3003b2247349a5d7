package dev.pigeonhole.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code pigeonhole bridge} moves bytes both ways between its standard streams and a Unix socket, passes the
 * end of its input on as a half-close, and exits when either side ends.
 */
class BridgeCommandTest {
    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {}

    private static CompletableFuture<Run> bridge(InputStream stdin, String... args) {
        return CompletableFuture.supplyAsync(() -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            StringWriter err = new StringWriter();
            CommandLine cl = Main.commandLine(stdin, out, Map.of(), Cli.NO_PACKAGED_SOCKET);
            cl.setErr(new PrintWriter(err, true));
            int code = cl.execute(args);
            return new Run(code, out.toString(StandardCharsets.ISO_8859_1), err.toString());
        });
    }

    private static byte[] readToEnd(SocketChannel ch) throws IOException {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        ByteBuffer buf = ByteBuffer.allocate(4096);
        while (ch.read(buf.clear()) >= 0) {
            got.write(buf.array(), 0, buf.position());
        }
        return got.toByteArray();
    }

    @Test
    void input_reaches_the_socket_its_end_is_a_half_close_and_the_answer_after_it_still_comes_back() throws Exception {
        Path path = dir.resolve("s.sock");
        byte[] input = new byte[100_000]; // more than any one buffer, every byte value but LF
        for (int i = 0; i < input.length; i++) {
            input[i] = (byte) (i % 251 == 10 ? 11 : i % 251);
        }
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(path));
            CompletableFuture<Run> run = bridge(new ByteArrayInputStream(input), "bridge", "--socket", path.toString());
            try (SocketChannel ch = server.accept()) {
                byte[] got = readToEnd(ch); // ends only if the bridge half-closed
                assertEquals(input.length, got.length);
                assertTrue(java.util.Arrays.equals(input, got), "every byte, in order");
                ch.write(ByteBuffer.wrap("after the end\n".getBytes(StandardCharsets.US_ASCII)));
            }
            Run r = run.get(10, TimeUnit.SECONDS);
            assertEquals("after the end\n", r.out());
            assertEquals(0, r.code(), r.err());
        }
    }

    @Test
    void the_server_closing_ends_the_bridge_even_while_input_stays_open() throws Exception {
        Path path = dir.resolve("s.sock");
        InputStream never = new InputStream() {
            @Override
            public int read() throws IOException {
                return read(new byte[1], 0, 1);
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                try {
                    Thread.sleep(Duration.ofMinutes(10).toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return -1;
            }
        };
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(path));
            CompletableFuture<Run> run = bridge(never, "bridge", "--socket", path.toString());
            try (SocketChannel ch = server.accept()) {
                ch.write(ByteBuffer.wrap("bye\n".getBytes(StandardCharsets.US_ASCII)));
            }
            Run r = run.get(10, TimeUnit.SECONDS);
            assertEquals(0, r.code(), r.err());
            assertEquals("bye\n", r.out());
        }
    }

    @Test
    void no_server_at_the_socket_is_one_line_and_exit_1() throws Exception {
        Path path = dir.resolve("none.sock");
        Run r = bridge(new ByteArrayInputStream(new byte[0]), "bridge", "--socket", path.toString())
                .get(10, TimeUnit.SECONDS);
        assertEquals(1, r.code());
        assertTrue(
                r.err().startsWith("pigeonhole bridge: cannot connect to unix:" + path + ": ")
                        && r.err().indexOf('\n') == r.err().length() - 1,
                r.err());
    }
}
