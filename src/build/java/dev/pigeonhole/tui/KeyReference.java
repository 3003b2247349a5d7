package dev.pigeonhole.tui;

import java.util.List;

/**
 * The terminal client's keys for the man page, from {@link KeyMap}'s own listing (the one its F1 help and
 * README's table come from), so the page cannot drift from what the keys do. Build-time only.
 */
public final class KeyReference {
    private KeyReference() {}

    /** Key and what it does, in the table's order. */
    public static List<String[]> rows() {
        return KeyMap.rows();
    }
}
