package dev.pigeonhole.server.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Opens real files whose channels fail like a full or dying disk on command: while {@link #full}, a
 * write stores part of its bytes and then fails with "No space left on device", as Linux does; while
 * {@link #failForce}, force fails. Truncation keeps working (it frees space). Also counts forces, failed
 * writes and the writes that stored all their bytes.
 */
final class FlakyDisk implements ChannelOpener {
    volatile boolean full;
    volatile boolean failForce;
    final AtomicLong forces = new AtomicLong();
    final AtomicLong failedWrites = new AtomicLong();
    final AtomicLong writes = new AtomicLong();

    @Override
    public FileChannel open(Path path, OpenOption... options) throws IOException {
        if (full && java.util.Arrays.asList(options).contains(java.nio.file.StandardOpenOption.CREATE)) {
            throw new IOException("No space left on device (creating " + path.getFileName() + ")");
        }
        return new Channel(FileChannel.open(path, options));
    }

    private final class Channel extends FileChannel {
        private final FileChannel d;
        private boolean wrotePart; // a short write happened; the next write fails

        Channel(FileChannel delegate) {
            this.d = delegate;
        }

        private int write(ByteBuffer src, long position, boolean positional) throws IOException {
            if (full) {
                if (!wrotePart && src.remaining() > 1) {
                    wrotePart = true;
                    ByteBuffer half = src.duplicate();
                    half.limit(half.position() + src.remaining() / 2);
                    int n = positional ? d.write(half, position) : d.write(half);
                    src.position(src.position() + n);
                    return n;
                }
                wrotePart = false;
                failedWrites.incrementAndGet();
                throw new IOException("No space left on device");
            }
            int n = positional ? d.write(src, position) : d.write(src);
            if (n > 0) {
                writes.incrementAndGet();
            }
            return n;
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            return write(src, -1, false);
        }

        @Override
        public int write(ByteBuffer src, long position) throws IOException {
            return write(src, position, true);
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
            long n = 0;
            for (int i = offset; i < offset + length; i++) {
                n += write(srcs[i]);
            }
            return n;
        }

        @Override
        public void force(boolean metaData) throws IOException {
            if (failForce) {
                throw new IOException("Input/output error (force)");
            }
            forces.incrementAndGet();
            d.force(metaData);
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            return d.read(dst);
        }

        @Override
        public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
            return d.read(dsts, offset, length);
        }

        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
            return d.read(dst, position);
        }

        @Override
        public long position() throws IOException {
            return d.position();
        }

        @Override
        public FileChannel position(long newPosition) throws IOException {
            d.position(newPosition);
            return this;
        }

        @Override
        public long size() throws IOException {
            return d.size();
        }

        @Override
        public FileChannel truncate(long size) throws IOException {
            d.truncate(size);
            return this;
        }

        @Override
        public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
            return d.transferTo(position, count, target);
        }

        @Override
        public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
            throw new IOException("not used by the journal");
        }

        @Override
        public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
            return d.map(mode, position, size);
        }

        @Override
        public FileLock lock(long position, long size, boolean shared) throws IOException {
            return d.lock(position, size, shared);
        }

        @Override
        public FileLock tryLock(long position, long size, boolean shared) throws IOException {
            return d.tryLock(position, size, shared);
        }

        @Override
        protected void implCloseChannel() throws IOException {
            d.close();
        }
    }
}
