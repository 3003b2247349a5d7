/**
 * The Pigeonhole server: {@link dev.pigeonhole.server.PigeonholeServer}, configured by
 * {@link dev.pigeonhole.server.ServerConfig}.
 *
 * <p>How a line travels: {@code --pool-size} event loops ({@code EventLoop}, each a task of the server's
 * {@code ExecutorService} with its own selector) share the connections; by default they start serving on
 * demand ({@code OnDemandLoops} asks {@code LoopDemand} once a second). On its loop, a {@code Connection}
 * reads bytes without blocking, its {@code RequestReader} frames and checks them (P1-P4, P10, P11) into
 * requests, its {@code Session} runs them against the {@code Mailboxes} (one {@code Mailbox}, with its own
 * lock, per user, shared by all loops) and appends replies to its {@code Outbox}, which it writes. Durable
 * storage sits behind {@link dev.pigeonhole.server.MessageStore}, which is asynchronous only: a request that
 * needs it returns a {@code Session.Pending}, and the store's answer comes back through
 * {@code Connection.answered}, which runs it now on the loop or posts it there, so no loop waits for the
 * disk. src/docs/server.md follows one COMPOSE through all of it.
 */
package dev.pigeonhole.server;
