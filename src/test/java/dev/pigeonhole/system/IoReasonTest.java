package dev.pigeonhole.system;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** NIO's exceptions carry their meaning in the class name; {@link IoReason} puts it in words. */
class IoReasonTest {
    @Test
    void file_exceptions_become_the_words_other_tools_print() {
        assertEquals("Permission denied: /srv/x/lock", IoReason.of(new AccessDeniedException("/srv/x/lock")));
        assertEquals("No such file or directory: /a", IoReason.of(new NoSuchFileException("/a")));
        assertEquals("File exists: /a", IoReason.of(new FileAlreadyExistsException("/a")));
        assertEquals(
                "Read-only file system: /a", IoReason.of(new FileSystemException("/a", null, "Read-only file system")));
        assertEquals("the address cannot be resolved", IoReason.of(new UnresolvedAddressException()));
    }

    @Test
    void the_subject_the_caller_already_named_is_not_repeated() {
        assertEquals("Permission denied", IoReason.of(new AccessDeniedException("/a/b.log"), Path.of("/a/b.log")));
        assertEquals("Permission denied: /a/lock", IoReason.of(new AccessDeniedException("/a/lock"), Path.of("/a")));
    }

    @Test
    void wrapped_causes_and_class_names_in_messages_are_unwrapped_to_words() {
        assertEquals("No such file or directory: /a", IoReason.of(new IOException(new NoSuchFileException("/a"))));
        assertEquals(
                "No such file or directory: /a", IoReason.of(new UncheckedIOException(new NoSuchFileException("/a"))));
        assertEquals("disk on fire", IoReason.of(new IOException("java.io.IOException: disk on fire")));
        assertEquals("an input/output error", IoReason.of(new IOException()));
    }

    @Test
    void home_is_HOME_and_user_home_only_when_HOME_is_unset_or_empty() {
        assertEquals(Path.of("/h/ann"), new UserDirectories(Map.of("HOME", "/h/ann"), "/etc/pw").home());
        assertEquals(Path.of("/etc/pw"), new UserDirectories(Map.of(), "/etc/pw").home());
        assertEquals(Path.of("/etc/pw"), new UserDirectories(Map.of("HOME", ""), "/etc/pw").home());
        assertEquals(
                Path.of("/h/ann/.local/share"), new UserDirectories(Map.of("HOME", "/h/ann"), "/etc/pw").dataHome());
        assertEquals(
                Path.of("/x/state"),
                new UserDirectories(Map.of("HOME", "/h/ann", "XDG_STATE_HOME", "/x/state"), "/etc/pw").stateHome());
        assertEquals(
                Path.of("/h/ann/.local/state"),
                new UserDirectories(Map.of("HOME", "/h/ann", "XDG_STATE_HOME", "relative"), "/etc/pw").stateHome());
    }
}
