package dev.pigeonhole.server;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import org.junit.jupiter.api.Test;

/**
 * The thread confinement the comments promise is asserted, and assertions are on in every test: a
 * connection's methods run only on its event loop. (A mailbox used without its lock is caught the same way, by
 * {@code MailboxStressTest} and every server test.)
 */
class ConfinementTest {
    /** A loop whose thread is never the caller's. */
    private static final class ElsewhereLoop implements Connection.Host {
        @Override
        public ByteBuffer readBuffer() {
            return ByteBuffer.allocate(64);
        }

        @Override
        public boolean inLoop() {
            return false;
        }

        @Override
        public void execute(Runnable task) {}

        @Override
        public void closed(Connection c, SocketChannel channel) {}

        @Override
        public void requests(int delta) {}

        @Override
        public boolean accepting() {
            return true;
        }

        @Override
        public ServerLog log() {
            return event -> {};
        }
    }

    private static Connection connection() {
        return new Connection(
                1,
                null,
                "test",
                "test",
                null,
                new Mailboxes(0, 0, 0, e -> {}),
                MessageStore.IN_MEMORY,
                4096,
                new ElsewhereLoop(),
                null);
    }

    @Test
    void a_connection_used_off_its_loop_fails_an_assertion() {
        Connection c = connection();
        AssertionError readable = assertThrows(AssertionError.class, c::readable);
        assertTrue(readable.getStackTrace()[0].getClassName().endsWith("Connection"), readable.toString());
        assertThrows(AssertionError.class, c::writable);
        assertThrows(AssertionError.class, c::stopInput);
    }
}
