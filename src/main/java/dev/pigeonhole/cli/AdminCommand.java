package dev.pigeonhole.cli;

import dev.pigeonhole.client.Endpoint;
import dev.pigeonhole.protocol.InvalidInputException;
import dev.pigeonhole.protocol.Validation;
import dev.pigeonhole.system.IoReason;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code pigeonhole admin}: the operator's view of a whole-host server, through its admin socket
 * ({@code admin.sock} beside the main socket). Only root and members of the group {@code pigeonhole-admin}
 * are served; the server decides, from the kernel's word on who connected.
 */
@Command(
        name = "admin",
        sortOptions = false,
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = {
            "See who holds what on the host's server, and remove one user's waiting messages.",
            "usage lists, per sender and per recipient, the waiting messages, their bytes and the id of the oldest."
                    + " drop --from USER (or --to USER) removes the waiting messages from (or to) USER, recorded in"
                    + " the journal as READs are. Only root and members of the group pigeonhole-admin may use it."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:done",
            "1:the server could not be reached, or refused (not root, not in group pigeonhole-admin)",
            "2:invalid input or usage"
        })
final class AdminCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ACTION", description = "usage, or drop with --from or --to.")
    String action;

    @Option(names = "--from", paramLabel = "USER", description = "drop: the waiting messages USER sent.")
    String from;

    @Option(names = "--to", paramLabel = "USER", description = "drop: the waiting messages for USER.")
    String to;

    @Option(
            names = "--socket",
            paramLabel = "PATH",
            description = "The server's Unix socket; its admin socket is admin.sock beside it"
                    + " (default: the packaged service's, " + "/run/pigeonhole/admin.sock).")
    Path socket;

    @Override
    public Integer call() {
        String request;
        try {
            request = request();
        } catch (InvalidInputException e) {
            return fail(ExitCode.USAGE, e.getMessage());
        }
        Path admin = (socket != null ? socket : Endpoint.PACKAGED_SOCKET).resolveSibling("admin.sock");
        List<String> reply = new ArrayList<>();
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(admin));
            ch.write(java.nio.ByteBuffer.wrap((request + "\n").getBytes(StandardCharsets.US_ASCII)));
            BufferedReader in =
                    new BufferedReader(new InputStreamReader(Channels.newInputStream(ch), StandardCharsets.US_ASCII));
            for (String line; (line = in.readLine()) != null; ) {
                reply.add(line);
            }
        } catch (IOException e) {
            return fail(
                    ExitCode.FAILURE,
                    "cannot reach the admin channel at " + admin + ": " + IoReason.of(e)
                            + " (is the service running? systemctl status pigeonhole)");
        }
        if (reply.isEmpty()) {
            return fail(ExitCode.FAILURE, "the admin channel at " + admin + " closed without an answer");
        }
        String first = reply.get(0);
        if (first.startsWith("REFUSED ")) {
            return fail(ExitCode.FAILURE, "refused: " + first.substring(8));
        }
        if (first.startsWith("ERROR ")) {
            return fail(ExitCode.FAILURE, "the server did not understand: " + first.substring(6));
        }
        PrintWriter out = spec.commandLine().getOut();
        if (first.startsWith("DROPPED ")) {
            String n = first.substring(8);
            out.println("dropped " + n + (n.equals("1") ? " waiting message" : " waiting messages")
                    + (from != null ? " from " + from : " to " + to));
        } else {
            printUsage(reply, out);
        }
        out.flush();
        return ExitCode.OK;
    }

    private String request() {
        switch (action) {
            case "usage" -> {
                if (from != null || to != null) {
                    throw new InvalidInputException("usage takes no --from or --to");
                }
                return "USAGE";
            }
            case "drop" -> {
                if ((from == null) == (to == null)) {
                    throw new InvalidInputException("drop takes exactly one of --from USER and --to USER");
                }
                String user = from != null ? from : to;
                Validation.requireUsername("user name", user);
                return (from != null ? "DROP FROM " : "DROP TO ") + user;
            }
            default -> throw new InvalidInputException("the actions are usage and drop; got '" + action + "'");
        }
    }

    /** {@code SENDER name n bytes oldest} lines as two tables a person reads. */
    private static void printUsage(List<String> reply, PrintWriter out) {
        String kind = null;
        for (String line : reply) {
            String[] f = line.split(" ");
            if (f.length != 5) {
                continue; // END
            }
            if (!f[0].equals(kind)) {
                kind = f[0];
                out.println(
                        kind.equals("SENDER")
                                ? "Senders (their messages waiting):"
                                : "Recipients (messages waiting for them):");
            }
            out.printf(
                    Locale.ROOT,
                    "  %-20s %8s messages %12s  oldest #%s%n",
                    f[1],
                    f[2],
                    bytes(Long.parseLong(f[3])),
                    f[4]);
        }
        if (kind == null) {
            out.println("No messages wait.");
        }
    }

    private static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        return n < 1 << 20
                ? String.format(Locale.ROOT, "%.1f KiB", n / 1024.0)
                : String.format(Locale.ROOT, "%.1f MiB", n / (double) (1 << 20));
    }

    private int fail(int code, String line) {
        PrintWriter err = spec.commandLine().getErr();
        err.println(spec.qualifiedName() + ": " + TerminalText.safe(line));
        err.flush();
        return code;
    }
}
