package dev.pigeonhole.server;

import dev.pigeonhole.testing.ServerFixture;

/**
 * Every test of {@link ProtocolRulesTest} (P1-P12, G3, the worked examples) against a server that keeps a
 * journal with fsync always: the connection waits for each store call to be answered from the journal's
 * writer thread, and the protocol is the same as in memory.
 */
class ProtocolRulesWithJournalTest extends ProtocolRulesTest {
    @Override
    ServerFixture.Store store() {
        return ServerFixture.Store.JOURNAL;
    }
}
