package dev.pigeonhole.compose;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether a terminal client is its user's first open window. The first one holds an exclusive lock on
 * {@code <user>.window.lock} beside the archive for as long as it runs (the system lets go of it when the
 * process ends, however it ends); a window that finds it held is a second one. A second window starts with
 * empty fields instead of reopening the draft the first one has open, so that two windows do not edit one
 * draft without the user choosing to.
 *
 * <p>Never throws: a lock that cannot be taken for another reason (a read-only directory, a file system
 * without locks) counts as the first window, which is what a client did before it asked.
 */
public final class OpenWindow implements AutoCloseable {
    /**
     * Lock files held by windows of this JVM: the system's locks belong to the process, so a second lock
     * on the same file from this JVM would throw instead of telling (tests run several windows in one JVM).
     */
    private static final Set<Path> HELD_HERE = ConcurrentHashMap.newKeySet();

    private final Path lockFile;
    private final FileChannel channel; // null unless this window holds the lock
    private final boolean first;

    private OpenWindow(Path lockFile, FileChannel channel, boolean first) {
        this.lockFile = lockFile;
        this.channel = channel;
        this.first = first;
    }

    /** The lock file of the user whose archive is {@code archive}: {@code bob.log} -> {@code bob.window.lock}. */
    public static Path lockFileBeside(Path archive) {
        return PrivateFile.beside(archive, ".window.lock").toAbsolutePath().normalize();
    }

    /** Claims the first window's place for the user of {@code archive}, if no other window holds it. */
    public static OpenWindow claim(Path archive) {
        Path lockFile = lockFileBeside(archive);
        if (!HELD_HERE.add(lockFile)) {
            return new OpenWindow(lockFile, null, false);
        }
        FileChannel channel = null;
        try {
            Files.createDirectories(lockFile.getParent());
            channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock != null) {
                return new OpenWindow(lockFile, channel, true);
            }
            channel.close();
            HELD_HERE.remove(lockFile);
            return new OpenWindow(lockFile, null, false);
        } catch (IOException | OverlappingFileLockException | UnsupportedOperationException e) {
            closeQuietly(channel);
            HELD_HERE.remove(lockFile);
            return new OpenWindow(lockFile, null, true); // cannot tell: behave as before
        }
    }

    /** True if no other window of this user was open when this one claimed its place. */
    public boolean first() {
        return first;
    }

    /** Gives the place up (the next window to start is a first one again). */
    @Override
    public void close() {
        if (channel != null) {
            closeQuietly(channel);
            HELD_HERE.remove(lockFile);
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close(); // releases the lock
            } catch (IOException e) {
                // the process's end releases it all the same
            }
        }
    }
}
