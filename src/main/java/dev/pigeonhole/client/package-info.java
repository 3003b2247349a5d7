/**
 * The client side of the protocol: {@link dev.pigeonhole.client.ClientSession}, which checks every
 * outgoing line before it is sent and every reply before it is trusted, over whichever transport an
 * {@link dev.pigeonhole.client.Endpoint} names (TCP, a Unix socket, or ssh running the remote
 * {@code pigeonhole bridge}); and {@link dev.pigeonhole.client.Archive}, the local copy of what was read.
 */
package dev.pigeonhole.client;
