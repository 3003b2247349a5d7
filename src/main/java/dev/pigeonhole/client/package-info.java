/**
 * The client side of the protocol: {@link dev.pigeonhole.client.ClientSession}, which checks every
 * outgoing line before it is sent and every reply before it is trusted, over whichever transport an
 * {@link dev.pigeonhole.client.Endpoint} names (TCP, a Unix socket, or ssh running the remote
 * {@code pigeonhole bridge}); and the local files a client keeps: the {@link dev.pigeonhole.client.Archive}
 * (messages read), the {@link dev.pigeonhole.client.SentStore} (messages sent), both read a page at a time
 * through {@link dev.pigeonhole.client.RecordFile}.
 */
package dev.pigeonhole.client;
