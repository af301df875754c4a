package io.contextbus.store.cosmos;

import io.contextbus.codec.CommitLimits;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/** Options and fresh container names for tests, against {@link CosmosTestTarget}. */
final class CosmosTestStores {
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final String RUN = Long.toString(System.currentTimeMillis() % 1_000_000, 36);

    private CosmosTestStores() {
    }

    /** A container prefix no other test of this or another run used. */
    static String newPrefix() {
        return "t" + RUN + "-" + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet() + "-";
    }

    static CosmosStoreOptions.Builder options(String prefix) {
        CosmosTestTarget target = CosmosTestTarget.get();
        return CosmosStoreOptions.builder()
                .endpoint(target.endpoint())
                .key(target.key())
                .database("contextbus-tests")
                .containerPrefix(prefix)
                .limits(CommitLimits.STANDARD)
                .sdkThrottleRetries(3)
                .retry(3, Duration.ofMillis(20));
    }

    static CosmosStores connect() {
        return CosmosStores.connect(options(newPrefix()).build());
    }
}
