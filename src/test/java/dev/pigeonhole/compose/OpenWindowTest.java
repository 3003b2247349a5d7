package dev.pigeonhole.compose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The first open window of a user holds its place until it closes; another one knows it is second. */
class OpenWindowTest {
    @TempDir
    Path dir;

    @Test
    void the_first_window_holds_its_place_a_second_one_knows_and_closing_frees_it() {
        Path archive = dir.resolve("alice.log");
        assertEquals(dir.resolve("alice.window.lock").toAbsolutePath(), OpenWindow.lockFileBeside(archive));
        try (OpenWindow first = OpenWindow.claim(archive)) {
            assertTrue(first.first());
            try (OpenWindow second = OpenWindow.claim(archive)) {
                assertFalse(second.first());
                try (OpenWindow third = OpenWindow.claim(archive)) {
                    assertFalse(third.first());
                }
            }
            try (OpenWindow otherUser = OpenWindow.claim(dir.resolve("bob.log"))) {
                assertTrue(otherUser.first(), "bob's windows are his own");
            }
        }
        try (OpenWindow next = OpenWindow.claim(archive)) {
            assertTrue(next.first(), "the first window closed: the next one is first again");
        }
    }

    @Test
    void a_second_window_closing_does_not_free_the_first_ones_place() {
        Path archive = dir.resolve("alice.log");
        try (OpenWindow first = OpenWindow.claim(archive)) {
            OpenWindow.claim(archive).close();
            try (OpenWindow third = OpenWindow.claim(archive)) {
                assertFalse(third.first());
            }
            assertTrue(first.first());
        }
    }
}
