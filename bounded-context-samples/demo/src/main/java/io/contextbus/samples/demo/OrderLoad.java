package io.contextbus.samples.demo;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Places orders over ordering's HTTP API from several concurrent clients. Order {@code i} is the
 * same in every run with the same seed: 1-3 lines of distinct products, 1-5 units each. A request
 * that fails to connect is retried; an order the service says already exists (a retry whose first
 * attempt went through) counts as placed.
 */
public final class OrderLoad {
    private final JsonHttp http;
    private final String orderingUrl;
    private final int products;
    private final long seed;

    OrderLoad(JsonHttp http, String orderingUrl, int products, long seed) {
        this.http = http;
        this.orderingUrl = orderingUrl;
        this.products = products;
        this.seed = seed;
    }

    /** The SKU of product {@code product} (1-based). */
    public static String sku(int product) {
        return String.format("p%03d", product);
    }

    static String orderId(int index) {
        return String.format("o%06d", index);
    }

    Map<String, Object> order(int index) {
        return order(seed, products, index, orderId(index));
    }

    /**
     * Order {@code index} of a run with {@code seed} over {@code products} products, named
     * {@code orderId}: 1-3 lines of distinct products, 1-5 units each, the same in every run (the
     * demo's load and the chaos soak's place orders this way).
     */
    public static Map<String, Object> order(long seed, int products, long index, String orderId) {
        Random r = new Random(seed * 1_000_003L + index);
        Set<Integer> chosen = new LinkedHashSet<>();
        int lines = 1 + r.nextInt(3);
        while (chosen.size() < Math.min(lines, products)) {
            chosen.add(1 + r.nextInt(products));
        }
        List<Map<String, Object>> items = new ArrayList<>();
        chosen.forEach(p -> items.add(Map.of("sku", sku(p), "quantity", 1 + r.nextInt(5))));
        return Map.of("orderId", orderId, "customerId", "c" + (index % 97), "lines", items);
    }

    /** Places orders {@code from} (inclusive) to {@code to} (exclusive) with {@code clients} threads. */
    void place(int from, int to, int clients, Progress progress) throws InterruptedException {
        AtomicInteger next = new AtomicInteger(from);
        AtomicInteger placed = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<?>> futures = new ArrayList<>();
        long start = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            futures.add(pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < to; i = next.getAndIncrement()) {
                    placeOne(i);
                    placed.incrementAndGet();
                }
                return null;
            }));
        }
        pool.shutdown();
        while (!pool.awaitTermination(2, TimeUnit.SECONDS)) {
            double s = (System.nanoTime() - start) / 1e9;
            progress.say(String.format("  placed %,d of %,d orders (%.0f orders/s)", placed.get(), to - from, placed.get() / s));
        }
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException("placing orders failed: " + e.getCause().getMessage(), e.getCause());
            }
        }
        double s = (System.nanoTime() - start) / 1e9;
        progress.say(String.format("  placed %,d orders in %.1f s (%.0f orders/s)", to - from, s, (to - from) / s));
    }

    private void placeOne(int index) throws InterruptedException, IOException {
        Map<String, Object> order = order(index);
        for (int attempt = 1; ; attempt++) {
            try {
                http.post(orderingUrl + "/orders", order);
                return;
            } catch (JsonHttp.HttpStatusException e) {
                if (e.status == 409 && attempt > 1) {
                    return;
                }
                throw e;
            } catch (IOException e) {
                if (attempt == 5) {
                    throw e;
                }
                Thread.sleep(200L * attempt);
            }
        }
    }
}
