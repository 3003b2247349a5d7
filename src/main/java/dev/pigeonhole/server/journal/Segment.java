package dev.pigeonhole.server.journal;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One segment file and what the journal knows about it. Mutable, and owned by one thread at a time:
 * recovery builds it, then only the writer thread touches it.
 */
final class Segment {
    private static final Pattern NAME = Pattern.compile("journal-(\\d{12})\\.seg");

    final long number;
    final Path path;
    /** Bytes in the file that hold whole records (plus the header). */
    long size;
    /** STORED records in this file whose message is still stored and not copied elsewhere. */
    long liveRecords;
    /** Their total size in bytes. */
    long liveBytes;

    Segment(long number, Path directory) {
        this.number = number;
        this.path = directory.resolve(fileName(number));
    }

    static String fileName(long number) {
        return String.format("journal-%012d.seg", number);
    }

    /** The segment number in a file name, or -1 if the name is not a segment's. */
    static long numberOf(Path file) {
        Matcher m = NAME.matcher(file.getFileName().toString());
        return m.matches() ? Long.parseLong(m.group(1)) : -1;
    }

    void addLive(int recordBytes) {
        liveRecords++;
        liveBytes += recordBytes;
    }

    void removeLive(int recordBytes) {
        liveRecords--;
        liveBytes -= recordBytes;
    }

    @Override
    public String toString() {
        return path.getFileName() + "(" + size + " bytes, " + liveRecords + " live)";
    }
}
