/**
 * What the operating system says, in a person's words: the reason an I/O operation failed
 * ({@link dev.pigeonhole.system.IoReason}) and where the user's files go
 * ({@link dev.pigeonhole.system.UserDirectories}). Every other package may use it; it uses none of them.
 */
package dev.pigeonhole.system;
