package dev.pigeonhole.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A hostile local user's fake server for {@link NoSilentTcpTest}: listens on {@code 127.0.0.1:PORT}, says
 * {@code listening} on standard output, and appends a line to {@code LOG} for every connection it hears,
 * answering LOGIN with 0 so that a client that reaches it carries on as if all were well.
 */
public final class Squatter {
    private Squatter() {}

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(args[0]);
        Path log = Path.of(args[1]);
        try (ServerSocket server = new ServerSocket()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            System.out.println("listening");
            System.out.flush();
            while (true) {
                try (Socket s = server.accept()) {
                    Files.writeString(
                            log, "heard a connection\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                    s.getOutputStream().write("0\n".getBytes(StandardCharsets.US_ASCII));
                    s.getOutputStream().flush();
                    s.getInputStream().read(); // until the client hangs up
                } catch (IOException e) {
                    // the next client
                }
            }
        }
    }
}
