package dev.pigeonhole.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Resolver}: a literal IPv4 address is parsed at once; anything else is looked up on a thread. */
class ResolverTest {
    @Test
    void a_dotted_quad_is_parsed_on_the_callers_thread_without_a_lookup() throws Exception {
        // The lookup path waits for its thread, which an interrupted caller cannot: it throws, unless the lookup
        // finished before the caller started waiting (too close a race to test the name path this way). A literal
        // is parsed where it is asked for, so even an interrupted caller gets its address.
        Thread.currentThread().interrupt();
        try {
            assertEquals(
                    InetAddress.getByAddress(new byte[] {127, 0, 0, 1}),
                    Resolver.resolve("127.0.0.1", Duration.ofSeconds(5)));
            assertEquals(
                    InetAddress.getByAddress(new byte[] {10, 0, (byte) 255, 1}),
                    Resolver.resolve("10.0.255.1", Duration.ofSeconds(5)));
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void only_canonical_dotted_quads_count_as_literals() {
        for (String literal : List.of("127.0.0.1", "0.0.0.0", "255.255.255.255", "10.20.30.40")) {
            assertTrue(Resolver.isIpv4Literal(literal), literal);
        }
        for (String other : List.of(
                "",
                "localhost",
                "1.2.3",
                "1.2.3.4.",
                ".1.2.3",
                "1..2.3",
                "256.1.1.1",
                "01.2.3.4",
                "1.2.3.4.5",
                "1.2.3.x",
                "1.2.3.1000",
                "::1",
                "0x7f.0.0.1",
                "١.٢.٣.٤")) {
            assertFalse(Resolver.isIpv4Literal(other), other);
        }
    }
}
