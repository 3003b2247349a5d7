package dev.pigeonhole.server.journal;

import dev.pigeonhole.system.IoReason;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive lock on {@code DIR/lock}, so that only one server uses a data directory. The operating
 * system releases it when the process dies, so a crash never leaves a stale lock behind. The file
 * holds the owner's process id, for the message a second server prints.
 */
final class DirectoryLock implements AutoCloseable {
    static final String FILE_NAME = "lock";

    private final FileChannel channel;
    private final FileLock lock;

    /** The data directory's mode when it was found wider than 0700 (reported, left alone), else null. */
    final String widerMode;

    private DirectoryLock(FileChannel channel, FileLock lock, String widerMode) {
        this.channel = channel;
        this.lock = lock;
        this.widerMode = widerMode;
    }

    static DirectoryLock acquire(Path directory) throws IOException {
        Path file = directory.resolve(FILE_NAME);
        FileChannel channel;
        // Creating it would fail with "File exists", which names neither the file nor the problem.
        Path existing = directory;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing != null && !Files.isDirectory(existing)) {
            throw new IOException("cannot use data directory " + directory + ": "
                    + (existing.equals(directory) ? "it" : existing.toString())
                    + " is a file, not a directory; choose another with --data-dir");
        }
        String widerMode;
        try {
            widerMode = PrivateFiles.createDirectory(directory);
            channel = PrivateFiles.open(
                    file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (IOException e) {
            // NIO's messages are often just the path ("AccessDeniedException: /srv/x/lock"): say what failed.
            throw new IOException(
                    "cannot use data directory " + directory + ": " + IoReason.of(e, directory)
                            + "; choose another with --data-dir",
                    e);
        }
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null; // held by this very process
        } catch (IOException e) {
            channel.close();
            throw new IOException("cannot lock data directory " + directory + ": " + IoReason.of(e), e);
        }
        if (lock == null) {
            String owner = owner(channel);
            channel.close();
            throw new IOException("data directory " + directory + " is in use by another Pigeonhole server" + owner
                    + "; stop it or choose another --data-dir");
        }
        channel.truncate(0);
        channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
        return new DirectoryLock(channel, lock, widerMode);
    }

    private static String owner(FileChannel channel) {
        try {
            ByteBuffer b = ByteBuffer.allocate(32);
            channel.read(b, 0);
            String pid = new String(b.array(), 0, b.position(), StandardCharsets.US_ASCII).trim();
            return pid.matches("\\d+") ? " (process " + pid + ")" : "";
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
