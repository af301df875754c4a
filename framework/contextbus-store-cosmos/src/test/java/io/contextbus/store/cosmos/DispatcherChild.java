package io.contextbus.store.cosmos;

import io.contextbus.model.Commit;
import io.contextbus.model.ContextName;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * The second JVM of the dispatcher crash test: runs a change feed dispatcher whose publisher prints
 * {@code ACK <keys>} after each batch it acknowledges, and on batch {@code holdOnBatch} prints
 * {@code HOLD <keys>} and never returns (the parent kills the process there).
 *
 * <p>Arguments: {@code <container prefix> <context> <host name> <hold on batch>}.
 */
public final class DispatcherChild {
    private DispatcherChild() {
    }

    public static void main(String[] args) throws Exception {
        String prefix = args[0];
        ContextName context = ContextName.of(args[1]);
        int holdOn = Integer.parseInt(args[3]);
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        AtomicInteger batches = new AtomicInteger();
        CountDownLatch never = new CountDownLatch(1);
        CosmosStores stores = CosmosStores.connect(CosmosTestStores.options(prefix).build());
        CosmosDispatchers.forTests(stores, context, (source, commits) -> {
            String keys = keys(commits);
            if (batches.incrementAndGet() == holdOn) {
                out.println("HOLD " + keys);
                await(never);
            }
            out.println("ACK " + keys);
        }, args[2]).start();
        out.println("STARTED");
        never.await();
    }

    static String keys(List<Commit> commits) {
        return commits.stream().map(Commit::key).collect(Collectors.joining(","));
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Test timings: short polls and leases so that take-over happens within seconds. */
    static final Duration LEASE_EXPIRATION = Duration.ofSeconds(5);
}
