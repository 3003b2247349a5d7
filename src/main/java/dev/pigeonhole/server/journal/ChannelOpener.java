package dev.pigeonhole.server.journal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;

/**
 * Opens the journal's segment files. Production uses {@link FileChannel#open}; tests substitute channels
 * that fail like a full or dying disk.
 */
@FunctionalInterface
public interface ChannelOpener {
    /** The real file system; files it creates are private to the server's user (0600). */
    ChannelOpener DEFAULT = PrivateFiles::open;

    FileChannel open(Path path, OpenOption... options) throws IOException;
}
