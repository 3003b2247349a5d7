package dev.pigeonhole.cli;

import dev.pigeonhole.client.Endpoint;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code pigeonhole bridge}: joins standard input and output to the server's Unix socket, byte for byte,
 * so that {@code ssh HOST pigeonhole bridge} is a connection to HOST's server whose identity is the ssh
 * login (the server asks the kernel who is on the socket: this process, running as that login).
 *
 * <p>The end of standard input half-closes the socket: the server still answers what it was sent, then
 * closes, and the bridge exits when it has passed the last byte on. When the server closes first, the
 * bridge exits at once, whatever standard input does.
 */
@Command(
        name = "bridge",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = {
            "Join standard input and output to the server's Unix socket.",
            "For remote use: 'ssh HOST pigeonhole bridge' is a connection to HOST's server as your ssh login. "
                    + "Clients run it for you with --ssh HOST."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:the connection ended: the server closed it, or standard input or output did",
            "1:cannot connect to the socket, or the connection failed",
            "2:invalid usage"
        })
final class BridgeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(
            names = "--socket",
            paramLabel = "PATH",
            description = {"The server's socket (default: the packaged service's,", "/run/pigeonhole/pigeonhole.sock)."
            })
    Path socket;

    private final InputStream stdin;
    private final OutputStream stdout;

    BridgeCommand() {
        // For tools that build the model with picocli's default factory (picocli.AutoComplete).
        this(System.in, new FileOutputStream(FileDescriptor.out));
    }

    BridgeCommand(InputStream stdin, OutputStream stdout) {
        this.stdin = stdin;
        this.stdout = stdout;
    }

    @Override
    public Integer call() {
        Path path = socket != null ? socket : Endpoint.PACKAGED_SOCKET;
        String where = "unix:" + path;
        SocketChannel channel;
        try {
            channel = SocketChannel.open(UnixDomainSocketAddress.of(path));
        } catch (IOException e) {
            return fail("cannot connect to " + where + ": " + ClientCommand.reason(e));
        }
        try (channel) {
            Thread upstream = new Thread(() -> upstream(channel), "pigeonhole-bridge-stdin");
            upstream.setDaemon(true); // blocked on a terminal's read, it must not keep the process alive
            upstream.start();
            ByteBuffer buf = ByteBuffer.allocate(8192);
            while (true) {
                int n;
                try {
                    n = channel.read(buf.clear());
                } catch (IOException e) {
                    return fail("the connection to " + where + " failed: " + ClientCommand.reason(e));
                }
                if (n < 0) {
                    return ExitCode.OK; // the server closed the connection
                }
                try {
                    stdout.write(buf.array(), 0, n);
                    stdout.flush();
                } catch (IOException e) {
                    return ExitCode.OK; // whoever read our output is gone: the conversation is over
                }
            }
        } catch (IOException e) {
            return ExitCode.OK; // closing failed: nothing left to do
        }
    }

    /** Standard input to the socket; its end half-closes the socket so the server answers and then closes. */
    private void upstream(SocketChannel channel) {
        byte[] buf = new byte[8192];
        try {
            for (int n; (n = stdin.read(buf)) >= 0; ) {
                ByteBuffer b = ByteBuffer.wrap(buf, 0, n);
                while (b.hasRemaining()) {
                    channel.write(b);
                }
            }
            channel.shutdownOutput();
        } catch (IOException e) {
            // The server closed (the downstream side sees it and exits), or standard input broke: either way
            // nothing more can be sent.
            try {
                channel.shutdownOutput();
            } catch (IOException | RuntimeException ignored) {
                // already closed
            }
        }
    }

    private int fail(String line) {
        PrintWriter err = spec.commandLine().getErr();
        err.println(spec.qualifiedName() + ": " + TerminalText.safe(line));
        err.flush();
        return ExitCode.FAILURE;
    }
}
