package dev.pigeonhole.cli;

import dev.pigeonhole.client.ArchivedMessage;
import dev.pigeonhole.client.ConversationMessage;
import dev.pigeonhole.text.Columns;
import dev.pigeonhole.text.SafeText;
import dev.pigeonhole.text.WireText;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * How {@code read} and {@code inbox} print a message. Messages are kept as wire text (the archive and the
 * sent store hold exactly what crossed the wire) and decoded here ({@link WireText#decode}).
 * <ul>
 *   <li>Human: {@code 2026-11-25 17:40:03  alice  Hi Alice!} (local time, sender, text), two spaces
 *       between the fields. A message of several lines continues on the next lines, indented to its text's
 *       column, so a line that does not start with a space starts a record. The text is made safe for a
 *       terminal ({@link SafeText}: {@code \x1b}, {@code \u202e} escapes; tabs expanded), and a character that
 *       standard output's encoding cannot carry (a C locale) is shown escaped too, never as {@code ?}.</li>
 *   <li>JSON: {@code {"received":"2026-11-25T16:40:03.123Z","sender":"alice","text":"Hi Alice!"}}, one
 *       object per line (JSON Lines), time in UTC ISO-8601, the exact decoded text in {@link Json} escapes.</li>
 * </ul>
 */
enum OutputFormat {
    HUMAN {
        @Override
        String line(ArchivedMessage m) {
            return record(LOCAL_TIME.format(m.at()) + "  " + shown(m.peer()) + "  ", m.text(), OUTPUT);
        }
    },
    JSON {
        @Override
        String line(ArchivedMessage m) {
            return "{\"received\":" + Json.string(m.at().toString())
                    + ",\"sender\":" + Json.string(m.peer())
                    + ",\"text\":" + Json.string(WireText.decode(m.text())) + "}";
        }

        @Override
        String line(ConversationMessage m) {
            boolean in = m.incoming();
            return "{\"direction\":" + (in ? "\"in\"" : "\"out\"")
                    + (in ? ",\"received\":" : ",\"sent\":") + Json.string(m.at().toString())
                    + (in ? ",\"sender\":" : ",\"recipient\":") + Json.string(m.peer())
                    + ",\"text\":" + Json.string(WireText.decode(m.text())) + "}";
        }
    };

    private static final DateTimeFormatter LOCAL_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

    private static final Charset OUTPUT = Main.outputCharset();

    /** {@code s} (a name: one line) for a terminal. */
    static String shown(String s) {
        return displayable(SafeText.escape(s), OUTPUT);
    }

    /**
     * One record: {@code head} then the decoded, safe text of {@code wire}; its second and later lines on
     * lines of their own, indented by the width of {@code head}.
     */
    static String record(String head, String wire, Charset charset) {
        List<String> lines = SafeText.lines(WireText.decode(wire));
        StringBuilder b = new StringBuilder(head).append(displayable(lines.get(0), charset));
        String indent = " ".repeat(Columns.width(head));
        for (String line : lines.subList(1, lines.size())) {
            b.append('\n').append(indent).append(displayable(line, charset));
        }
        return b.toString();
    }

    /** {@code s} with each character that {@code charset} cannot encode shown as an escape. */
    static String displayable(String s, Charset charset) {
        if (charset.equals(StandardCharsets.UTF_8)) {
            return s;
        }
        CharsetEncoder encoder = charset.newEncoder();
        if (encoder.canEncode(s)) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            String c = new String(Character.toChars(cp));
            b.append(encoder.canEncode(c) ? c : SafeText.escape(cp));
            i += Character.charCount(cp);
        }
        return b.toString();
    }

    /** The message as one record, without its final line break. */
    abstract String line(ArchivedMessage m);

    /**
     * A message of either direction, as {@code inbox} prints it: human, {@code <- alice} for received and
     * {@code -> bob} for sent; JSON, a {@code direction} of {@code in} (with {@code received}, {@code sender})
     * or {@code out} (with {@code sent}, {@code recipient}).
     */
    String line(ConversationMessage m) {
        return record(
                LOCAL_TIME.format(m.at()) + "  " + (m.incoming() ? "<- " : "-> ") + shown(m.peer()) + "  ",
                m.text(),
                OUTPUT);
    }

    static OutputFormat of(boolean json) {
        return json ? JSON : HUMAN;
    }
}
