package dev.pigeonhole.cli;

import dev.pigeonhole.text.SafeText;

/**
 * Makes an error line safe to write to a terminal without changing what is already safe: {@link
 * SafeText#escape}, the one convention every printed line follows (controls as {@code \xNN}, invisible
 * format characters such as bidirectional overrides as a backslash, {@code u} and four hex digits;
 * letters, emoji and backslashes kept). Error lines quote the user's own input ("a recipient cannot
 * contain spaces") and text that other code has already escaped, so it must neither mangle letters nor
 * escape twice.
 */
final class TerminalText {
    private TerminalText() {}

    static String safe(String s) {
        return SafeText.escape(s);
    }
}
