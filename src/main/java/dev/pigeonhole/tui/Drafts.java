package dev.pigeonhole.tui;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Unsent text, per recipient, kept on disk beside the archive ({@code bob.log} → {@code bob.drafts}) so
 * that a quit, a crash or a lost ssh connection never costs what was typed. The file is replaced whole
 * (write, force, rename), so it is always the old or the new version, never half of one; 0600.
 *
 * <p>Format: one line per draft, {@code <recipient>\t<text>}, the recipient empty for text typed before
 * one was chosen; the first line is {@code >\t<recipient>}: the To: field when last saved. Backslash, TAB
 * and LF in a field are written {@code \\}, {@code \t}, {@code \n}.
 */
final class Drafts {
    /** What the input line held, and every other recipient's draft. */
    record Snapshot(String to, String text, Map<String, String> others) {
        static final Snapshot EMPTY = new Snapshot("", "", Map.of());
    }

    private final Path file;

    Drafts(Path file) {
        this.file = file.toAbsolutePath().normalize();
    }

    static Path beside(Path archive) {
        String name = archive.getFileName().toString();
        String drafts = name.endsWith(".log") ? name.substring(0, name.length() - 4) + ".drafts" : name + ".drafts";
        return archive.resolveSibling(drafts);
    }

    Path file() {
        return file;
    }

    Snapshot load() throws IOException {
        String all;
        try {
            all = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Snapshot.EMPTY;
        }
        String to = "";
        Map<String, String> others = new LinkedHashMap<>();
        for (String line : all.split("\n")) {
            int tab = line.indexOf('\t');
            if (tab < 0) {
                continue;
            }
            String key = line.substring(0, tab);
            String value = unescape(line.substring(tab + 1));
            if (key.equals(">")) {
                to = value;
            } else {
                others.put(unescape(key), value);
            }
        }
        String text = others.getOrDefault(to, "");
        others.remove(to);
        return new Snapshot(to, text, others);
    }

    /** Replaces the file with {@code s}; removes it when there is nothing to keep. */
    void save(Snapshot s) throws IOException {
        StringBuilder b = new StringBuilder();
        b.append(">\t").append(escape(s.to())).append('\n');
        if (!s.text().isEmpty()) {
            b.append(escape(s.to())).append('\t').append(escape(s.text())).append('\n');
        }
        s.others().forEach((to, text) -> {
            if (!text.isEmpty() && !to.equals(s.to())) {
                b.append(escape(to)).append('\t').append(escape(text)).append('\n');
            }
        });
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        try {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(tmp);
        }
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap(b.toString().getBytes(StandardCharsets.UTF_8)));
            ch.force(true);
        }
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n");
    }

    static String unescape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char n = s.charAt(++i);
                b.append(n == 't' ? '\t' : n == 'n' ? '\n' : n);
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
