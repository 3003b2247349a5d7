package dev.pigeonhole.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every event loop accepts on its own share of the TCP port (SO_REUSEPORT), and the kernel spreads new
 * connections over the shares; yet a second server cannot join a port that one already listens on.
 */
class ListenerTest {
    @Test
    void the_kernel_spreads_connections_over_every_share_of_the_port() throws Exception {
        List<Listener> shares = Listener.tcpShares("127.0.0.1", 0, 3, true);
        List<SocketChannel> clients = new ArrayList<>();
        try {
            assertEquals(3, shares.size());
            int port = shares.get(0).port();
            for (Listener l : shares) {
                assertEquals(port, l.port());
                assertTrue(l.keepsConnections());
            }
            for (int i = 0; i < 60; i++) {
                clients.add(SocketChannel.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), port)));
            }
            int total = 0;
            for (Listener l : shares) {
                int accepted = 0;
                for (SocketChannel c; (c = l.channel().accept()) != null; ) {
                    c.close();
                    accepted++;
                }
                // 60 connections all on two of three shares: (2/3)^60 * 3, about 1e-10.
                assertTrue(accepted > 0, "a share accepted nothing");
                total += accepted;
            }
            assertEquals(60, total);
            assertThrows(BindException.class, () -> Listener.tcpShares("127.0.0.1", port, 2, true));
        } finally {
            for (SocketChannel c : clients) {
                c.close();
            }
            for (Listener l : shares) {
                l.close();
            }
        }
    }
}
