package dev.pigeonhole.server.journal;

import dev.pigeonhole.server.ServerLog;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The journal holds every user's unread messages, so only the server's own OS user may read it: the data
 * directory is made 0700 and every file in it 0600, whatever the umask (a umask only ever takes bits away,
 * and the modes are set again explicitly after creation, so even a umask of 000 or 277 ends up exactly
 * there). On a file system without POSIX permissions nothing is changed.
 */
final class PrivateFiles {
    static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    private static final FileAttribute<Set<PosixFilePermission>> FILE_ATTRIBUTE =
            PosixFilePermissions.asFileAttribute(FILE);
    private static final FileAttribute<Set<PosixFilePermission>> DIRECTORY_ATTRIBUTE =
            PosixFilePermissions.asFileAttribute(DIRECTORY);

    private PrivateFiles() {}

    /**
     * Opens {@code path}; a file this call creates is 0600 from its first byte (created with that mode,
     * then set again in case the umask took the owner's bits).
     */
    static FileChannel open(Path path, OpenOption... options) throws IOException {
        Set<OpenOption> set = Set.of(options);
        if (!set.contains(StandardOpenOption.CREATE) && !set.contains(StandardOpenOption.CREATE_NEW)) {
            return FileChannel.open(path, options);
        }
        if (!posix(path.toAbsolutePath().getParent())) {
            return FileChannel.open(path, options);
        }
        boolean existed = Files.exists(path);
        FileChannel channel = FileChannel.open(path, set, FILE_ATTRIBUTE);
        if (!existed) {
            try {
                Files.setPosixFilePermissions(path, FILE);
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
        }
        return channel;
    }

    /**
     * Creates {@code directory} (and missing parents, with the usual modes) as 0700. Returns null if it was
     * created or is private already, else its mode (such as {@code 0755}) as found: the operator chose it,
     * and it is reported but left alone, since the files inside are 0600 whatever the directory's mode.
     */
    static String createDirectory(Path directory) throws IOException {
        Path parent = directory.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        boolean posix = posix(parent == null ? directory : parent);
        if (!Files.isDirectory(directory)) {
            try {
                if (posix) {
                    Files.createDirectory(directory, DIRECTORY_ATTRIBUTE);
                    Files.setPosixFilePermissions(directory, DIRECTORY);
                } else {
                    Files.createDirectory(directory);
                }
                return null;
            } catch (java.nio.file.FileAlreadyExistsException raced) {
                // another process made it meanwhile: judge it like any directory found
            }
        }
        if (!posix) {
            return null;
        }
        Set<PosixFilePermission> mode = Files.getPosixFilePermissions(directory);
        return DIRECTORY.containsAll(mode) ? null : octal(mode);
    }

    /** Sets every file in {@code directory} that others could read back to 0600; returns how many were. */
    static int tightenFiles(Path directory) throws IOException {
        if (!posix(directory)) {
            return 0;
        }
        int tightened = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
            for (Path f : files) {
                if (Files.isRegularFile(f, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                        && !FILE.containsAll(Files.getPosixFilePermissions(f))) {
                    Files.setPosixFilePermissions(f, FILE);
                    tightened++;
                }
            }
        }
        return tightened;
    }

    /** Reports a data directory found with a wider mode than 0700, and files tightened, in one line. */
    static void report(Path directory, String foundMode, int tightened, ServerLog log) {
        if (foundMode == null && tightened == 0) {
            return;
        }
        StringBuilder line = new StringBuilder("data directory ").append(directory);
        if (foundMode != null) {
            line.append(" has mode ")
                    .append(foundMode)
                    .append(", wider than 0700: other users can list it (left as it is; chmod 700 it to hide the"
                            + " file names too)");
        } else {
            line.append(':');
        }
        if (tightened > 0) {
            line.append(foundMode != null ? "; " : " ")
                    .append(tightened)
                    .append(
                            tightened == 1
                                    ? " file in it was readable by others and is now 0600"
                                    : " files in it were readable by others and are now 0600");
        } else {
            line.append("; every file in it is 0600");
        }
        log.log(line.toString());
    }

    static String octal(Set<PosixFilePermission> mode) {
        int bits = 0;
        for (PosixFilePermission p : mode) {
            bits |= switch (p) {
                case OWNER_READ -> 0400;
                case OWNER_WRITE -> 0200;
                case OWNER_EXECUTE -> 0100;
                case GROUP_READ -> 040;
                case GROUP_WRITE -> 020;
                case GROUP_EXECUTE -> 010;
                case OTHERS_READ -> 04;
                case OTHERS_WRITE -> 02;
                case OTHERS_EXECUTE -> 01;
            };
        }
        return String.format("0%o", bits);
    }

    private static boolean posix(Path path) {
        return path != null && Files.getFileAttributeView(path, PosixFileAttributeView.class) != null;
    }
}
