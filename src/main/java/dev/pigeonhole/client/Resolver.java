package dev.pigeonhole.client;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Host name lookups with a deadline. {@link InetAddress#getByName} cannot be interrupted or given a timeout,
 * so it runs on a thread of its own while the caller waits at most its timeout: a slow DNS server must not
 * hold a prompt hook ({@code count --timeout 300ms}) for the resolver's own timeout of several seconds. A
 * lookup the caller gave up on finishes (or fails) on its own daemon thread.
 */
final class Resolver {
    private static final ExecutorService THREADS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "pigeonhole-resolver");
        t.setDaemon(true);
        return t;
    });

    private Resolver() {}

    /** {@code host}'s address, looked up within {@code timeout}; literal addresses need no lookup. */
    static InetAddress resolve(String host, Duration timeout) throws IOException {
        Future<InetAddress> lookup = THREADS.submit(() -> InetAddress.getByName(host));
        try {
            return lookup.get(Deadlines.nanos(timeout), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            lookup.cancel(true);
            throw new SocketTimeoutException("looking up " + host + " timed out");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io; // UnknownHostException above all
            }
            throw new IOException("cannot look up " + host + ": " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while looking up " + host);
        }
    }
}
