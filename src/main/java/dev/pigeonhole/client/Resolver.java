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
    /** The lookup threads, made on the first name that needs one: a literal address never does. */
    private static final class Threads {
        static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "pigeonhole-resolver");
            t.setDaemon(true);
            return t;
        });
    }

    private Resolver() {}

    /**
     * Whether {@code host} is four numbers from 0 to 255, without leading zeros, joined by dots: a form
     * {@link InetAddress#getByName} reads as an address without asking DNS. Anything else takes the lookup path.
     */
    static boolean isIpv4Literal(String host) {
        int parts = 0;
        int at = 0;
        while (at <= host.length()) {
            int end = host.indexOf('.', at);
            if (end < 0) {
                end = host.length();
            }
            int length = end - at;
            if (length < 1 || length > 3 || (length > 1 && host.charAt(at) == '0')) {
                return false;
            }
            int value = 0;
            for (int i = at; i < end; i++) {
                char c = host.charAt(i);
                if (c < '0' || c > '9') {
                    return false;
                }
                value = value * 10 + (c - '0');
            }
            if (value > 255) {
                return false;
            }
            parts++;
            at = end + 1;
        }
        return parts == 4;
    }

    /**
     * {@code host}'s address, looked up within {@code timeout}. A dotted-quad IPv4 address (the default,
     * 127.0.0.1) is parsed here, without a thread: starting the lookup pool cost a client command about 8% of
     * its start-up (src/docs/performance.md).
     */
    static InetAddress resolve(String host, Duration timeout) throws IOException {
        if (isIpv4Literal(host)) {
            return InetAddress.getByName(host); // a literal: parsed, never looked up
        }
        Future<InetAddress> lookup = Threads.POOL.submit(() -> InetAddress.getByName(host));
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
