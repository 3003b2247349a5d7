package dev.pigeonhole.server;

import dev.pigeonhole.testing.ServerFixture;

/**
 * Every test of {@link ProtocolRulesTest} (P1-P12, G3, the worked examples) over a Unix domain socket: the
 * protocol is the same over either transport. The OS user running the tests is trusted to log in under any
 * name here; {@link SocketIdentityTest} tests the identity rule itself.
 */
class ProtocolRulesOverSocketTest extends ProtocolRulesTest {
    @Override
    ServerFixture.Transport transport() {
        return ServerFixture.Transport.UNIX_SOCKET;
    }
}
