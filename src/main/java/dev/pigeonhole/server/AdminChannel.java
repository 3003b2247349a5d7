package dev.pigeonhole.server;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;

/**
 * The operator's channel ({@code pigeonhole admin}): a second Unix socket beside the main one
 * ({@code admin.sock} in the same directory), so the seed protocol on the main listeners stays exact. Only
 * root and members of the group {@value #ADMIN_GROUP} may use it, as the kernel names the peer (SO_PEERCRED);
 * anyone else gets one line, {@code REFUSED <why>}, and the connection closes.
 *
 * <p>One request line per connection, answered and closed:
 * <ul>
 *   <li>{@code USAGE}: {@code SENDER <name> <messages> <bytes> <oldest id>} per sender, then the same as
 *       {@code RECIPIENT} lines, then {@code END}; most bytes first.
 *   <li>{@code DROP FROM <name>} / {@code DROP TO <name>}: removes the waiting messages from or to that user,
 *       each removal recorded in the store as a READ's is; answers {@code DROPPED <count>}.
 * </ul>
 *
 * <p>Served by one thread of its own, one connection at a time: the peer is checked before a byte is read,
 * so only an operator can hold it.
 */
final class AdminChannel implements Closeable {
    /** The group whose members, besides root, may use the channel. */
    static final String ADMIN_GROUP = "pigeonhole-admin";
    /** The admin socket's file name, beside the main socket. */
    static final String FILE_NAME = "admin.sock";

    private final ServerSocketChannel channel;
    private final Path path;
    private final Mailboxes mailboxes;
    private final MessageStore store;
    private final ServerLog log;
    private final Thread thread;

    private AdminChannel(
            ServerSocketChannel channel, Path path, Mailboxes mailboxes, MessageStore store, ServerLog log) {
        this.channel = channel;
        this.path = path;
        this.mailboxes = mailboxes;
        this.store = store;
        this.log = log;
        this.thread = new Thread(this::serve, "pigeonhole-admin");
        this.thread.setDaemon(true);
    }

    /** Binds {@code admin.sock} beside {@code mainSocket} (replacing a stale file) and starts serving. */
    static AdminChannel open(Path mainSocket, Mailboxes mailboxes, MessageStore store, ServerLog log)
            throws IOException {
        Path path = mainSocket.resolveSibling(FILE_NAME);
        try {
            if (Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
                    .isOther()) {
                Files.delete(path); // a stale socket: the main socket's bind has shown that no server runs here
            }
        } catch (NoSuchFileException fresh) {
            // nothing to replace
        }
        ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            ch.bind(UnixDomainSocketAddress.of(path));
            // Anyone may connect; what they may do is decided by who they are.
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-rw-rw-"));
        } catch (IOException e) {
            ch.close();
            throw e;
        }
        AdminChannel admin = new AdminChannel(ch, path, mailboxes, store, log);
        admin.thread.start();
        return admin;
    }

    Path path() {
        return path;
    }

    private void serve() {
        while (channel.isOpen()) {
            try (SocketChannel c = channel.accept()) {
                handle(c);
            } catch (IOException e) {
                if (channel.isOpen()) {
                    log.log("admin channel: " + e);
                }
            }
        }
    }

    private void handle(SocketChannel c) throws IOException {
        OutputStream out = Channels.newOutputStream(c);
        UnixDomainPrincipal peer = c.getOption(ExtendedSocketOptions.SO_PEERCRED);
        String user = peer.user().getName();
        if (!mayAdminister(user, peer.group().getName())) {
            log.log("admin channel: refused OS user " + user + " (not root, not in group " + ADMIN_GROUP + ")");
            write(out, "REFUSED " + user + " is not root and not in group " + ADMIN_GROUP);
            return;
        }
        BufferedReader in =
                new BufferedReader(new InputStreamReader(Channels.newInputStream(c), StandardCharsets.US_ASCII));
        String line = in.readLine();
        if (line == null) {
            return;
        }
        StringBuilder reply = new StringBuilder();
        if (line.equals("USAGE")) {
            Mailboxes.Usage usage = mailboxes.usage();
            for (Mailboxes.Holding h : usage.bySender()) {
                reply.append(holding("SENDER", h));
            }
            for (Mailboxes.Holding h : usage.byRecipient()) {
                reply.append(holding("RECIPIENT", h));
            }
            reply.append("END");
        } else if (line.startsWith("DROP FROM ") || line.startsWith("DROP TO ")) {
            boolean from = line.startsWith("DROP FROM ");
            String name = line.substring(from ? 10 : 8);
            List<StoredMessage> dropped = mailboxes.drop(m -> (from ? m.sender() : m.recipient()).equals(name));
            for (StoredMessage m : dropped) {
                CompletableFuture<Throwable> answer = new CompletableFuture<>();
                store.removed(m, answer::complete);
                mailboxes.confirmed(m, await(answer));
            }
            log.log("admin channel: " + user + " dropped " + dropped.size() + " waiting messages "
                    + (from ? "from " : "to ") + name);
            reply.append("DROPPED ").append(dropped.size());
        } else {
            reply.append("ERROR unknown request (USAGE, DROP FROM <user>, DROP TO <user>)");
        }
        write(out, reply.toString());
    }

    private static Throwable await(CompletableFuture<Throwable> answer) {
        try {
            return answer.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            return e;
        }
    }

    private static String holding(String kind, Mailboxes.Holding h) {
        return kind + " " + h.name() + " " + h.messages() + " " + h.bytes() + " " + h.oldestId() + "\n";
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write((text + "\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** Root, a user whose primary group is the admin group, or a member of it in the group database. */
    static boolean mayAdminister(String user, String primaryGroup) {
        return "root".equals(user)
                || ADMIN_GROUP.equals(primaryGroup)
                || groupMembers().contains(user);
    }

    /** The members of {@value #ADMIN_GROUP} ({@code getent group}: files, LDAP...); empty if it does not exist. */
    private static Set<String> groupMembers() {
        try {
            Process p = new ProcessBuilder("getent", "group", ADMIN_GROUP)
                    .redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(5, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return Set.of();
            }
            String[] fields = out.split(":", -1);
            return fields.length < 4 || fields[3].isEmpty() ? Set.of() : Set.of(fields[3].split(","));
        } catch (IOException e) {
            return Set.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Set.of();
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
        Files.deleteIfExists(path);
    }
}
