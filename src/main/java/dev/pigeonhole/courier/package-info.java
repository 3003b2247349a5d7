/**
 * The terminal client's network side, with no terminal in sight: the {@link dev.pigeonhole.courier.Courier}
 * (one background thread that owns the session, polls, sends and reconnects), what the window asks of it
 * ({@link dev.pigeonhole.courier.Mailroom}), what it tells the window ({@link dev.pigeonhole.courier.MailEvents})
 * and the connection's state ({@link dev.pigeonhole.courier.LinkState}).
 *
 * <p>Why a package of its own: none of this draws, so it does not belong in {@code tui} (which is for what
 * imports Lanterna), and it is not the protocol client either ({@code client} knows one session and the
 * local files; this decides when to poll, what to send, and what to do when the link breaks). Data flows
 * cli -> tui -> courier -> client -> protocol: nothing here imports {@code tui} or Lanterna, so it is
 * tested with a real server and no terminal.
 */
package dev.pigeonhole.courier;
