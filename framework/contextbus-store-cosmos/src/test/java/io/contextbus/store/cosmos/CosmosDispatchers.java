package io.contextbus.store.cosmos;

import io.contextbus.dispatch.CommitPublisher;
import io.contextbus.dispatch.DispatcherOptions;
import io.contextbus.model.ContextName;
import java.time.Duration;

/** Change feed dispatchers with test timings (fast polls, leases that expire in seconds). */
final class CosmosDispatchers {
    private CosmosDispatchers() {
    }

    static CosmosChangeFeedDispatcher forTests(CosmosStores stores, ContextName context, CommitPublisher publisher,
                                               String hostName) {
        return CosmosChangeFeedDispatcher.builder(stores, context, publisher)
                .hostName(hostName)
                .pollDelay(Duration.ofMillis(100))
                .leaseTimings(Duration.ofMillis(500), Duration.ofSeconds(1), DispatcherChild.LEASE_EXPIRATION)
                .maxItemCount(3)
                .backoff(DispatcherOptions.DEFAULT.backoff().withInitialDelay(Duration.ofMillis(10))
                        .withMaxDelay(Duration.ofMillis(100)).withAttemptsPerCycle(3))
                .breaker(DispatcherOptions.DEFAULT.breaker().withOpenWait(Duration.ofMillis(300)))
                .build();
    }
}
