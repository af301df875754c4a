package io.contextbus.implementation;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A JDK {@link HttpServer} that slow or idle clients cannot exhaust, shared by contextbus's HTTP
 * APIs (the replay service's REST API, the samples' JSON server): a connection that has not sent
 * its whole request (headers and body) within {@value #REQUEST_SECONDS} s is closed by the server,
 * an idle keep-alive connection after {@value #IDLE_SECONDS} s, and worker threads are started as
 * needed up to {@value #MAX_THREADS}, so that requests still being read (each holds a thread while
 * the JDK reads it) never leave a complete request waiting for a thread. At most
 * {@value #MAX_CONNECTIONS} connections are open at once. Why the JDK's server and not a library,
 * and why there is no per-address limit: ADR 0038.
 *
 * <p>The JDK reads these settings from system properties once per JVM, when its first server is
 * created; they are set here (before that) unless given on the command line, where
 * {@code -Dsun.net.httpserver.maxReqTime=<s>}, {@code -Dsun.net.httpserver.idleInterval=<s>},
 * {@code -Djdk.httpserver.maxConnections=<n>} and {@code -Dsun.net.httpserver.nodelay} win.
 */
public final class BoundedHttpServer implements AutoCloseable {
    /** Seconds a client has to send a whole request, headers and body. */
    public static final int REQUEST_SECONDS = 10;
    /** Seconds an idle keep-alive connection is kept. */
    public static final int IDLE_SECONDS = 30;
    /** Connections open at once; beyond it the JDK closes new ones as they are accepted. */
    public static final int MAX_CONNECTIONS = 1_000;
    /** Worker threads at most: requests being read or handled at once. */
    public static final int MAX_THREADS = 256;

    static {
        // TCP_NODELAY: the JDK writes a response's headers and body separately, and with Nagle's
        // algorithm the body waits for the client's delayed acknowledgement (~40 ms on Linux).
        setUnlessGiven("sun.net.httpserver.nodelay", "true");
        // Without it the JDK waits for a half-sent request forever, holding a worker thread.
        setUnlessGiven("sun.net.httpserver.maxReqTime", Integer.toString(REQUEST_SECONDS));
        setUnlessGiven("sun.net.httpserver.idleInterval", Integer.toString(IDLE_SECONDS));
        setUnlessGiven("jdk.httpserver.maxConnections", Integer.toString(MAX_CONNECTIONS));
    }

    private final HttpServer server;
    private final ThreadPoolExecutor executor;

    private BoundedHttpServer(HttpServer server, ThreadPoolExecutor executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * A server on {@code address}, not started: routes go to {@link #server()}. {@code warmThreads}
     * worker threads are kept while idle; more are started as requests arrive, up to
     * {@value #MAX_THREADS}, and end after 30 s without work.
     */
    public static BoundedHttpServer create(InetSocketAddress address, int backlog, int warmThreads, String threadName)
            throws IOException {
        if (address == null) {
            throw new IllegalArgumentException("'address' cannot be null.");
        }
        if (warmThreads < 1 || warmThreads > MAX_THREADS) {
            throw new IllegalArgumentException("'warmThreads' must be from 1 to " + MAX_THREADS + " but was " + warmThreads + ".");
        }
        HttpServer server = HttpServer.create(address, backlog);
        ThreadPoolExecutor executor = elastic(warmThreads, threadName);
        server.setExecutor(executor);
        return new BoundedHttpServer(server, executor);
    }

    /**
     * Hands a request to an idle thread, else starts one (up to the maximum), else queues it: a
     * plain ThreadPoolExecutor queues before it grows, so a few half-read requests would hold all
     * its core threads while complete ones wait in the queue.
     */
    private static ThreadPoolExecutor elastic(int warmThreads, String threadName) {
        HandOffQueue queue = new HandOffQueue();
        AtomicInteger number = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(warmThreads, MAX_THREADS, 30, TimeUnit.SECONDS, queue, r -> {
            Thread t = new Thread(r, threadName + "-" + number.incrementAndGet());
            t.setDaemon(true);
            return t;
        }, (r, p) -> {
            if (!p.isShutdown()) {
                queue.queueBehind(r); // all threads busy: it waits for the first that frees up
            }
        });
        return pool;
    }

    /** Offers succeed only into the hands of a waiting thread, so the pool grows instead of queueing. */
    private static final class HandOffQueue extends LinkedTransferQueue<Runnable> {
        @Override
        public boolean offer(Runnable r) {
            return tryTransfer(r);
        }

        void queueBehind(Runnable r) {
            super.offer(r);
        }
    }

    private static void setUnlessGiven(String property, String value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, value);
        }
    }

    /** The JDK server, to add contexts to and start. */
    public HttpServer server() {
        return server;
    }

    public void start() {
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Worker threads running now (for tests and diagnostics). */
    public int threads() {
        return executor.getPoolSize();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
