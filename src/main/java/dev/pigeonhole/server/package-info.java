/**
 * The Pigeonhole server: {@link dev.pigeonhole.server.PigeonholeServer}, configured by
 * {@link dev.pigeonhole.server.ServerConfig}.
 *
 * <p>How a line travels: the selector thread ({@code EventLoop}) reads bytes without blocking and a
 * {@code RequestReader} per connection frames and checks them (P1-P4, P10, P11), producing requests; a
 * worker of the pool runs them through the connection's {@code Session} against the {@code Mailboxes}
 * (one {@code Mailbox}, with its own lock, per user) and appends replies to the connection's
 * {@code Outbox}; the selector thread writes them. Durable storage sits behind
 * {@link dev.pigeonhole.server.MessageStore}.
 */
package dev.pigeonhole.server;
