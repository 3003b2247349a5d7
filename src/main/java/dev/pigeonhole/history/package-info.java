/**
 * The conversation history as plain models, with no terminal in sight: searching the whole archive and sent
 * store on disk. The terminal client ({@code dev.pigeonhole.tui}) draws what these find; they are tested
 * without a terminal.
 */
package dev.pigeonhole.history;
