package io.contextbus.samples.chaos;

import io.contextbus.samples.demo.JsonHttp;
import io.contextbus.samples.demo.OrderLoad;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Places orders over ordering's HTTP API at a steady rate (order {@code i} is due at
 * {@code i / rate} seconds) from a bounded number of clients: the load never exceeds the rate, and
 * falls behind it only while ordering is down. An order whose request failed (ordering killed, a
 * connection refused) is retried until ordering answers; a retry answered "already exists" means
 * the first attempt went through. Order {@code i} is the same in every run with the same seed.
 */
final class SteadyLoad implements AutoCloseable {
    private static final Duration GIVE_UP = Duration.ofMinutes(5);

    private final JsonHttp http;
    private final Supplier<String> orderingUrl;
    private final int products;
    private final long seed;
    private final int rate;
    private final int clients;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final AtomicLong next = new AtomicLong();
    private final AtomicLong placed = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private ExecutorService pool;

    SteadyLoad(JsonHttp http, Supplier<String> orderingUrl, int products, long seed, int rate, int clients) {
        this.http = http;
        this.orderingUrl = orderingUrl;
        this.products = products;
        this.seed = seed;
        this.rate = rate;
        this.clients = clients;
    }

    void start() {
        pool = Executors.newFixedThreadPool(clients, r -> {
            Thread t = new Thread(r, "soak-load");
            t.setDaemon(true);
            return t;
        });
        long start = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            pool.submit(() -> {
                try {
                    while (!stopping.get()) {
                        long i = next.getAndIncrement();
                        long due = start + i * 1_000_000_000L / rate;
                        long wait = due - System.nanoTime();
                        if (wait > 0) {
                            // pacing, not synchronisation: the order is not due yet
                            TimeUnit.NANOSECONDS.sleep(wait);
                        }
                        if (stopping.get()) {
                            return null;
                        }
                        placeOne(i);
                        placed.incrementAndGet();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (Exception e) {
                    failure.compareAndSet(null, e);
                }
                return null;
            });
        }
        pool.shutdown();
    }

    long placed() {
        return placed.get();
    }

    long retries() {
        return retries.get();
    }

    /** Stops placing new orders and waits for the ones under way; fails when some order could not be placed. */
    void stop() throws InterruptedException {
        stopping.set(true);
        if (pool != null && !pool.awaitTermination(GIVE_UP.toMinutes() + 1, TimeUnit.MINUTES)) {
            pool.shutdownNow();
            throw new IllegalStateException("orders under way did not finish within " + GIVE_UP);
        }
        Throwable f = failure.get();
        if (f != null) {
            throw new IllegalStateException("placing orders failed: " + f.getMessage(), f);
        }
    }

    /** A failure that stopped a client, if any (checked by the soak while it runs). */
    Throwable failure() {
        return failure.get();
    }

    @Override
    public void close() {
        stopping.set(true);
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    Map<String, Object> order(long index) {
        return OrderLoad.order(seed, products, index, String.format("s%07d", index));
    }

    private void placeOne(long index) throws InterruptedException, IOException {
        Map<String, Object> order = order(index);
        long deadline = System.nanoTime() + GIVE_UP.toNanos();
        for (int attempt = 1; ; attempt++) {
            try {
                http.post(orderingUrl.get() + "/orders", order);
                return;
            } catch (JsonHttp.HttpStatusException e) {
                if (e.status == 409 && attempt > 1) {
                    return;
                }
                if (e.status < 500 || System.nanoTime() > deadline) {
                    throw e;
                }
            } catch (IOException | java.io.UncheckedIOException e) {
                // UncheckedIOException: ordering's port file is gone while it restarts
                if (System.nanoTime() > deadline) {
                    throw new IOException("order " + order.get("orderId") + " not placed within " + GIVE_UP, e);
                }
            }
            retries.incrementAndGet();
            // ordering is down or restarting: try again shortly
            Thread.sleep(Math.min(1_000, 100L * attempt));
        }
    }
}
