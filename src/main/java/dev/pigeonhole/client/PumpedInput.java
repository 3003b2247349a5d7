package dev.pigeonhole.client;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Timed reads from a stream that has no timeout of its own and cannot be selected on (an ssh
 * process's pipe): a daemon thread reads ahead into a small bounded queue, and {@link #read} waits on the
 * queue with a deadline. Bounded, so a flood from the server waits in the kernel's buffers, not in the heap.
 */
final class PumpedInput {
    private static final Object END = new Object();
    private static final Object CLOSED = new Object();
    private static final int CHUNK = 8192;

    /** Chunks read ahead (byte[]), then END or the IOException that ended the stream; CLOSED wakes a reader. */
    private final BlockingQueue<Object> chunks = new ArrayBlockingQueue<>(16);

    private final Thread pump;
    private volatile boolean closed;
    // Used only by the one thread reading (the session's exchanges are serialized).
    private byte[] current;
    private int position;
    private Object last;

    PumpedInput(InputStream in, String name) {
        this.pump = new Thread(() -> pump(in), name);
        this.pump.setDaemon(true);
        this.pump.start();
    }

    private void pump(InputStream in) {
        byte[] buf = new byte[CHUNK];
        try {
            for (int n; (n = in.read(buf)) >= 0; ) {
                if (n > 0) {
                    chunks.put(Arrays.copyOf(buf, n));
                }
            }
            chunks.put(END);
        } catch (IOException e) {
            chunks.offer(e); // a full queue means nobody reads any more: dropping it loses nothing
        } catch (InterruptedException e) {
            // close(): nobody reads any more
        }
    }

    int read(byte[] b, int off, int len, long timeoutNanos) throws IOException {
        if (current == null) {
            if (last == null) {
                if (closed) {
                    throw new SocketException("the connection is closed");
                }
                Object next;
                try {
                    next = chunks.poll(timeoutNanos, TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException("interrupted while waiting for the server");
                }
                if (next == null) {
                    throw new SocketTimeoutException("reply deadline passed");
                }
                if (next instanceof byte[] chunk) {
                    current = chunk;
                    position = 0;
                } else {
                    last = next;
                }
            }
            if (last == END) {
                return -1;
            }
            if (last == CLOSED || closed) {
                throw new SocketException("the connection is closed");
            }
            if (last instanceof IOException e) {
                throw e;
            }
        }
        int n = Math.min(len, current.length - position);
        System.arraycopy(current, position, b, off, n);
        position += n;
        if (position == current.length) {
            current = null;
        }
        return n;
    }

    /** Wakes a waiting reader and stops the pump; closing the stream itself is the owner's job. */
    void close() {
        closed = true;
        chunks.clear();
        chunks.offer(CLOSED);
        pump.interrupt();
    }
}
