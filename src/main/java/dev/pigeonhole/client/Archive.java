package dev.pigeonhole.client;

import dev.pigeonhole.protocol.Reply;
import dev.pigeonhole.system.IoReason;
import dev.pigeonhole.system.UserDirectories;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The local copy of every message this user has read. READ removes a message from the server, so once it
 * is read this file is the only place it lives: {@link #fetch} appends each message and forces it to disk
 * before handing it to the caller, so a crash right after a READ loses nothing.
 *
 * <h2>Format</h2>
 * One record per line, UTF-8 (in practice ASCII): {@code <received>\t<sender>\t<text>\n}, where
 * {@code received} is an ISO-8601 UTC instant ({@code 2026-11-25T16:40:01.123Z}). The protocol allows only
 * printable ASCII in names and messages (P2-P4), so a TAB or LF can never occur inside a field: the record
 * splits unambiguously on the first two TABs. A last line without its LF (a crash mid-write) is ignored
 * when reading and cut off before the next append.
 *
 * <h2>Concurrency</h2>
 * Safe for several threads and several processes at once: every append holds an exclusive
 * {@link FileLock} on the file (between processes) and a per-file {@link ReentrantLock} (between threads of
 * this JVM, which a file lock does not cover). Records never interleave.
 */
public final class Archive {
    /**
     * Per-file locks of this JVM. Each guards appends to its file by this process's threads, so that at
     * most one of them asks for the OS file lock at a time (a second request from the same JVM would throw
     * OverlappingFileLockException instead of waiting).
     */
    private static final Map<Path, ReentrantLock> APPEND_LOCKS = new ConcurrentHashMap<>();

    /**
     * {@link #fetch} read a message but could not archive it; the session is closed, the server keeps the
     * message. A type of its own, so a caller can tell the disk from the network.
     */
    public static class WriteException extends IOException {
        private static final long serialVersionUID = 1L;

        WriteException(String message, IOException cause) {
            super(message, cause);
        }
    }

    /**
     * {@link #fetch} stopped because this run archived {@link #MAX_FETCHED_BYTES_PER_RUN}; the session was
     * ended cleanly and every message read is archived. The rest waits on the server.
     */
    public static final class GrowthLimitException extends WriteException {
        private static final long serialVersionUID = 1L;

        GrowthLimitException(String message) {
            super(message, null);
        }
    }

    /** A prefix of a record: the start of an instant, then maybe a sender, then maybe (part of) a text. */
    private static final Pattern TORN_RECORD = Pattern.compile("[0-9][-0-9T:.Z]*(\t[!-~]*(\t[ -~]*)?)?");
    /** No record is longer than this: an instant, a 64-character name and a message of at most 1 MiB (P4). */
    private static final long MAX_TORN_RECORD = (1 << 20) + 256;

    /**
     * The most one {@link Archive} (one run of {@code read}, one terminal session) appends by {@link #fetch}:
     * a server, real or fake, that answers every READ with another message must not fill the disk. A person's
     * messages stay far below it; more waiting are read by the next run.
     */
    public static final long MAX_FETCHED_BYTES_PER_RUN = 64L << 20;

    private final Path file;
    private final long maxFetchedBytes;
    /** Bytes {@link #fetch} appended through this object; only the thread driving a fetch touches it. */
    private long fetchedBytes;

    public Archive(Path file) {
        this(file, MAX_FETCHED_BYTES_PER_RUN);
    }

    /** An archive whose {@link #fetch} appends at most {@code maxFetchedBytes} through this object. */
    public Archive(Path file, long maxFetchedBytes) {
        this.file = file.toAbsolutePath().normalize();
        this.maxFetchedBytes = maxFetchedBytes;
    }

    /**
     * Fails unless the archive, if it exists, is a regular file (not a symbolic link) that this process's
     * user owns and nobody else may write: in a shared directory another user could plant a link to a file
     * of yours, or a file of theirs that they read along or rewrite. Refused, not repaired: the file is not
     * yours to take over.
     *
     * @throws IOException saying in words what is wrong
     */
    public void requireOwnFile() throws IOException {
        requireOwnFile(file);
    }

    private static void requireOwnFile(Path file) throws IOException {
        PosixFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (FileSystemException | UnsupportedOperationException e) {
            // Missing, under a file, not searchable, not POSIX: nothing planted here to refuse; opening it says
            // what is wrong in its own words.
            return;
        }
        if (attributes.isSymbolicLink()) {
            throw new IOException(file + " is a symbolic link; an archive must be a file of your own");
        }
        String me = System.getProperty("user.name");
        if (!attributes.owner().getName().equals(me)) {
            throw new IOException(file + " belongs to " + attributes.owner().getName() + ", not to " + me
                    + "; an archive must be a file of your own");
        }
        Set<PosixFilePermission> mode = attributes.permissions();
        if (mode.contains(PosixFilePermission.GROUP_WRITE) || mode.contains(PosixFilePermission.OTHERS_WRITE)) {
            throw new IOException(file + " can be written by others (" + PosixFilePermissions.toString(mode)
                    + "); make it yours alone (chmod 600) or choose another with --archive");
        }
    }

    /**
     * {@code $XDG_DATA_HOME/pigeonhole/<server>/<user>.log}, with {@code XDG_DATA_HOME} defaulting to
     * {@code ~/.local/share} ({@code ~} being {@code $HOME}) as the XDG base directory spec says. {@code server} is what identifies the
     * server ({@link Endpoint#archiveKey}). Both are escaped so that no user name (which may contain
     * {@code /} or be {@code ..}) can point outside that directory.
     */
    public static Path defaultPath(String server, String user) {
        return defaultPath(UserDirectories.ofProcess(), server, user);
    }

    /** {@link #defaultPath(String, String)} for the user {@code directories} describe. */
    public static Path defaultPath(UserDirectories directories, String server, String user) {
        return directories
                .dataHome()
                .resolve("pigeonhole")
                .resolve(fileName(server))
                .resolve(fileName(user) + ".log");
    }

    /** {@link #defaultPath(String, String)} for the server key {@code <host>-<port>}. */
    public static Path defaultPath(String host, int port, String user) {
        return defaultPath(host + "-" + port, user);
    }

    /** {@link #defaultPath(String, int, String)} for the user {@code directories} describe. */
    public static Path defaultPath(UserDirectories directories, String host, int port, String user) {
        return defaultPath(directories, host + "-" + port, user);
    }

    /**
     * Moves the records of the archive {@code other} into this one and deletes it: for archives kept
     * under an older name of the same server. Nothing is lost on a crash midway: a record is in
     * {@code other} until it is forced to disk here, so the worst case is a record in both. Two processes
     * doing this at once take turns on {@code other}'s file lock, and the second finds it gone.
     *
     * @return how many records moved (0 if {@code other} does not exist)
     */
    @SuppressWarnings("try") // the file lock is held for the block's extent and never read: that is its use
    public int absorb(Path other) throws IOException {
        Path from = other.toAbsolutePath().normalize();
        if (from.equals(file) || !Files.isRegularFile(from)) {
            return 0;
        }
        int moved;
        try (FileChannel ch = FileChannel.open(from, StandardOpenOption.WRITE, StandardOpenOption.READ);
                FileLock ignored = ch.lock()) {
            if (!Files.isRegularFile(from)) {
                return 0; // another process absorbed it while we waited for the lock
            }
            List<ArchivedMessage> records = new Archive(from).readAll();
            moved = records.size();
            if (!Files.exists(file) && moveWhole(from)) {
                // The usual case: the file itself, its order and its bytes, under the new name.
            } else {
                if (!records.isEmpty()) {
                    appendAll(records);
                }
                Files.delete(from);
            }
        }
        try {
            Files.deleteIfExists(from.getParent()); // only if empty: other users' archives stay
        } catch (java.nio.file.DirectoryNotEmptyException stillUsed) {
            // other users' archives of the same server stay until they run a command
        }
        return moved;
    }

    /**
     * Gives {@code from} this archive's name, then removes the old name; false if this archive's file
     * appeared meanwhile or the two names cannot share the file. A hard link, not a rename: link(2) fails
     * when the new name exists, where a rename would silently replace a file another process just made.
     */
    private boolean moveWhole(Path from) throws IOException {
        Path dir = file.getParent();
        if (!Files.isDirectory(dir)) {
            createPrivateDirectories(dir);
        }
        try {
            Files.createLink(file, from);
        } catch (FileAlreadyExistsException | UnsupportedOperationException raced) {
            return false;
        } catch (FileSystemException otherDevice) {
            return false; // e.g. another file system: append and delete instead
        }
        Files.delete(from);
        forceDirectory(dir);
        return true;
    }

    /** A name safe as one path element: letters, digits, {@code . _ -} kept, everything else {@code %XX}. */
    static String fileName(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean keep = (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '_'
                    || c == '-'
                    || (c == '.' && i > 0);
            if (keep) {
                b.append(c);
            } else {
                b.append('%').append(String.format("%02X", (int) c & 0xFF));
            }
        }
        return b.toString();
    }

    /**
     * Makes the file private (0600) if it exists with wider permissions, e.g. after a copy or an old umask:
     * these are someone's messages. Returns a one-line notice saying what changed, or null if nothing did
     * (already private, no regular file, not a POSIX file system, or not ours to change), so the caller says it
     * once: the next call finds the file private.
     */
    public String tightenPermissions() {
        if (!Files.isRegularFile(file)) {
            return null; // a directory given as --archive would lose its search bit; reading it fails anyway
        }
        try {
            Set<PosixFilePermission> now = Files.getPosixFilePermissions(file);
            if (now.stream().allMatch(p -> p.name().startsWith("OWNER_"))) {
                return null; // no group or other bit: already private
            }
            Files.setPosixFilePermissions(
                    file, EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
            return "made " + file + " private: its permissions were " + PosixFilePermissions.toString(now)
                    + ", now rw-------";
        } catch (NoSuchFileException | UnsupportedOperationException e) {
            return null;
        } catch (IOException e) {
            return "could not make " + file + " private: " + IoReason.of(e, file);
        }
    }

    /** The archive file. */
    public Path file() {
        return file;
    }

    /**
     * Appends {@code message} and forces it to the storage device before returning.
     *
     * @throws IOException if it could not be written durably; the caller must not show the message as kept
     */
    public void append(ArchivedMessage message) throws IOException {
        appendAll(List.of(message));
    }

    /** {@link #append} for several messages, with one write and one force. */
    @SuppressWarnings("try") // the file lock is held for the block's extent and never read: that is its use
    private void appendAll(List<ArchivedMessage> messages) throws IOException {
        StringBuilder records = new StringBuilder();
        for (ArchivedMessage m : messages) {
            records.append(format(m));
        }
        byte[] record = records.toString().getBytes(StandardCharsets.UTF_8);
        ReentrantLock lock = APPEND_LOCKS.computeIfAbsent(file, f -> new ReentrantLock());
        lock.lock();
        try {
            boolean created = createIfMissing();
            try (FileChannel ch = FileChannel.open(
                            file, StandardOpenOption.WRITE, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
                    FileLock ignored = ch.lock()) {
                requireOwnFile(file); // what was opened is no link; now who owns it
                // A crash mid-append leaves a record without its LF. It was never acknowledged (the message
                // was not shown, and the server gives it back), so cut it off rather than let it pass as whole.
                long size = RecordFile.lastBoundary(ch, ch.size()); // where the next record belongs
                if (size < ch.size()) {
                    requireTornRecord(ch, size);
                    ch.truncate(size);
                }
                ByteBuffer out = ByteBuffer.wrap(record);
                long at = size;
                while (out.hasRemaining()) {
                    at += ch.write(out, at);
                }
                ch.force(false);
            }
            if (created) {
                forceDirectory(file.getParent());
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Every complete record, oldest first (by the time received: records {@link #absorb absorbed} from
     * another archive are appended after this one's own); an empty list if the file does not exist. Lines
     * that are not records (a torn last line, or lines edited by hand into another shape) are skipped.
     */
    public List<ArchivedMessage> readAll() throws IOException {
        List<String> lines;
        try {
            requireOwnFile(file);
            byte[] all;
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
                    java.io.InputStream in = java.nio.channels.Channels.newInputStream(ch)) {
                all = in.readAllBytes();
            }
            int end = all.length;
            while (end > 0 && all[end - 1] != '\n') {
                end--; // a torn last record has no LF: it was never acknowledged as written
            }
            lines = new String(all, 0, end, StandardCharsets.UTF_8).lines().toList();
        } catch (NoSuchFileException e) {
            return List.of();
        }
        List<ArchivedMessage> out = new ArrayList<>(lines.size());
        for (String line : lines) {
            parse(line).ifPresent(out::add);
        }
        out.sort(Comparator.comparing(ArchivedMessage::at)); // stable: ties keep the file's order
        return out;
    }

    /**
     * READs up to {@code max} messages from {@code session}, appending each to this archive (forced to disk)
     * before it is added to the result; stops early at READ ERROR.
     *
     * @see #fetch(ClientSession, int, Consumer)
     */
    public List<ArchivedMessage> fetch(ClientSession session, int max) throws IOException {
        List<ArchivedMessage> got = new ArrayList<>();
        fetch(session, max, got::add);
        return got;
    }

    /**
     * READs up to {@code max} messages from {@code session}, appending each to this archive (forced to disk)
     * and only then handing it to {@code archived}; stops early at READ ERROR. Returns how many were read:
     * fewer than {@code max} means the server had no more.
     *
     * <p>If a message cannot be archived, the session is closed without EXIT and a {@link WriteException} is
     * thrown (any other {@link IOException} comes from the session). The message was never confirmed, so a
     * Pigeonhole server puts it back at the head of the queue (loss-safe READ): it is read again next time
     * instead of being lost. Messages handed to {@code archived} before a failure are safe on disk.
     */
    public int fetch(ClientSession session, int max, Consumer<ArchivedMessage> archived) throws IOException {
        int read = 0;
        while (read < max) {
            if (fetchedBytes >= maxFetchedBytes) {
                session.exit(); // confirms the last message read: it is archived
                throw new GrowthLimitException("stopped reading: this run archived " + (fetchedBytes >> 20)
                        + " MiB in " + file + ", the most one run takes (a bound against a server that never stops"
                        + " sending); the rest waits on the server for the next run");
            }
            Optional<Reply.Message> m = session.read();
            if (m.isEmpty()) {
                break;
            }
            ArchivedMessage a =
                    new ArchivedMessage(Instant.now(), m.get().sender(), m.get().text());
            try {
                append(a);
            } catch (IOException e) {
                session.close();
                throw new WriteException(
                        "cannot write the archive " + file + ": " + IoReason.of(e, file) + "; the message from "
                                + a.peer() + " was left on the server",
                        e);
            }
            read++;
            fetchedBytes += format(a).length();
            archived.accept(a);
        }
        return read;
    }

    static String format(ArchivedMessage m) {
        return m.at() + "\t" + m.peer() + "\t" + m.text() + "\n";
    }

    static Optional<ArchivedMessage> parse(String line) {
        int a = line.indexOf('\t');
        int b = a < 0 ? -1 : line.indexOf('\t', a + 1);
        if (b < 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(new ArchivedMessage(
                    Instant.parse(line.substring(0, a)), line.substring(a + 1, b), line.substring(b + 1)));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private boolean createIfMissing() throws IOException {
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        Path dir = file.getParent();
        if (!Files.isDirectory(dir)) {
            createPrivateDirectories(dir);
        }
        try {
            // Private by default: these are someone's messages.
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            return true;
        } catch (FileAlreadyExistsException raced) {
            return false;
        } catch (UnsupportedOperationException notPosix) {
            try {
                Files.createFile(file);
                return true;
            } catch (FileAlreadyExistsException raced) {
                return false;
            }
        }
    }

    private static void createPrivateDirectories(Path dir) throws IOException {
        try {
            Files.createDirectories(
                    dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createDirectories(dir);
        }
    }

    /**
     * Fails unless the bytes after the last LF can be the start of a record cut short by a crash: they are
     * cut off, so they must never be a line of some other file that {@code --archive} was pointed at.
     */
    private void requireTornRecord(FileChannel ch, long from) throws IOException {
        long length = ch.size() - from;
        boolean torn = length <= MAX_TORN_RECORD;
        if (torn) {
            ByteBuffer tail = ByteBuffer.allocate((int) length);
            while (tail.hasRemaining() && ch.read(tail, from + tail.position()) >= 0) {
                // read the whole tail
            }
            torn = TORN_RECORD
                    .matcher(new String(tail.array(), 0, tail.position(), StandardCharsets.ISO_8859_1))
                    .matches();
        }
        if (!torn) {
            throw new IOException("it is not a Pigeonhole archive: its last line is not a record");
        }
    }

    /** Makes a new file's directory entry durable too; best effort where the OS cannot open directories. */
    private static void forceDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | UncheckedIOException e) {
            // Not all platforms allow it; the record itself is already forced.
        }
    }
}
