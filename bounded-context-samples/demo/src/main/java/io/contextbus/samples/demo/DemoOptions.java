package io.contextbus.samples.demo;

import io.contextbus.samples.runtime.NamedArguments;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * What the main job runs: {@code orders} orders over {@code products} products from
 * {@code clients} concurrent clients; {@code stockPerProduct} units of each product (by default
 * about 85% of the expected demand, so that some orders are cancelled and compensated); the share
 * of orders placed while shipping is down; where processes keep their data and logs; how long to
 * wait for convergence. Parsed from {@code --name=value} arguments.
 */
public record DemoOptions(int orders, int products, int clients, int stockPerProduct, double downtimeShare,
                          Path workDir, Duration convergeTimeout, long seed) {
    /**
     * Concurrent clients placing orders. Each waits for its order's commit to be durable, and the
     * store shares one fsync among every append waiting for it: with 8 clients a group holds at most
     * 8 orders, so the rate is capped at 8 per fsync. A shop has many customers at once; on a
     * shared 2-core machine the full demo placed 298-420 orders/s with 64, 158-246 with 32.
     */
    public static final int DEFAULT_CLIENTS = 64;

    /** The most {@code --clients} accepts: what {@code JsonHttpServer} serves at once with its warm threads. */
    public static final int MAX_CLIENTS = 64;

    /**
     * Orders placed. At about 1,000 orders/s, 2,000 orders were placed in some 2 s over three
     * phases, which measured the JVMs warming up more than the order path: in a 6,000-order run the
     * first phase climbed from 411 to 645 orders/s, the later ones placed 1,092 and 1,362.
     */
    public static final int DEFAULT_ORDERS = 6_000;

    public DemoOptions {
        require(orders >= 10, "orders", "must be at least 10");
        require(products >= 1, "products", "must be at least 1");
        require(clients >= 1 && clients <= MAX_CLIENTS, "clients", "must be from 1 to " + MAX_CLIENTS);
        require(stockPerProduct >= 0, "stock-per-product", "cannot be negative");
        require(downtimeShare > 0 && downtimeShare < 1, "downtime-share", "must be between 0 and 1");
    }

    private static void require(boolean ok, String field, String rule) {
        if (!ok) {
            throw new IllegalArgumentException("'--" + field + "' " + rule + ".");
        }
    }

    public static DemoOptions parse(String[] args) {
        Map<String, String> a = NamedArguments.parse(args);
        int orders = Integer.parseInt(a.getOrDefault("orders", Integer.toString(DEFAULT_ORDERS)));
        int products = Integer.parseInt(a.getOrDefault("products", "20"));
        // An order has 1-3 lines of 1-5 units: 6 units on average.
        int defaultStock = (int) Math.ceil(orders * 6.0 * 0.85 / products);
        return new DemoOptions(orders, products,
                Integer.parseInt(a.getOrDefault("clients", Integer.toString(DEFAULT_CLIENTS))),
                Integer.parseInt(a.getOrDefault("stock-per-product", Integer.toString(defaultStock))),
                Double.parseDouble(a.getOrDefault("downtime-share", "0.3")),
                Path.of(a.getOrDefault("work-dir", "target/demo-run")),
                Duration.ofSeconds(Long.parseLong(a.getOrDefault("converge-timeout-seconds", "300"))),
                Long.parseLong(a.getOrDefault("seed", "7")));
    }

    /** Orders placed while shipping is up, before the fault. */
    public int ordersBeforeFault() {
        return orders - ordersDuringDowntime();
    }

    public int ordersDuringDowntime() {
        return (int) Math.round(orders * downtimeShare);
    }
}
