package dev.pigeonhole.tui;

import com.googlecode.lanterna.TerminalTextUtils;
import dev.pigeonhole.history.ConversationRows;
import dev.pigeonhole.text.Columns;
import dev.pigeonhole.text.SafeText;
import dev.pigeonhole.text.WireText;
import java.text.Normalizer;
import java.util.List;

/**
 * Makes any text safe to hand to Lanterna, and measures it in terminal columns.
 *
 * <p>Lanterna throws from inside a draw when a cell holds a C0 control character (which would kill the
 * GUI thread), passes C1 controls raw to the terminal, and prints a code point above U+FFFF as two
 * {@code ?} because it encodes one UTF-16 unit at a time. Every string that did not come from our own
 * source code goes through {@link #sanitize} before it reaches a component: server replies, archive
 * records, and text typed or pasted by the user (which is shown, but validated before sending).
 */
public final class ScreenText {
    /** Shown in place of anything that cannot be drawn. */
    public static final char REPLACEMENT = '\uFFFD';

    /**
     * Shown in place of a wide character Lanterna cannot draw (an emoji beyond U+FFFF, which it would print
     * as two {@code ?}), or one it would count as one column where the terminal takes two: a wide stand-in,
     * so the line keeps the width the terminal gives the original.
     */
    public static final char WIDE_STAND_IN = '\u3013';

    private ScreenText() {}

    /**
     * {@code s} with every control, format, unassigned, private-use or surrogate character and every code
     * point above U+FFFF replaced by U+FFFD; a surrogate pair becomes one replacement, not two.
     */
    public static String sanitize(CharSequence s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = null;
        for (int i = 0, n = s.length(); i < n; ) {
            int cp = Character.codePointAt(s, i);
            int len = Character.charCount(cp);
            boolean ok = (cp >= 0x20 && cp < 0x7F) || (cp > 0x9F && cp <= 0xFFFF && drawable(cp));
            if (!ok && out == null) {
                out = new StringBuilder(n).append(s, 0, i);
            }
            if (out != null) {
                if (ok) {
                    out.append((char) cp);
                } else {
                    out.append(REPLACEMENT);
                }
            }
            i += len;
        }
        return out == null ? s.toString() : out.toString();
    }

    /** Wire text (as the archive keeps it) as a person reads it: RFC 2047 decoded, not yet safe to draw. */
    public static String decode(String wire) {
        return wire == null ? "" : WireText.decode(wire);
    }

    /**
     * Wire text (as the archive keeps it) as the conversation shows it: decoded ({@link WireText}), split
     * into lines at its line breaks (kept as {@code \n}: the view breaks rows there), every control, bidi
     * override or invisible character shown as a visible escape ({@link SafeText}, so a hostile message
     * can neither crash Lanterna, retitle the terminal nor reorder a line), and each character Lanterna
     * would draw at another width than the terminal replaced by a stand-in of the terminal's width.
     */
    public static String display(String wire) {
        List<String> lines = SafeText.lines(Normalizer.normalize(decode(wire), Normalizer.Form.NFC));
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            if (i > 0) {
                out.append('\n');
            }
            drawable(lines.get(i), out);
        }
        return out.toString();
    }

    /** Appends {@code safe} (escaped text) with stand-ins wherever Lanterna and the terminal disagree. */
    private static void drawable(String safe, StringBuilder out) {
        for (int i = 0, n = safe.length(); i < n; ) {
            int cp = safe.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == 0x200D || cp == 0xFE0E || cp == 0xFE0F) {
                continue; // joiners and variation selectors of an emoji: part of the stand-in before them
            }
            int terminal = Columns.width(cp);
            if (cp > 0xFFFF) {
                out.append(terminal == 2 ? WIDE_STAND_IN : REPLACEMENT);
            } else if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F)) {
                out.append(REPLACEMENT); // never reached after SafeText; a cell must never hold one
            } else if (terminal == (TerminalTextUtils.isCharDoubleWidth((char) cp) ? 2 : 1)) {
                out.append((char) cp);
            } else {
                out.append(terminal == 2 ? WIDE_STAND_IN : REPLACEMENT);
            }
        }
    }

    /**
     * {@code s} with each surrogate pair as {@link #WIDE_STAND_IN} and each lone surrogate as {@link
     * #REPLACEMENT}: for a field's own text, which keeps its emoji, drawn where Lanterna counts two columns
     * for a pair (see {@link StandInGraphics}). Text without surrogates comes back as it is.
     */
    static String pairsAsStandIns(String s) {
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!Character.isSurrogate(c)) {
                if (out != null) {
                    out.append(c);
                }
                continue;
            }
            if (out == null) {
                out = new StringBuilder(s.length()).append(s, 0, i);
            }
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                out.append(WIDE_STAND_IN);
                i++;
            } else {
                out.append(REPLACEMENT);
            }
        }
        return out == null ? s : out.toString();
    }

    private static boolean drawable(int cp) {
        return switch (Character.getType(cp)) {
            case Character.CONTROL,
                    Character.FORMAT,
                    Character.UNASSIGNED,
                    Character.PRIVATE_USE,
                    Character.SURROGATE,
                    Character.LINE_SEPARATOR,
                    Character.PARAGRAPH_SEPARATOR -> false;
            // Combining marks would merge into the previous cell and throw off every column count.
            case Character.NON_SPACING_MARK, Character.ENCLOSING_MARK, Character.COMBINING_SPACING_MARK -> false;
            default -> true;
        };
    }

    /** Columns one character of sanitized text takes: 2 for CJK and other wide characters, else 1. */
    public static int width(char c) {
        return TerminalTextUtils.isCharDoubleWidth(c) ? 2 : 1;
    }

    /** Columns sanitized text takes. */
    public static int width(CharSequence s) {
        int w = 0;
        for (int i = 0; i < s.length(); i++) {
            w += width(s.charAt(i));
        }
        return w;
    }

    /**
     * The longest prefix of sanitized text that fits {@code columns}, with {@code …} (or {@code ...} when
     * {@code ascii}) at the end if anything was cut.
     */
    public static String fit(String s, int columns, boolean ascii) {
        if (columns <= 0) {
            return "";
        }
        if (width(s) <= columns) {
            return s;
        }
        String ellipsis = ascii ? "..." : "\u2026";
        int room = columns - ellipsis.length();
        if (room <= 0) {
            return ellipsis.substring(0, Math.min(columns, ellipsis.length()));
        }
        StringBuilder out = new StringBuilder(columns);
        int w = 0;
        for (int i = 0; i < s.length(); i++) {
            int cw = width(s.charAt(i));
            if (w + cw > room) {
                break;
            }
            out.append(s.charAt(i));
            w += cw;
        }
        return out.append(ellipsis).toString();
    }

    /** How this terminal shows a conversation: this class's decoding, escaping and widths, the look's arrow. */
    static ConversationRows.Style style(Look look) {
        return new ConversationRows.Style() {
            @Override
            public String display(String wire) {
                return ScreenText.display(wire);
            }

            @Override
            public int width(char c) {
                return ScreenText.width(c);
            }

            @Override
            public String fit(String s, int columns) {
                return ScreenText.fit(s, columns, look.ascii());
            }

            @Override
            public String arrow() {
                return look.arrow();
            }
        };
    }
}
