package dev.pigeonhole.cli;

import dev.pigeonhole.client.ArchivedMessage;
import dev.pigeonhole.client.StoredMessage;
import dev.pigeonhole.protocol.Ascii;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * How {@code read} and {@code inbox} print a message, one line each.
 * <ul>
 *   <li>Human: {@code 2026-11-25 17:40:03  alice  Hi Alice!} (local time, sender, text), two spaces
 *       between the fields. Printable ASCII is shown as it is (a backslash too, so {@code C:\temp} reads
 *       as sent); any other character is shown escaped ({@link Ascii#escape}: {@code \x1b}), although
 *       neither the server (P2) nor the archive should ever hold one: nothing reaches the terminal raw.</li>
 *   <li>JSON: {@code {"received":"2026-11-25T16:40:03.123Z","sender":"alice","text":"Hi Alice!"}}, one
 *       object per line (JSON Lines), time in UTC ISO-8601, exact text in {@link Json} escapes.</li>
 * </ul>
 */
enum OutputFormat {
    HUMAN {
        @Override
        String line(ArchivedMessage m) {
            return LOCAL_TIME.format(m.received()) + "  " + shown(m.sender()) + "  " + shown(m.text());
        }
    },
    JSON {
        @Override
        String line(ArchivedMessage m) {
            return "{\"received\":" + Json.string(m.received().toString())
                    + ",\"sender\":" + Json.string(m.sender())
                    + ",\"text\":" + Json.string(m.text()) + "}";
        }

        @Override
        String line(StoredMessage m) {
            boolean in = m.incoming();
            return "{\"direction\":" + (in ? "\"in\"" : "\"out\"")
                    + (in ? ",\"received\":" : ",\"sent\":") + Json.string(m.at().toString())
                    + (in ? ",\"sender\":" : ",\"recipient\":") + Json.string(m.peer())
                    + ",\"text\":" + Json.string(m.text()) + "}";
        }
    };

    private static final DateTimeFormatter LOCAL_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

    /** {@code s} for a terminal: printable ASCII kept, every other character escaped. */
    static String shown(String s) {
        if (Ascii.firstNonPrintable(s) < 0) {
            return s; // the only case for text that came through the protocol
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            b.append(Ascii.isPrintable(c) ? String.valueOf(c) : Ascii.escape(String.valueOf(c)));
        }
        return b.toString();
    }

    /** The message as one line, without its line break. */
    abstract String line(ArchivedMessage m);

    /**
     * A message of either direction, as {@code inbox} prints it: human, {@code <- alice} for received and
     * {@code -> bob} for sent; JSON, a {@code direction} of {@code in} (with {@code received}, {@code sender})
     * or {@code out} (with {@code sent}, {@code recipient}).
     */
    String line(StoredMessage m) {
        return LOCAL_TIME.format(m.at()) + "  " + (m.incoming() ? "<- " : "-> ") + shown(m.peer()) + "  "
                + shown(m.text());
    }

    static OutputFormat of(boolean json) {
        return json ? JSON : HUMAN;
    }
}
