package io.contextbus.store.cosmos;

import io.contextbus.model.CommitAttempt;
import io.contextbus.model.ContextName;
import io.contextbus.model.StreamId;
import io.contextbus.store.cosmos.implementation.CommitDocuments;
import io.contextbus.testkit.TestCommits;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * Prints appends/s of the Cosmos store against the test target (by default the local stand-in:
 * NOT a figure about Cosmos DB) and the request charge per append the target reports. Each writer
 * thread appends to its own stream, ~1 KB of event data per commit.
 *
 * <p>{@code mvn -B -q -pl framework/contextbus-store-cosmos -am test-compile -Dbench}
 */
public final class CosmosAppendBenchmark {
    private static final int DATA_BYTES = 1000;

    private CosmosAppendBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        CosmosTestTarget target = CosmosTestTarget.get();
        DoubleAdder ru = new DoubleAdder();
        LongAdder calls = new LongAdder();
        CosmosStoreOptions options = CosmosTestStores.options(CosmosTestStores.newPrefix())
                .metrics((context, operation, charge) -> {
                    if (operation.equals("append")) {
                        ru.add(charge);
                        calls.increment();
                    }
                }).build();
        String label = target.isStandIn()
                ? "stand-in (@vercel/cosmosdb-server + layer, Node.js on this machine): NOT a figure about Cosmos DB"
                : "external target " + target.endpoint();
        System.out.println("target: " + label);
        CommitAttempt sample = TestCommits.attemptWithPayload(StreamId.of("sample-stream"), 2, DATA_BYTES);
        System.out.println("document size of one commit: " + CommitDocuments.sizeBytes(CommitDocuments.toDocument(sample))
                + " bytes (" + DATA_BYTES + " bytes of event data)");
        try (CosmosStores stores = CosmosStores.connect(options)) {
            CosmosEventStore store = stores.eventStore(ContextName.of("bench"));
            run(store, 4, 50, "warm-up", ru, calls);
            for (int threads : new int[] {1, 4, 16}) {
                run(store, threads, threads == 1 ? 300 : 1600 / threads, "measured", ru, calls);
            }
        }
        System.exit(0);
    }

    private static void run(CosmosEventStore store, int threads, int perThread, String phase, DoubleAdder ru,
                            LongAdder calls) throws Exception {
        ru.reset();
        calls.reset();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> done = new ArrayList<>();
        long start = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            done.add(pool.submit(() -> {
                StreamId stream = TestCommits.newStreamId("bench");
                for (int seq = 1; seq <= perThread; seq++) {
                    store.append(TestCommits.attemptWithPayload(stream, seq, DATA_BYTES));
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        int total = threads * perThread;
        if (phase.equals("measured")) {
            System.out.printf("%2d writer(s): %5d appends in %6.2f s = %7.1f appends/s, %.2f RU/append as reported%n",
                    threads, total, seconds, total / seconds, ru.sum() / Math.max(1, calls.sum()));
        }
    }
}
