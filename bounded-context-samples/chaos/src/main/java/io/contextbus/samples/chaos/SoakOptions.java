package io.contextbus.samples.chaos;

import io.contextbus.samples.runtime.NamedArguments;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;

/**
 * What one soak runs: at least {@code commits} source commits (all contexts together) and
 * {@code faultsPerKind} faults of every kind, orders placed at {@code ordersPerSecond} from up to
 * {@code clients} concurrent clients over {@code products} products, faults scheduled from
 * {@code seed} with up to {@code maxPauseMs} of load between two, and how long convergence may take.
 * Parsed from {@code --name=value} arguments; a missing seed is drawn at random (and printed).
 */
public record SoakOptions(long commits, int faultsPerKind, int ordersPerSecond, int clients, int products,
                          long seed, long maxPauseMs, Path workDir, Duration convergeTimeout) {
    public SoakOptions {
        require(commits >= 1, "commits", "must be at least 1");
        require(faultsPerKind >= 0, "faults-per-kind", "cannot be negative");
        require(ordersPerSecond >= 1 && ordersPerSecond <= 1_000, "rate", "must be from 1 to 1000 orders/s");
        require(clients >= 1 && clients <= 64, "clients", "must be from 1 to 64");
        require(products >= 1, "products", "must be at least 1");
        require(maxPauseMs >= 0, "max-pause-ms", "cannot be negative");
        require(workDir != null, "work-dir", "cannot be null");
        require(convergeTimeout != null && !convergeTimeout.isNegative(), "converge-timeout-seconds", "cannot be negative");
    }

    private static void require(boolean ok, String field, String rule) {
        if (!ok) {
            throw new IllegalArgumentException("'--" + field + "' " + rule + ".");
        }
    }

    /**
     * Units registered per product: about 85% of the expected demand (an order asks for some 6
     * units and makes some 5 commits in all contexts), so that some orders are cancelled and their
     * stock released.
     */
    public int stockPerProduct() {
        return (int) Math.max(10, Math.ceil(commits * 1.0 / products));
    }

    public static SoakOptions parse(String[] args) {
        Map<String, String> a = NamedArguments.parse(args);
        a.remove("topology");
        try {
            SoakOptions o = new SoakOptions(Long.parseLong(take(a, "commits", "100000")),
                    Integer.parseInt(take(a, "faults-per-kind", "50")),
                    Integer.parseInt(take(a, "rate", "20")),
                    Integer.parseInt(take(a, "clients", "16")),
                    Integer.parseInt(take(a, "products", "20")),
                    Long.parseLong(take(a, "seed", Long.toString(new SecureRandom().nextLong() & 0xFFFF_FFFFL))),
                    Long.parseLong(take(a, "max-pause-ms", "2000")),
                    Path.of(take(a, "work-dir", "target/chaos-run")),
                    Duration.ofSeconds(Long.parseLong(take(a, "converge-timeout-seconds", "600"))));
            if (!a.isEmpty()) {
                throw new IllegalArgumentException("unknown option(s) " + a.keySet() + ".");
            }
            return o;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("a number was expected: " + e.getMessage() + ".", e);
        }
    }

    private static String take(Map<String, String> a, String name, String fallback) {
        String v = a.remove(name);
        return v == null ? fallback : v;
    }
}
