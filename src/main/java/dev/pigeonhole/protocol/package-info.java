/**
 * The Pigeonhole wire protocol (see {@code src/docs/protocol.md}): line framing, validation of
 * user names and messages, typed commands and replies, and {@link dev.pigeonhole.protocol.ProtocolException}.
 *
 * <p>This package holds no sockets and no policy. The server and the client session both use it, so
 * the rules are written down exactly once.
 */
package dev.pigeonhole.protocol;
