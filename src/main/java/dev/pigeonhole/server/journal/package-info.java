/**
 * The durable {@link dev.pigeonhole.server.MessageStore}: a write-ahead journal of checksummed records in
 * append-only segment files, with group commit, compaction that runs beside the service, torn-write
 * recovery and a data-directory lock. The file format is described in {@code src/docs/journal.md}.
 */
package dev.pigeonhole.server.journal;
