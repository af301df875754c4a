package io.contextbus.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.core.amqp.AmqpRetryOptions;
import io.contextbus.dispatch.DispatcherOptions;
import io.contextbus.handler.Handlers;
import io.contextbus.model.CommitAttempt;
import io.contextbus.model.ContextName;
import io.contextbus.model.EventMessage;
import io.contextbus.model.StreamId;
import io.contextbus.servicebus.ConsumerOptions;
import io.contextbus.servicebus.ContextBus;
import io.contextbus.store.sqlite.SqliteEventStore;
import io.contextbus.testkit.Await;
import io.contextbus.testsupport.AppliedLog;
import io.contextbus.testsupport.LocalBus;
import io.contextbus.testsupport.TestContexts;
import io.contextbus.topology.ContextBusTopology;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.search.Search;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two contexts on the local broker with real SQLite stores, {@code ordering} publishing and
 * {@code shipping} consuming, both reporting to one {@link MicrometerObserver} on a
 * {@link SimpleMeterRegistry}: each meter is checked against what happened, through a broker outage.
 */
@DisplayName("Metrics of running contexts match what happened")
class ContextBusMetricsIT {
    private static final Duration PATIENCE = Duration.ofSeconds(120);
    private static final ContextName ORDERING = ContextName.of("ordering");
    private static final ContextName SHIPPING = ContextName.of("shipping");
    private static final String PLACED = "OrderPlaced";
    private static final DispatcherOptions FAST_DISPATCHER = DispatcherOptions.DEFAULT.withPageSize(100)
            .withPollInterval(Duration.ofMillis(200)).withLeaseTtl(Duration.ofSeconds(3))
            .withBackoff(DispatcherOptions.Backoff.DEFAULT.withMaxDelay(Duration.ofSeconds(1)))
            .withBreaker(DispatcherOptions.Breaker.DEFAULT.withOpenWait(Duration.ofSeconds(2)).withMinimumCalls(3)
                    .withSlidingWindowSize(5));
    private static final AmqpRetryOptions SHORT_CLIENT_RETRY = new AmqpRetryOptions().setMaxRetries(1)
            .setDelay(Duration.ofMillis(200)).setMaxDelay(Duration.ofSeconds(5)).setTryTimeout(Duration.ofSeconds(5));

    @TempDir
    Path dir;
    private LocalBus local;
    private TestContexts contexts;
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @BeforeEach
    void start() {
        local = LocalBus.start(ContextBusTopology.builder().lockDuration(Duration.ofSeconds(10)).context("ordering")
                .context("shipping", ContextBusTopology.consumes("ordering")).build());
        contexts = new TestContexts(LocalBus.storeOptions(dir));
    }

    @AfterEach
    void stop() {
        contexts.close();
        local.close();
    }

