package dev.pigeonhole.server.journal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Cleans sealed segments beside the service. It reads a segment (sealed files never change) and hands
 * its STORED records to the writer in chunks, as the checked bytes they are on disk: decoding and encoding
 * them again took about three times the CPU, for records most of which belong to messages read long ago.
 * The writer rewrites those still live there at the end of the journal, in queue order with every other
 * write, and finally deletes the emptied segment. Reading happens on this thread, so the writer only ever
 * pauses for one chunk. Damage in the segment ends the reading before anything of it is handed on.
 */
final class Compactor {
    private static final int CHUNK_BYTES = 256 << 10;

    private final JournalConfig config;
    private final JournalWriter writer;
    private final BlockingQueue<Segment> work = new LinkedBlockingQueue<>();
    private final Thread thread;

    Compactor(JournalConfig config, JournalWriter writer) {
        this.config = config;
        this.writer = writer;
        this.thread = new Thread(this::run, "pigeonhole-journal-compactor");
        thread.setDaemon(true);
        thread.start();
    }

    void compact(Segment sealed) {
        work.add(sealed);
    }

    void stop() {
        thread.interrupt();
        if (Thread.currentThread() != thread) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                Segment segment = work.take();
                IOException failure = null;
                try {
                    copyLiveRecords(segment);
                } catch (IOException e) {
                    failure = e;
                }
                await(writer.submit(new JournalWriter.Drop(segment, failure, new CompletableFuture<>()))
                        .done());
            }
        } catch (InterruptedException e) {
            // closing
        }
    }

    private void copyLiveRecords(Segment segment) throws IOException, InterruptedException {
        try (SegmentReader reader = new SegmentReader(config.channels(), segment.path)) {
            String headerProblem = reader.readHeader();
            if (headerProblem != null) {
                throw new CorruptJournalException(segment.path, 0, headerProblem);
            }
            List<byte[]> chunk = new ArrayList<>();
            int bytes = 0;
            byte[] record;
            while ((record = reader.nextStoredBytes()) != null) {
                chunk.add(record);
                bytes += record.length;
                if (bytes >= CHUNK_BYTES) {
                    send(segment, chunk);
                    chunk = new ArrayList<>();
                    bytes = 0;
                }
            }
            if (reader.problem() != null) {
                throw new CorruptJournalException(segment.path, reader.offset(), reader.problem());
            }
            send(segment, chunk);
        }
    }

    private void send(Segment segment, List<byte[]> chunk) throws IOException, InterruptedException {
        if (!chunk.isEmpty()) {
            try {
                writer.submit(new JournalWriter.Copy(segment, chunk, new CompletableFuture<>()))
                        .done()
                        .get();
            } catch (ExecutionException e) {
                throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
            }
        }
    }

    private static void await(CompletableFuture<Void> done) throws InterruptedException {
        try {
            done.get();
        } catch (ExecutionException e) {
            // the writer closed meanwhile; nothing left to do
        }
    }
}
