package dev.pigeonhole.server;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The configuration is checked once, in {@code build()}, whatever order its values were set in: a value that
 * is invalid only until another one is set (no TCP and no socket yet) is no error, and every value that
 * cannot work is refused there, naming its option.
 */
class ServerConfigTest {
    private static final Path SOCKET = Path.of("/run/pigeonhole-test/p.sock");

    @Test
    void socket_only_builds_in_either_order() {
        ServerConfig tcpFirst = ServerConfig.builder().tcp(false).socket(SOCKET).build();
        ServerConfig socketFirst =
                ServerConfig.builder().socket(SOCKET).tcp(false).build();
        assertEquals(tcpFirst, socketFirst);
        assertEquals(SOCKET, tcpFirst.socket());
        assertEquals(false, tcpFirst.tcp());
    }

    @Test
    void values_are_checked_in_build_not_when_set() {
        ServerConfig.Builder b =
                assertDoesNotThrow(() -> ServerConfig.builder().port(-1).tcp(false));
        b.port(80).socket(SOCKET);
        assertEquals(80, b.build().port());
    }

    @Test
    void nothing_to_listen_on_is_refused_in_build() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> ServerConfig.builder().tcp(false).build());
        assertTrue(e.getMessage().contains("nothing to listen on"), e.getMessage());
    }

    @Test
    void values_that_cannot_work_are_refused_naming_the_option() {
        assertRefused("--port", ServerConfig.builder().port(65_536));
        assertRefused("--pool-size", ServerConfig.builder().poolSize(0));
        assertRefused("--max-queue", ServerConfig.builder().maxQueue(-1));
        assertRefused("--max-message", ServerConfig.builder().maxMessage(0));
        assertRefused("--idle-timeout", ServerConfig.builder().idleTimeout(Duration.ZERO));
        assertRefused("--max-connections", ServerConfig.builder().maxConnections(0));
        assertRefused("--line-timeout", ServerConfig.builder().lineTimeout(Duration.ofSeconds(-1)));
        assertRefused("--max-memory", ServerConfig.builder().maxMemory(-1));
        assertRefused("--host", ServerConfig.builder().host(" "));
    }

    @Test
    void defaults_and_a_copy_to_change() {
        ServerConfig d = ServerConfig.defaults();
        assertEquals(100_000, d.maxQueue());
        assertEquals(4554, d.port());
        assertEquals("127.0.0.1", d.host());
        assertEquals(ServerConfig.defaultPoolSize(), d.poolSize());
        assertEquals(d, d.toBuilder().build());
        ServerConfig changed = d.toBuilder().maxQueue(7).build();
        assertEquals(7, changed.maxQueue());
        assertEquals(d.port(), changed.port());
    }

    private static void assertRefused(String option, ServerConfig.Builder b) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, b::build);
        assertTrue(e.getMessage().startsWith(option), e.getMessage());
    }
}
