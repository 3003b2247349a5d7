package dev.pigeonhole.client;

import java.time.Instant;

/**
 * One record of the local archive or of the sent store, which share a file format: when it was received
 * (archive) or sent (sent store), the other person in it (the sender in the archive, the recipient in the
 * sent store), and its text as it travelled on the wire.
 */
public record ArchivedMessage(Instant at, String peer, String text) {}
