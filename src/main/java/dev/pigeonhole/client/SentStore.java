package dev.pigeonhole.client;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * The local copy of every message this user sent, kept beside the {@link Archive} so that a conversation
 * has both sides. Same file format, durability and privacy as the archive (one TAB-separated record per
 * line, forced to disk before {@link #append} returns, 0600, file-locked), with the recipient where the
 * archive has the sender: {@code <sent>\t<recipient>\t<text>\n}.
 */
public final class SentStore {
    private final Archive records;

    public SentStore(Path file) {
        this.records = new Archive(file);
    }

    /** The sent store that belongs to {@code archive}: {@code bob.log} keeps its sent messages in {@code bob.sent.log}. */
    public static SentStore beside(Archive archive) {
        return new SentStore(besidePath(archive.file()));
    }

    static Path besidePath(Path archiveFile) {
        String name = archiveFile.getFileName().toString();
        String sent = name.endsWith(".log") ? name.substring(0, name.length() - 4) + ".sent.log" : name + ".sent";
        return archiveFile.resolveSibling(sent);
    }

    public Path file() {
        return records.file();
    }

    /**
     * Records that {@code text} went to {@code recipient} at {@code at}, forced to the storage device before
     * returning.
     */
    public void append(Instant at, String recipient, String text) throws IOException {
        records.append(new ArchivedMessage(at, recipient, text));
    }

    /** Every sent message, oldest first. */
    public List<ConversationMessage> readAll() throws IOException {
        return records.readAll().stream().map(ConversationMessage::sent).toList();
    }

    /** {@link Archive#tightenPermissions()} for this file. */
    public String tightenPermissions() {
        return records.tightenPermissions();
    }
}
