package dev.pigeonhole.protocol;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;

/**
 * Reads protocol lines from a blocking stream with a bound on every line (P1, P2, P11). Not
 * thread-safe. Memory use is the read buffer plus at most {@code limit} bytes, whatever the peer sends.
 */
public final class LineReader {
    private final InputStream in;
    private final ByteBuffer chunk;
    private final LineFramer framer = new LineFramer();

    public LineReader(InputStream in) {
        this(in, 8192);
    }

    public LineReader(InputStream in, int bufferSize) {
        this.in = in;
        this.chunk = ByteBuffer.allocate(bufferSize);
        this.chunk.limit(0);
    }

    /**
     * Returns the next line without its LF, or {@code null} if the stream ended cleanly between lines.
     *
     * @param limit the longest line accepted, in bytes
     * @throws ProtocolException if the line is longer than {@code limit} (P11) or holds a byte outside
     *                           printable ASCII (P2)
     * @throws EOFException      if the stream ended in the middle of a line (P1)
     */
    public String readLine(int limit) throws IOException {
        while (true) {
            switch (framer.next(chunk, limit)) {
                case LINE -> {
                    byte[] b = framer.buffer();
                    int n = framer.length();
                    int bad = Ascii.firstNonPrintable(b, 0, n);
                    if (bad >= 0) {
                        throw new ProtocolException(
                                "P2",
                                "byte 0x" + Integer.toHexString(b[bad] & 0xFF) + " at column " + (bad + 1),
                                b,
                                0,
                                n);
                    }
                    return Ascii.ascii(b, 0, n);
                }
                case TOO_LONG ->
                    throw new ProtocolException("P11", "line longer than " + limit + " bytes", framer.buffer(), 0, 0);
                case SKIPPED -> throw new IllegalStateException("unreachable: TOO_LONG always ends the read");
                case NEED_MORE -> {
                    if (!fill()) {
                        if (framer.midLine()) {
                            throw new EOFException("P1: connection closed in the middle of a line");
                        }
                        return null;
                    }
                }
            }
        }
    }

    private boolean fill() throws IOException {
        chunk.clear();
        int n = in.read(chunk.array(), chunk.arrayOffset(), chunk.capacity());
        if (n < 0) {
            chunk.limit(0);
            return false;
        }
        chunk.limit(n);
        return true;
    }
}
