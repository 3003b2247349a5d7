/**
 * Any text over the one-line printable-ASCII wire, and back to a terminal safely: {@link
 * dev.pigeonhole.text.WireText} is the RFC 2047 text convention every Pigeonhole client speaks (a layer
 * above the protocol: the wire rules do not change), {@link dev.pigeonhole.text.SafeText} makes decoded text
 * safe to show, {@link dev.pigeonhole.text.Columns} measures and wraps it in terminal columns.
 *
 * <p>Depends on nothing else in Pigeonhole: the client commands and the terminal client use it alike.
 */
package dev.pigeonhole.text;
