package dev.pigeonhole.cli;

import dev.pigeonhole.client.Archive;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The {@code --archive} option of {@code read} and {@code inbox}: where the local copy lives. */
final class ArchiveLocation {
    @Option(
            names = "--archive",
            paramLabel = "PATH",
            description = "The archive file (default: $XDG_DATA_HOME/pigeonhole/HOST-PORT/USER.log, "
                    + "XDG_DATA_HOME defaulting to $HOME/.local/share).")
    Path path;

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    Archive archive(Account account) {
        return new Archive(
                path != null
                        ? path
                        : Archive.defaultPath(
                                EnvironmentDefaults.of(command).directories(),
                                account.host,
                                account.port,
                                account.user));
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
