package dev.pigeonhole.server;

/**
 * A message the server has accepted: a server-wide increasing {@code id}, who it is for, who sent it,
 * and its text (already checked against P2 and P4).
 */
public record StoredMessage(long id, String recipient, String sender, String text) {}
