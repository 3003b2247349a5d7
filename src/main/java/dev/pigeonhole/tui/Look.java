package dev.pigeonhole.tui;

import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.TextColor;
import com.googlecode.lanterna.graphics.SimpleTheme;
import com.googlecode.lanterna.graphics.Theme;
import com.googlecode.lanterna.gui2.TextBox;
import com.googlecode.lanterna.gui2.TextGUIGraphics;
import java.util.EnumSet;

/**
 * How the UI draws: with colours or without ({@code NO_COLOR}, {@code --no-color}), with line-drawing
 * characters or plain ASCII ({@code --ascii}). Colour never carries meaning alone: every state is also
 * spelled out in words, so the no-colour look loses nothing but decoration.
 */
public record Look(boolean color, boolean ascii) {
    /** What a piece of text is, so each look can decide how it appears. */
    public enum Role {
        TEXT,
        DIM,
        SENDER,
        MARKER,
        GOOD,
        WARN,
        BAD,
        KEY,
        SCROLL_THUMB,
        /** The search match: reverse video, in every look. */
        MATCH
    }

    private static final TextColor[] SENDER_COLORS = {
        TextColor.ANSI.CYAN,
        TextColor.ANSI.GREEN,
        TextColor.ANSI.MAGENTA,
        TextColor.ANSI.YELLOW,
        TextColor.ANSI.BLUE_BRIGHT,
        TextColor.ANSI.RED_BRIGHT,
    };

    /**
     * The colour choice from the environment: off if {@code NO_COLOR} is set to anything non-empty
     * (no-color.org) or the user asked for none.
     */
    public static boolean colorWanted(boolean noColorFlag, String noColorVariable) {
        return !noColorFlag && (noColorVariable == null || noColorVariable.isEmpty());
    }

    /** A theme on the terminal's own colours, so the UI fits light and dark terminals alike. */
    public Theme theme() {
        TextColor d = TextColor.ANSI.DEFAULT;
        SimpleTheme theme = new SimpleTheme(d, d);
        SimpleTheme.Definition base = theme.getDefaultDefinition();
        base.setActive(d, d, SGR.BOLD);
        base.setSelected(d, d, SGR.BOLD);
        base.setPreLight(d, d);
        base.setInsensitive(d, d);
        if (ascii) {
            // Borders ask the default definition for these when the theme has no entry for their class.
            base.setCharacter("HORIZONTAL_LINE", '-');
            base.setCharacter("VERTICAL_LINE", '|');
            base.setCharacter("TOP_LEFT_CORNER", '+');
            base.setCharacter("TOP_RIGHT_CORNER", '+');
            base.setCharacter("BOTTOM_LEFT_CORNER", '+');
            base.setCharacter("BOTTOM_RIGHT_CORNER", '+');
            base.setCharacter("TITLE_LEFT", '-');
            base.setCharacter("TITLE_RIGHT", '-');
        }
        SimpleTheme.Definition box;
        if (color) {
            box = theme.addOverride(TextBox.class, d, TextColor.ANSI.BLACK_BRIGHT);
            box.setActive(TextColor.ANSI.WHITE_BRIGHT, TextColor.ANSI.BLUE);
        } else {
            // Underlined fields show where typing goes without any colour.
            box = theme.addOverride(TextBox.class, d, d, SGR.UNDERLINE);
            box.setActive(d, d, SGR.UNDERLINE, SGR.BOLD);
        }
        box.setSelected(d, d);
        box.setInsensitive(d, d);
        return theme;
    }

    /** Sets {@code g} up to draw text of {@code role}. */
    public void apply(TextGUIGraphics g, Role role) {
        apply(g, role, null);
    }

    /** Sets {@code g} up to draw text of {@code role}; {@code sender} picks a stable colour per sender. */
    public void apply(TextGUIGraphics g, Role role, String sender) {
        g.setBackgroundColor(TextColor.ANSI.DEFAULT);
        g.setForegroundColor(TextColor.ANSI.DEFAULT);
        g.setModifiers(EnumSet.noneOf(SGR.class));
        switch (role) {
            case TEXT -> {}
            case DIM -> {
                if (color) {
                    g.setForegroundColor(TextColor.ANSI.BLACK_BRIGHT);
                }
            }
            case SENDER -> {
                g.enableModifiers(SGR.BOLD);
                if (color && sender != null) {
                    g.setForegroundColor(SENDER_COLORS[Math.floorMod(sender.hashCode(), SENDER_COLORS.length)]);
                }
            }
            case MARKER -> {
                g.enableModifiers(SGR.BOLD);
                if (color) {
                    g.setForegroundColor(TextColor.ANSI.RED_BRIGHT);
                }
            }
            case GOOD -> {
                if (color) {
                    g.setForegroundColor(TextColor.ANSI.GREEN);
                }
            }
            case WARN -> {
                g.enableModifiers(SGR.BOLD);
                if (color) {
                    g.setForegroundColor(TextColor.ANSI.YELLOW);
                }
            }
            case BAD -> {
                g.enableModifiers(SGR.BOLD);
                if (color) {
                    g.setForegroundColor(TextColor.ANSI.RED);
                }
            }
            case KEY -> g.enableModifiers(SGR.BOLD);
            case MATCH -> g.enableModifiers(SGR.REVERSE, SGR.BOLD);
            case SCROLL_THUMB -> {
                if (color) {
                    g.setForegroundColor(TextColor.ANSI.BLUE_BRIGHT);
                }
            }
        }
    }

    /** A horizontal rule character. */
    public char rule() {
        return ascii ? '-' : '\u2500';
    }

    /** The scroll bar's track and thumb. */
    public char track() {
        return ascii ? '|' : '\u2502';
    }

    public char thumb() {
        return ascii ? '#' : '\u2588';
    }

    /** Marks text that was cut to fit. */
    public String ellipsis() {
        return ascii ? "..." : "\u2026";
    }

    /** Points from the writer to the recipient: {@code you → bob}. */
    public String arrow() {
        return ascii ? " -> " : " \u2192 ";
    }

    /** Separates items on one status line. */
    public String dot() {
        return ascii ? " | " : " \u00b7 ";
    }
}
