package io.contextbus.store.cosmos;

import io.contextbus.dispatch.CommitPublisher;
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
                .publishRetry(3, Duration.ofMillis(10))
                .build();
    }
}
