package dev.pigeonhole.compose;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Unsent text, per recipient, on disk beside the archive ({@code bob.log} -> {@code bob.drafts}), shared by
 * every client of the user. A save never replaces the file with one window's view: under an exclusive lock
 * ({@code bob.drafts.lock}) it reads the file, merges per recipient (newest edit wins, {@link Draft#newer}),
 * writes a temporary file, forces it to disk and renames it over the old one, so the file is always a whole
 * old or a whole new version, and two clients keep both their drafts. 0600.
 *
 * <p>Format (version 2): a first line {@code pigeonhole-drafts 2}; a line {@code to <millis> <name>}, the
 * To: field when last saved; then one line {@code d <millis> <recipient> <text>} per draft (empty text: a
 * deletion, kept {@link #KEEP_DELETIONS} so it reaches other clients). Fields are separated by one space
 * and escaped ({@code \\ \s \t \n \r}), so any name ({@code >}, {@code #}, empty) and any text round-trip.
 * A version-1 file ({@code >\t<to>} then {@code <recipient>\t<text>}) is still read.
 */
public final class DraftFile {
    /** What the file holds. {@code to} is the To: field when last saved, stamped like a draft. */
    public record Contents(String to, long toAt, Map<String, Draft> drafts) {
        public static final Contents EMPTY = new Contents("", 0, Map.of());

        public Contents {
            drafts = Map.copyOf(drafts);
        }

        /** The text of {@code recipient}'s draft, or "". */
        public String text(String recipient) {
            Draft d = drafts.get(recipient);
            return d == null ? "" : d.text();
        }

        /** Per recipient, the newer of each; the To: field of the later save. */
        public Contents merge(Contents other) {
            Map<String, Draft> all = new HashMap<>(drafts);
            other.drafts.forEach((who, d) -> all.merge(who, d, Draft::newer));
            return other.toAt >= toAt ? new Contents(other.to, other.toAt, all) : new Contents(to, toAt, all);
        }
    }

    static final String HEADER = "pigeonhole-drafts 2";
    /** How long a deletion is kept in the file for other clients to see. */
    static final Duration KEEP_DELETIONS = Duration.ofDays(30);

    private final PrivateFile file;

    public DraftFile(Path file) {
        this.file = new PrivateFile(file);
    }

    /** The drafts file for an archive: {@code bob.log} -> {@code bob.drafts}. */
    public static Path beside(Path archive) {
        return PrivateFile.beside(archive, ".drafts");
    }

    public Path file() {
        return file.path();
    }

    /** What the file holds now; {@link Contents#EMPTY} if there is no file. */
    public Contents load() throws IOException {
        String text = file.read();
        return text == null ? Contents.EMPTY : parse(text);
    }

    /**
     * Merges {@code mine} into the file and returns what the file holds afterwards (mine plus what other
     * clients saved). Deletions older than {@link #KEEP_DELETIONS} before {@code now} are dropped.
     *
     * @throws IOException if the file cannot be read, locked or written; it is then unchanged
     */
    public Contents save(Contents mine, long now) throws IOException {
        return file.change(text -> {
            Contents merged = (text == null ? Contents.EMPTY : parse(text)).merge(mine);
            Map<String, Draft> kept = new HashMap<>();
            long oldest = now - KEEP_DELETIONS.toMillis();
            merged.drafts().forEach((who, d) -> {
                if (!d.deleted() || d.editedAt() >= oldest) {
                    kept.put(who, d);
                }
            });
            Contents result = new Contents(merged.to(), merged.toAt(), kept);
            return new PrivateFile.Written<>(format(result), result);
        });
    }

    static String format(Contents c) {
        StringBuilder b = new StringBuilder(HEADER).append('\n');
        b.append("to ").append(c.toAt()).append(' ').append(escape(c.to())).append('\n');
        c.drafts().values().stream()
                .sorted((x, y) -> x.recipient().compareTo(y.recipient()))
                .forEach(d -> b.append("d ")
                        .append(d.editedAt())
                        .append(' ')
                        .append(escape(d.recipient()))
                        .append(' ')
                        .append(escape(d.text()))
                        .append('\n'));
        return b.toString();
    }

    /** Reads either version; lines it cannot make sense of are skipped, never fatal. */
    static Contents parse(String all) {
        String[] lines = all.split("\n", -1);
        if (lines.length == 0 || !lines[0].equals(HEADER)) {
            return parseVersion1(lines);
        }
        String to = "";
        long toAt = 0;
        Map<String, Draft> drafts = new HashMap<>();
        for (int i = 1; i < lines.length; i++) {
            String[] f = lines[i].split(" ", -1);
            try {
                if (f.length == 3 && f[0].equals("to")) {
                    toAt = Long.parseLong(f[1]);
                    to = unescape(f[2]);
                } else if (f.length == 4 && f[0].equals("d")) {
                    String who = unescape(f[2]);
                    drafts.merge(who, new Draft(who, unescape(f[3]), Long.parseLong(f[1])), Draft::newer);
                }
            } catch (NumberFormatException damaged) {
                // skip the line: the rest of the file is still good
            }
        }
        return new Contents(to, toAt, drafts);
    }

    /** Version 1 had no edit times: its drafts count as the oldest possible, so any real edit wins. */
    private static Contents parseVersion1(String[] lines) {
        String to = "";
        Map<String, Draft> drafts = new HashMap<>();
        for (int i = 0; i < lines.length; i++) {
            int tab = lines[i].indexOf('\t');
            if (tab < 0) {
                continue;
            }
            String key = unescape(lines[i].substring(0, tab));
            String value = unescape(lines[i].substring(tab + 1));
            if (i == 0 && key.equals(">")) {
                to = value; // only the first line is the To: field (a draft to ">" could follow)
            } else if (!value.isEmpty()) {
                drafts.put(key, new Draft(key, value, 0));
            }
        }
        return new Contents(to, 0, drafts);
    }

    static String escape(String s) {
        return PrivateFile.escape(s);
    }

    static String unescape(String s) {
        return PrivateFile.unescape(s);
    }
}
