package io.contextbus.store.cosmos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.cosmos.models.CosmosQueryRequestOptions;
import com.fasterxml.jackson.databind.JsonNode;
import io.contextbus.dispatch.DispatcherOptions;
import io.contextbus.dispatch.DispatcherStatus;
import io.contextbus.handler.HandlerResult;
import io.contextbus.handler.Handlers;
import io.contextbus.model.Commit;
import io.contextbus.model.ContextName;
import io.contextbus.model.StreamId;
import io.contextbus.servicebus.ConsumerOptions;
import io.contextbus.servicebus.ContextBus;
import io.contextbus.servicebus.local.LocalServiceBus;
import io.contextbus.testkit.Await;
import io.contextbus.testkit.TestCommits;
import io.contextbus.topology.ContextBusTopology;
import io.contextbus.topology.Topology;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A Cosmos DB context built the documented way, with the {@code ContextBus} builder and no
 * dispatcher checkpoints, publishes through the change feed ({@link CosmosEventStore} is a
 * {@code DispatchingStore}) to the local Service Bus, where another context applies every commit
 * once, in order. Proof that the change feed did it: the leases container holds a lease owned by
 * the bus's dispatcher owner, and ordering's container has no generic dispatcher lease document.
 */
@DisplayName("ContextBus builder on a Cosmos store dispatches through the change feed")
class CosmosContextBusIT {
    private static final ContextName ORDERING = ContextName.of("ordering");
    private static final ContextName SHIPPING = ContextName.of("shipping");
    private static final String OWNER = "ordering-builder-it";
    private static final int STREAMS = 10;
    private static final int COMMITS = 4;
    private static final Duration PATIENCE = Duration.ofSeconds(90);

    private final List<AutoCloseable> opened = new ArrayList<>();
    private final Map<String, List<Long>> applied = new ConcurrentHashMap<>();
    private LocalServiceBus broker;

    @AfterEach
    void stop() {
        for (int i = opened.size() - 1; i >= 0; i--) {
            try {
                opened.get(i).close();
            } catch (Exception e) {
                // keep closing the rest
            }
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void commits_of_a_cosmos_context_reach_the_consumer_through_the_change_feed() {
        Topology topology = ContextBusTopology.builder()
                .lockDuration(Duration.ofSeconds(10))
                .context("ordering")
                .context("shipping", ContextBusTopology.consumes("ordering"))
                .build();
        broker = LocalServiceBus.builder().topology(topology).start();
        CosmosStores orderingStores = track(CosmosTestStores.connect());
        CosmosStores shippingStores = track(CosmosTestStores.connect());
        track(ContextBus.<CosmosInboxTransaction>builder()
                .context("shipping")
                .connectionString(broker.connectionString())
                .topology(topology)
                .inbox(shippingStores.inbox(SHIPPING))
                .consume("ordering", Handlers.<CosmosInboxTransaction>builder().on(TestCommits.EVENT_TYPE, (event, ctx) -> {
                    applied.computeIfAbsent(ctx.streamId().value(), s -> Collections.synchronizedList(new ArrayList<>())).add(ctx.commitSequence());
                    return HandlerResult.HANDLED;
                }).build())
                .consumerOptions(ConsumerOptions.DEFAULT.withSessionIdleTimeout(Duration.ofSeconds(1))
                        .withMaxLockRenewal(Duration.ofSeconds(20)))
                .build()).start();

        // given: ordering as the documentation wires it, store only (no checkpoints)
        CosmosEventStore store = orderingStores.eventStore(ORDERING);
        ContextBus ordering = track(ContextBus.builder()
                .context("ordering")
                .connectionString(broker.connectionString())
                .topology(topology)
                .store(store)
                .dispatcherOptions(DispatcherOptions.DEFAULT.withOwner(OWNER).withPollInterval(Duration.ofMillis(100))
                        .withLeaseTtl(Duration.ofSeconds(3)))
                .build()).start();

        // when
        List<Commit> appended = new ArrayList<>();
        for (long seq = 1; seq <= COMMITS; seq++) {
            for (int s = 0; s < STREAMS; s++) {
                appended.add(store.append(TestCommits.attempt(StreamId.of("order-" + s), seq)));
            }
        }

        // then: every commit applied once, in order, by shipping
        Await.until(() -> applied.size() == STREAMS && applied.values().stream().allMatch(l -> l.size() >= COMMITS),
                PATIENCE, () -> "every stream's " + COMMITS + " commits applied by shipping, so far " + applied);
        List<Long> expected = LongStream.rangeClosed(1, COMMITS).boxed().toList();
        applied.forEach((stream, seqs) -> assertEquals(expected, seqs, "applied sequences of " + stream));

        // and it was the change feed processor that published them
        DispatcherStatus status = ordering.dispatcherStatus().orElseThrow();
        assertEquals(OWNER, status.owner());
        assertTrue(status.checkpoint().isEmpty(), "no store position: the leases are the checkpoint");
        Await.until(() -> ordering.dispatcherStatus().orElseThrow().commitsDispatched() >= appended.size(), PATIENCE,
                "the change feed dispatcher's counter to reach " + appended.size());
        List<String> owners = new ArrayList<>();
        for (JsonNode lease : orderingStores.leasesContainer(ORDERING).queryItems("SELECT * FROM c",
                new CosmosQueryRequestOptions(), JsonNode.class)) {
            owners.add(lease.path("Owner").asText(""));
        }
        assertTrue(owners.contains(OWNER), "a change feed lease owned by " + OWNER + ", leases: " + owners);
        assertTrue(store.documents().read("dispatch-lease", "$contextbus", "test").isEmpty(),
                "no generic StoreDispatcher lease document in ordering's container");
    }

    private <C extends AutoCloseable> C track(C closeable) {
        opened.add(closeable);
        return closeable;
    }
}
