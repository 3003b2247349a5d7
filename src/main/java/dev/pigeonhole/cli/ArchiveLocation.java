package dev.pigeonhole.cli;

import dev.pigeonhole.client.Archive;
import dev.pigeonhole.client.Endpoint;
import dev.pigeonhole.client.SentStore;
import dev.pigeonhole.system.UserDirectories;
import java.io.IOException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The {@code --archive} option of {@code read} and {@code inbox}: where the local copy lives. */
final class ArchiveLocation {
    @Option(
            names = "--archive",
            paramLabel = "PATH",
            description = "The archive file (default: $XDG_DATA_HOME/pigeonhole/SERVER/USER.log, "
                    + "XDG_DATA_HOME defaulting to $HOME/.local/share; SERVER names the server: its address "
                    + "and port, its socket, or the ssh target).")
    Path path;

    /**
     * The archive file: {@code --archive}, or the default one of the server {@code account} names (after
     * {@link Account#validate}). A TCP server is named by its address, so {@code --host localhost} and
     * {@code 127.0.0.1} share one archive; an archive kept under the host name as given (before 0.2) is
     * moved into it on first use.
     *
     * @param timeout how long looking up a host name may take
     */
    Archive archive(Account account, Duration timeout) {
        Archive archive = located(account, timeout);
        try {
            archive.requireOwnFile();
        } catch (IOException e) {
            throw new CommandFailure(ExitCode.FAILURE, "refusing the archive: " + e.getMessage());
        }
        return archive;
    }

    private Archive located(Account account, Duration timeout) {
        if (path != null) {
            return new Archive(path);
        }
        String server;
        try {
            server = account.endpoint.archiveKey(timeout);
        } catch (UnknownHostException e) {
            throw new CommandFailure(ExitCode.FAILURE, "cannot connect to " + account.address() + ": unknown host");
        } catch (IOException e) {
            throw new CommandFailure(
                    ExitCode.FAILURE,
                    "cannot find the archive of " + account.address() + " (" + ClientCommand.reason(e)
                            + "); name one with --archive");
        }
        UserDirectories directories = account.directories();
        Archive archive = new Archive(Archive.defaultPath(directories, server, account.user));
        if (account.endpoint instanceof Endpoint.Tcp tcp) {
            Path legacy = Archive.defaultPath(directories, tcp.host(), tcp.port(), account.user);
            try {
                archive.absorb(legacy);
            } catch (IOException e) {
                throw new CommandFailure(
                        ExitCode.FAILURE,
                        "cannot move the archive " + legacy + " into " + archive.file() + ": " + ClientCommand.reason(e)
                                + "; nothing was read");
            }
        }
        return archive;
    }

    /**
     * Makes {@code archive} and the sent store beside it private (0600) where they were readable by others,
     * and returns what to say about it on standard error, once each: a file that was already private costs
     * nothing.
     */
    static List<String> makePrivate(Archive archive) {
        List<String> notices = new ArrayList<>(2);
        for (String notice : new String[] {
            archive.tightenPermissions(), SentStore.beside(archive).tightenPermissions()
        }) {
            if (notice != null) {
                notices.add(notice);
            }
        }
        return notices;
    }

    /**
     * Fails unless the archive looks writable: checked before a READ, because a message READ removes
     * from the server and cannot then archive has only a line on standard error left to live in. A
     * check, not a guarantee: a full disk still shows only when writing.
     */
    static void requireWritable(Path file) {
        String problem = problemWriting(file);
        if (problem != null) {
            throw new CommandFailure(
                    ExitCode.FAILURE, problem + "; nothing was read (choose another file with --archive)");
        }
    }

    /** Why {@code file} looks unwritable as an archive, or null when it looks fine. */
    private static String problemWriting(Path file) {
        if (Files.exists(file)) {
            if (Files.isDirectory(file)) {
                return "cannot use " + file + " as the archive: it is a directory";
            }
            return Files.isWritable(file) ? null : "cannot write the archive " + file + ": Permission denied";
        }
        Path dir = file.getParent();
        while (dir != null && !Files.exists(dir)) {
            dir = dir.getParent();
        }
        if (dir == null || !Files.isDirectory(dir)) {
            return "cannot create the archive " + file + ": "
                    + (dir == null ? "no directory to put it in" : dir + " is not a directory");
        }
        return Files.isWritable(dir) ? null : "cannot create the archive " + file + ": Permission denied in " + dir;
    }
}
