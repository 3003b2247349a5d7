package dev.pigeonhole.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.NotLinkException;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The one place where an I/O failure becomes words for a person: {@code Permission denied: /srv/x/lock}
 * instead of {@code java.nio.file.AccessDeniedException: /srv/x/lock}, in the words of the C library's
 * {@code strerror} that other tools print. NIO's file exceptions often carry
 * only the path, their meaning being in the class name; every message a user sees about a file goes
 * through {@link #of}, so none of them shows a Java class name.
 */
public final class IoReason {
    /** A qualified Java class name such as {@code java.nio.file.NoSuchFileException}, with its colon. */
    private static final Pattern CLASS_NAME =
            Pattern.compile("\\b(?:[a-z][a-z0-9_]*\\.)+[A-Z]\\w*(?:Exception|Error)\\b:?\\s*");

    private IoReason() {}

    /**
     * Why {@code e} happened, in words (the operating system's own, such as "Connection refused", where it
     * gives them), naming the file involved when there is one. Never
     * empty, never a Java class name.
     */
    public static String of(Throwable e) {
        return of(e, null);
    }

    /**
     * Like {@link #of(Throwable)}, but without naming {@code subject} again when the caller's message names
     * it already: "cannot read the archive X: Permission denied", not "...: Permission denied: X".
     */
    public static String of(Throwable e, Path subject) {
        String words = describe(e);
        if (subject != null) {
            for (String file : List.of(
                    subject.toString(), subject.toAbsolutePath().normalize().toString())) {
                if (words.endsWith(": " + file)) {
                    return words.substring(0, words.length() - file.length() - 2);
                }
            }
        }
        return words;
    }

    private static String describe(Throwable e) {
        if (e instanceof UncheckedIOException u && u.getCause() != null) {
            return describe(u.getCause());
        }
        if (e instanceof UnresolvedAddressException) {
            return "the address cannot be resolved";
        }
        if (e instanceof FileSystemException f) {
            return ofFile(f);
        }
        String message = e.getMessage();
        Throwable cause = e.getCause();
        if (cause != null && cause != e && (message == null || message.equals(cause.toString()))) {
            return describe(cause); // new IOException(cause) only repeats the cause, class name first
        }
        if (message == null || message.isBlank()) {
            return e instanceof IOException ? "an input/output error" : "an unexpected error";
        }
        String words = CLASS_NAME.matcher(message).replaceAll("").trim();
        return words.isEmpty() ? "an input/output error" : words;
    }

    private static String ofFile(FileSystemException f) {
        String file = f.getFile();
        String other = f.getOtherFile();
        String at = file == null ? "" : ": " + file + (other == null ? "" : " -> " + other);
        if (f instanceof NoSuchFileException) {
            return "No such file or directory" + at;
        }
        if (f instanceof AccessDeniedException) {
            return "Permission denied" + at;
        }
        if (f instanceof FileAlreadyExistsException) {
            return "File exists" + at;
        }
        if (f instanceof NotDirectoryException) {
            return "Not a directory" + at;
        }
        if (f instanceof DirectoryNotEmptyException) {
            return "Directory not empty" + at;
        }
        if (f instanceof NotLinkException) {
            return "Not a symbolic link" + at;
        }
        if (f instanceof FileSystemLoopException) {
            return "Too many levels of symbolic links" + at;
        }
        String reason = f.getReason();
        return (reason == null || reason.isBlank() ? "an input/output error" : reason) + at;
    }
}
