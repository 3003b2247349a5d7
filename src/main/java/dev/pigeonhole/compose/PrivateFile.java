package dev.pigeonhole.compose;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A small text file of the user's (drafts, the outbox) that several clients of the same user change: every
 * change is a read-modify-write under an exclusive lock ({@code NAME.lock}), written to a temporary file that
 * is forced to disk and renamed over the old one, so the file is always a whole old or a whole new version
 * and no client's change overwrites another's. Created 0600. Thread-safe.
 */
final class PrivateFile {
    /** A change: from what the file holds now (null if there is no file) to what it should hold. */
    interface Edit<T> {
        Written<T> apply(String now) throws IOException;
    }

    /** What to write (null: leave the file as it is) and what to return to the caller. */
    record Written<T>(String text, T result) {}

    /**
     * Guards one file's read-modify-write within this JVM. FileChannel locks are held per JVM (a second lock
     * from the same JVM throws instead of waiting), so two clients in one JVM (tests) need this as well; it is
     * held around file I/O on purpose: the file is what it guards.
     */
    private static final Map<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    private final Path file;

    PrivateFile(Path file) {
        this.file = file.toAbsolutePath().normalize();
    }

    Path path() {
        return file;
    }

    /** The file of this kind that belongs to an archive: {@code bob.log} -> {@code bob<suffix>}. */
    static Path beside(Path archive, String suffix) {
        String name = archive.getFileName().toString();
        return archive.resolveSibling((name.endsWith(".log") ? name.substring(0, name.length() - 4) : name) + suffix);
    }

    /** What the file holds now, or null if there is none. */
    String read() throws IOException {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /**
     * Runs {@code edit} on the file's current text under the lock and writes what it returns.
     *
     * @throws IOException if the file cannot be read, locked or written; it is then unchanged
     */
    <T> T change(Edit<T> edit) throws IOException {
        Files.createDirectories(file.getParent());
        ReentrantLock local = IN_PROCESS.computeIfAbsent(file, f -> new ReentrantLock());
        local.lock();
        try (FileChannel lockFile = FileChannel.open(
                file.resolveSibling(file.getFileName() + ".lock"),
                StandardOpenOption.CREATE,
                StandardOpenOption.WRITE)) {
            FileLock held = lockFile.lock(); // released when the channel closes; waits for another client's change
            assert held.isValid();
            Written<T> w = edit.apply(read());
            if (w.text() != null) {
                write(w.text());
            }
            return w.result();
        } finally {
            local.unlock();
        }
    }

    private void write(String text) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        try {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(tmp);
        }
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                ch.write(bytes);
            }
            ch.force(true);
        }
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** One field of a line: {@code \\ \s \t \n \r} escaped, so fields split on single spaces. */
    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> b.append("\\\\");
                case ' ' -> b.append("\\s");
                case '\t' -> b.append("\\t");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    static String unescape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char n = s.charAt(++i);
                b.append(
                        switch (n) {
                            case 's' -> ' ';
                            case 't' -> '\t';
                            case 'n' -> '\n';
                            case 'r' -> '\r';
                            default -> n;
                        });
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
