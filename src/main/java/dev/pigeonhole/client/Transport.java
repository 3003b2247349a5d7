package dev.pigeonhole.client;

import java.io.IOException;
import java.io.OutputStream;

/**
 * A byte stream to a server, whatever carries it: what {@link ClientSession} needs of TCP, a Unix socket
 * or an ssh process. The session does all protocol work; a transport only moves bytes.
 */
interface Transport {
    /** Where the bytes go; the session buffers and flushes. */
    OutputStream output();

    /**
     * Reads at least one byte into {@code b}, waiting at most {@code timeoutNanos}.
     *
     * @return the number of bytes read, or -1 at the end of the stream
     * @throws java.net.SocketTimeoutException if nothing came in time
     */
    int read(byte[] b, int off, int len, long timeoutNanos) throws IOException;

    /** Closes the stream. Idempotent, from any thread; a read blocked in another thread then fails at once. */
    void close();

    /** The other end, for messages. */
    String peer();

    /**
     * What a failure of the stream means. The stream of an ssh process just ends when ssh fails: this is
     * where its own reason replaces "the server closed the connection".
     */
    default IOException explain(IOException failure) {
        return failure;
    }
}
