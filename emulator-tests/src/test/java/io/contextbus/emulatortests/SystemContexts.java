package io.contextbus.emulatortests;

import com.azure.messaging.servicebus.ServiceBusSenderClient;
import io.contextbus.dispatch.DispatcherOptions;
import io.contextbus.handler.GapRepair;
import io.contextbus.handler.Handlers;
import io.contextbus.model.CommitAttempt;
import io.contextbus.model.ContextName;
import io.contextbus.model.EventMessage;
import io.contextbus.model.StreamId;
import io.contextbus.servicebus.ConsumerOptions;
import io.contextbus.servicebus.ContextBus;
import io.contextbus.servicebus.ContextBusBuilder;
import io.contextbus.servicebus.PublisherOptions;
import io.contextbus.store.sqlite.SqliteEventStore;
import io.contextbus.store.sqlite.SqliteStoreOptions;
import io.contextbus.testsupport.TestContexts;
import io.contextbus.testsupport.AppliedLog;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * The contexts of the suite's topology, wired as an application wires them, on the target: {@code orders}
 * publishes from its own store, {@code billing} consumes through its inbox; {@code audit}'s
 * subscription is read by the tests with plain SDK receivers. One instance per test; closes what it opened.
 */
final class SystemContexts implements AutoCloseable {
    static final ContextName ORDERS = ContextName.of("orders");
    static final ContextName BILLING = ContextName.of("billing");
    static final ContextName AUDIT = ContextName.of("audit");
    static final String TOPIC = "orders.events";
    static final String EVENT_TYPE = "OrderPlaced";
    static final Duration PATIENCE = Duration.ofSeconds(120);

    static final DispatcherOptions DISPATCHER = DispatcherOptions.DEFAULT.withPollInterval(Duration.ofMillis(200));
    /** Short idle sessions and bounded lock renewal, as the Service Bus adapter's ITs use. */
    static final ConsumerOptions CONSUMER = ConsumerOptions.DEFAULT.withMaxConcurrentSessions(16)
            .withSessionIdleTimeout(Duration.ofSeconds(1)).withMaxLockRenewal(Duration.ofSeconds(20));

    final SystemTarget target;
    private final TestContexts contexts;

    SystemContexts(SystemTarget target, Path dir) {
        this.target = target;
        this.contexts = new TestContexts(SqliteStoreOptions.DEFAULT.withDirectory(dir));
    }

    SqliteEventStore store(ContextName context) {
        return contexts.store(context);
    }

    /** {@code orders}' dispatcher publishing its SQLite store. */
    ContextBus publisher(PublisherOptions options) {
        SqliteEventStore store = store(ORDERS);
        return track(target.connect(ContextBus.<Connection>builder()).context(ORDERS.value()).store(store)
                .checkpoints(store.checkpoints()).dispatcherOptions(DISPATCHER).publisherOptions(options).build()).start();
    }

    /** {@code billing} consuming {@code orders} into {@code log}, plus whatever {@code extra} adds. */
    ContextBus billing(AppliedLog log, UnaryOperator<ContextBusBuilder<Connection>> extra) {
        SqliteEventStore store = store(BILLING);
        ContextBusBuilder<Connection> b = target.connect(ContextBus.<Connection>builder()).context(BILLING.value())
                .inbox(store.inbox()).consumerOptions(CONSUMER)
                .consume(ORDERS.value(), Handlers.<Connection>builder().on(EVENT_TYPE, log::record).build())
                .gapRepair(ignoreOtherRuns(GapRepair.LOG_ONLY));
        return track(extra.apply(b).build()).start();
    }

    AppliedLog billingLog() {
        return new AppliedLog(store(BILLING));
    }

    ServiceBusSenderClient sender() {
        return track(target.client().sender().topicName(TOPIC).buildClient());
    }

    /** Real entities keep earlier runs' messages; gaps of their streams are none of this run's business. */
    GapRepair ignoreOtherRuns(GapRepair repair) {
        return gap -> {
            if (gap.streamId().value().startsWith(target.stream(""))) {
                repair.requestReplay(gap);
            }
        };
    }

    static CommitAttempt attempt(String stream, long seq) {
        return new CommitAttempt(StreamId.of(stream), seq, seq, UUID.randomUUID(), Instant.now(), Map.of(),
                List.of(EventMessage.of(EVENT_TYPE, 1, "{\"seq\":" + seq + "}")));
    }

    /** The commit {@code seq} of {@code stream} as {@code orders} stored it. */
    io.contextbus.model.Commit stored(String stream, long seq) {
        return store(ORDERS).readStream(StreamId.of(stream), seq, seq).get(0);
    }

    /** Appends commits 1..commits of each stream to {@code orders}, streams interleaved. */
    void append(List<String> streams, int commits) {
        try {
            contexts.appendRange(ORDERS, streams, 1, commits, 1, SystemContexts::attempt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while appending", e);
        }
    }

    List<String> streams(String prefix, int count) {
        List<String> s = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            s.add(target.stream(prefix + "-" + i));
        }
        return s;
    }

    <C extends AutoCloseable> C track(C c) {
        return contexts.track(c);
    }

    @Override
    public void close() {
        contexts.close();
    }
}