    @Test
    void counters_gauges_and_timers_follow_the_commits_through_an_outage() throws Exception {
        MicrometerObserver observer = new MicrometerObserver(registry);
        SqliteEventStore shippingStore = contexts.store(SHIPPING);
        AppliedLog log = new AppliedLog(shippingStore);
        contexts.track(ContextBus.<Connection>builder().context("shipping").inbox(shippingStore.inbox())
                .connectionString(local.connectionString()).topology(local.topology()).clientRetryOptions(SHORT_CLIENT_RETRY)
                .consumerOptions(ConsumerOptions.DEFAULT.withMaxConcurrentSessions(16).withSessionIdleTimeout(Duration.ofSeconds(1)))
                .consume("ordering", Handlers.<Connection>builder().on(PLACED, log::record).build())
                .observer(observer).build().start());
        SqliteEventStore orderingStore = contexts.store(ORDERING);
        contexts.track(ContextBus.<Connection>builder().context("ordering").store(orderingStore)
                .checkpoints(orderingStore.checkpoints()).connectionString(local.connectionString())
                .topology(local.topology()).dispatcherOptions(FAST_DISPATCHER).clientRetryOptions(SHORT_CLIENT_RETRY)
                .observer(observer).build().start());
        List<String> streams = TestContexts.streams("order-", 20);

        contexts.appendRange(ORDERING, streams, 1, 3, 2, ContextBusMetricsIT::placed);
        Await.until(() -> applied() >= 60, PATIENCE, () -> "60 applied, so far " + applied());
        assertEquals(0.0, gauge("contextbus.dispatch.lag"), "caught up");

        local.broker().stopNetwork();
        contexts.appendRange(ORDERING, streams, 4, 4, 2, ContextBusMetricsIT::placed);
        Await.until(() -> gauge("contextbus.dispatch.lag.commits") == 20.0, PATIENCE,
                () -> "the 20 commits of the outage waiting, so far " + gauge("contextbus.dispatch.lag.commits"));
        Await.until(() -> gauge("contextbus.dispatch.lag") > 2.0, PATIENCE,
                () -> "the lag rising past 2 s, so far " + gauge("contextbus.dispatch.lag"));
        assertTrue(count("contextbus.dispatch.failures") > 0, "the failed publishes were counted");

        local.broker().startNetwork();
        Await.until(() -> applied() >= 80, PATIENCE, () -> "80 applied, so far " + applied());
        Await.until(() -> gauge("contextbus.dispatch.lag") == 0.0 && gauge("contextbus.dispatch.lag.commits") == 0.0,
                PATIENCE, () -> "the lag back to 0, now " + gauge("contextbus.dispatch.lag"));

        // one commit no handler knows: it parks its stream (ADR 0037), counted as held, state parked
        orderingStore.append(new CommitAttempt(StreamId.of("odd-1"), 1, 1, UUID.randomUUID(), Instant.now(), Map.of(),
                List.of(EventMessage.of("OrderTeleported", 1, "{}"))));
        Await.until(() -> count("contextbus.consumer.held") >= 1, PATIENCE, "the unknown event's stream parked");

        assertEquals(81.0, count("contextbus.dispatch.commits"), "every commit published and checkpointed once");
        assertEquals(80.0, applied(), "applied equals the commits sent that have a handler");
        assertEquals(80L, log.count(), "the read model agrees");
        assertEquals(1.0, registry.get("contextbus.consumer.held").tag("state", "parked").counter().count());
        assertEquals(80L, registry.get("contextbus.handler.duration").tag("outcome", "applied").timer().count(),
                "one handler run per applied commit");
        assertTrue(registry.get("contextbus.publish.batch.size").summary().totalAmount() >= 81,
                "every commit went out in some batch");
        assertTrue(registry.get("contextbus.dispatch.page.size").summary().count() >= 2, "pages before and after the outage");
        assertTrue(registry.get("contextbus.consumer.backlog").tags("context", "shipping", "source", "ordering").gauge()
                .value() >= 0, "the backlog gauge is registered");
        System.out.printf("metrics: published=%.0f applied=%.0f duplicates=%.0f sends=%d failures=%.0f handler p-mean=%.3f ms%n",
                count("contextbus.dispatch.commits"), applied(), count("contextbus.consumer.duplicates"),
                registry.get("contextbus.publish.batch.size").summary().count(), count("contextbus.dispatch.failures"),
                registry.get("contextbus.handler.duration").tag("outcome", "applied").timer()
                        .mean(java.util.concurrent.TimeUnit.MILLISECONDS));
    }

    private double applied() {
        return count("contextbus.consumer.applied");
    }

    /** The sum of a counter over all its tags; 0 before it exists. */
    private double count(String name) {
        return Search.in(registry).name(name).counters().stream().mapToDouble(Counter::count).sum();
    }

    private double gauge(String name) {
        return registry.get(name).tag("context", "ordering").gauge().value();
    }

    private static CommitAttempt placed(String stream, long seq) {
        return new CommitAttempt(StreamId.of(stream), seq, seq, UUID.randomUUID(), Instant.now(), Map.of(),
                List.of(EventMessage.of(PLACED, 1, "{\"seq\":" + seq + "}")));
    }
}
