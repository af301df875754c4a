package io.contextbus.emulatortests;

import static io.contextbus.emulatortests.SystemContexts.ORDERS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.contextbus.error.ConcurrencyException;
import io.contextbus.model.Commit;
import io.contextbus.model.CommitAttempt;
import io.contextbus.servicebus.PublisherOptions;
import io.contextbus.servicebus.ServiceBusCommitPublisher;
import io.contextbus.store.cosmos.CosmosChangeFeedDispatcher;
import io.contextbus.store.cosmos.CosmosEventStore;
import io.contextbus.store.cosmos.CosmosStores;
import io.contextbus.testsupport.AppliedLog;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The production store: {@code orders} keeps its commits in Cosmos DB (stand-in, emulator or
 * account) and publishes them through the change feed dispatcher; billing applies them once and in
 * order (promises 2 and 3 on Cosmos). And the store's concurrency check on the target (promise 8).
 */
@DisplayName("System: Cosmos DB store and change-feed dispatch")
@ExtendWith(TargetAvailable.class)
class CosmosSystemIT {
    private static final int STREAMS = 20;
    private static final int COMMITS = 3;

    @TempDir
    Path dir;
    private SystemContexts system;
    private CosmosStores stores;

    @AfterEach
    void stop() {
        system.close();
        if (stores != null) {
            stores.close();
        }
    }

    @Test
    void commits_appended_to_cosmos_are_dispatched_by_the_change_feed_and_applied_in_order() {
        system = new SystemContexts(SystemTarget.get(), dir);
        stores = CosmosStores.connect(system.target.cosmosOptions("feed"));
        CosmosEventStore orders = stores.eventStore(ORDERS);
        AppliedLog log = system.billingLog();
        system.billing(log, b -> b);
        ServiceBusCommitPublisher publisher = system.track(new ServiceBusCommitPublisher(
                system.target.client().sender().topicName(SystemContexts.TOPIC).buildClient(), ORDERS,
                PublisherOptions.DEFAULT));
        system.track(CosmosChangeFeedDispatcher.builder(stores, ORDERS, publisher)
                .hostName("emulator-tests-" + system.target.stream("feed"))
                .pollDelay(Duration.ofMillis(200))
                .leaseTimings(Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(10))
                .build()).start();
        List<String> streams = system.streams("cosmos", STREAMS);

        for (int seq = 1; seq <= COMMITS; seq++) {
            for (String s : streams) {
                orders.append(SystemContexts.attempt(s, seq));
            }
        }

        log.awaitAll(streams, COMMITS, SystemContexts.PATIENCE,
                "billing applied every commit the change feed dispatched from Cosmos");
        List<Long> expected = LongStream.rangeClosed(1, COMMITS).boxed().toList();
        for (String stream : streams) {
            assertEquals(expected, log.of(stream), "applied sequences of " + stream);
        }
    }

    @Test
    void the_cosmos_store_refuses_an_existing_sequence_and_returns_the_stored_commit_for_its_commit_id() {
        system = new SystemContexts(SystemTarget.get(), dir);
        stores = CosmosStores.connect(system.target.cosmosOptions("occ"));
        CosmosEventStore orders = stores.eventStore(ORDERS);
        String stream = system.target.stream("occ");
        CommitAttempt first = SystemContexts.attempt(stream, 1);
        Commit stored = orders.append(first);

        ConcurrencyException e = assertThrows(ConcurrencyException.class,
                () -> orders.append(SystemContexts.attempt(stream, 1)), "a second commit 1 with another commitId");
        assertEquals(stream, e.streamId().value(), "the exception names the stream");
        assertEquals(stored, orders.append(first), "re-appending the same commitId returns the stored commit");
        assertEquals(List.of(stored), orders.readStream(stored.streamId(), 1, Long.MAX_VALUE), "nothing else written");
    }
}
