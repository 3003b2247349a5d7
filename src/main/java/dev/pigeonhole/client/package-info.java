/**
 * The client side of the protocol: {@link dev.pigeonhole.client.ClientSession}, which checks every
 * outgoing line before it is sent and every reply before it is trusted.
 */
package dev.pigeonhole.client;
