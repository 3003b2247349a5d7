package dev.pigeonhole.client;

import java.time.Instant;

/** A message as the local archive keeps it: when this client received it, who sent it, and its text. */
public record ArchivedMessage(Instant received, String sender, String text) {}
