/**
 * What the user writes and what becomes of it, without a terminal: the input line's model
 * ({@link dev.pigeonhole.compose.Compose}: recipient, text, completion, the checks before sending), the
 * drafts kept per recipient ({@link dev.pigeonhole.compose.DraftBook} in memory, merged into the
 * {@link dev.pigeonhole.compose.DraftFile} on disk so that no client's keys overwrite another's), the
 * sent-message history, and the outcome of each send ({@link dev.pigeonhole.compose.SendResult},
 * {@link dev.pigeonhole.compose.Outbox}: sends not yet confirmed by the server).
 *
 * <p>It sits between {@code tui} (which draws it) and {@code client} (files and the session): data flows
 * tui -> compose -> client -> protocol, and nothing here imports Lanterna.
 */
package dev.pigeonhole.compose;
