package io.contextbus.replay.e2e;

import io.contextbus.dispatch.DispatcherOptions;
import io.contextbus.handler.GapRepair;
import io.contextbus.handler.Handlers;
import io.contextbus.model.CommitAttempt;
import io.contextbus.model.ContextName;
import io.contextbus.model.EventMessage;
import io.contextbus.model.StreamId;
import io.contextbus.replay.client.ReplayClient;
import io.contextbus.replay.service.ReplayService;
import io.contextbus.replay.service.ReplayServiceConfig;
import io.contextbus.servicebus.ConsumerOptions;
import io.contextbus.servicebus.ContextBus;
import io.contextbus.servicebus.ContextBusBuilder;
import io.contextbus.servicebus.local.LocalServiceBus;
import io.contextbus.store.sqlite.SqliteEventStore;
import io.contextbus.store.sqlite.SqliteStoreOptions;
import io.contextbus.testsupport.LocalBus;
import io.contextbus.testsupport.TestContexts;
import io.contextbus.topology.ContextBusTopology;
import io.contextbus.topology.Topology;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The whole system for the end-to-end tests, all real and in this JVM unless a test says otherwise:
 * the local Service Bus with the topology, one SQLite store per context, {@code ordering}'s own
 * dispatcher publishing its commits, consumer contexts {@code shipping} and {@code billing} applying
 * them through their inboxes into a {@link FoldedReadModel}, and the replay service.
 */
final class EndToEnd implements AutoCloseable {
    static final ContextName ORDERING = ContextName.of("ordering");
    static final ContextName SHIPPING = ContextName.of("shipping");
    static final ContextName BILLING = ContextName.of("billing");
    static final String EVENT_TYPE = "OrderChanged";
    static final String TOKEN = "e2e-token-" + UUID.randomUUID();
    static final Duration PATIENCE = Duration.ofSeconds(90);

    static final DispatcherOptions DISPATCHER = DispatcherOptions.DEFAULT.withPageSize(500)
            .withPollInterval(Duration.ofMillis(100)).withLeaseTtl(Duration.ofSeconds(5));
    static final ConsumerOptions CONSUMER = ConsumerOptions.DEFAULT.withMaxConcurrentSessions(64)
            .withSessionIdleTimeout(Duration.ofSeconds(1));

    final Path dir;
    final Topology topology;
    final LocalServiceBus bus;
    private final LocalBus local;
    private final TestContexts contexts;
    private final Map<ContextName, FoldedReadModel> models = new HashMap<>();

    EndToEnd(Path dir) {
        this.dir = dir;
        this.local = LocalBus.start(ContextBusTopology.builder().duplicateDetectionWindow(Duration.ofMinutes(5))
                .context(ORDERING.value())
                .context(SHIPPING.value(), ContextBusTopology.consumes(ORDERING.value()))
                .context(BILLING.value(), ContextBusTopology.consumes(ORDERING.value()))
                .build());
        this.topology = local.topology();
        this.bus = local.broker();
        this.contexts = new TestContexts(storeOptions(storeDir()));
    }

    static SqliteStoreOptions storeOptions(Path dir) {
        return LocalBus.storeOptions(dir);
    }

    Path storeDir() {
        return dir.resolve("stores");
    }

    SqliteEventStore store(ContextName context) {
        return contexts.store(context);
    }

    synchronized FoldedReadModel model(ContextName consumer) {
        return models.computeIfAbsent(consumer, c -> new FoldedReadModel(store(c)));
    }

    /** Starts ordering's dispatcher: its commits go live to its topic. */
    ContextBus dispatcher() {
        SqliteEventStore s = store(ORDERING);
        return track(ContextBus.<Connection>builder().context(ORDERING.value()).store(s).checkpoints(s.checkpoints())
                .connectionString(bus.connectionString()).topology(topology).dispatcherOptions(DISPATCHER).build()).start();
    }

    /** Starts a consumer context applying ordering's commits into its read model. */
    ContextBus consumer(ContextName consumer, GapRepair gapRepair) {
        return consumer(consumer, gapRepair, CONSUMER);
    }

    /** As {@link #consumer(ContextName, GapRepair)}, with the given consumer options. */
    ContextBus consumer(ContextName consumer, GapRepair gapRepair, ConsumerOptions options) {
        SqliteEventStore s = store(consumer);
        FoldedReadModel model = model(consumer);
        ContextBusBuilder<Connection> b = ContextBus.<Connection>builder().context(consumer.value()).inbox(s.inbox())
                .connectionString(bus.connectionString()).topology(topology).consumerOptions(options)
                .gapRepair(gapRepair)
                .consume(ORDERING.value(), Handlers.<Connection>builder().on(EVENT_TYPE, model::apply).build());
        return track(b.build()).start();
    }

    ReplayServiceConfig serviceConfig(ReplayServiceConfig.Pacing pacing) {
        return new ReplayServiceConfig(ReplayServiceConfig.Http.DEFAULT.withPort(0), TOKEN, dir.resolve("replay/replays.db"),
                ReplayServiceConfig.ServiceBus.connectionString(bus.connectionString()),
                Map.of(ORDERING, ReplayServiceConfig.Context.sqliteSource(storeDir()),
                        SHIPPING, ReplayServiceConfig.Context.target(), BILLING, ReplayServiceConfig.Context.target()),
                Optional.of(topologyFile()), pacing, true);
    }

    ReplayService replayService(ReplayServiceConfig.Pacing pacing) {
        return track(ReplayService.start(serviceConfig(pacing)));
    }

    static ReplayClient client(ReplayService service) {
        return ReplayClient.create(service.uri(), TOKEN);
    }

    Path topologyFile() {
        return local.writeTopology(dir.resolve("topology.json"));
    }

    static String subscription(ContextName consumer) {
        return Topology.subscriptionPath(ORDERING.topicName(), consumer.value());
    }

    long enqueued(ContextName consumer) {
        return local.enqueued(subscription(consumer));
    }

    static List<StreamId> streams(String prefix, int count) {
        return TestContexts.streams(prefix, count).stream().map(StreamId::of).toList();
    }

    static CommitAttempt attempt(StreamId stream, long seq) {
        return new CommitAttempt(stream, seq, seq, UUID.randomUUID(), Instant.now(), Map.of(),
                List.of(EventMessage.of(EVENT_TYPE, 1, "{\"stream\":\"" + stream.value() + "\",\"seq\":" + seq + "}")));
    }

    /** Appends commits {@code from..to} of every stream to ordering's store, streams interleaved, in parallel. */
    void append(List<StreamId> streams, long from, long to, int threads) throws InterruptedException {
        contexts.appendRange(ORDERING, streams, from, to, threads, EndToEnd::attempt);
    }

    Map<String, String> expected(List<StreamId> streams) {
        return FoldedReadModel.expected(store(ORDERING), streams);
    }

    <C extends AutoCloseable> C track(C c) {
        return contexts.track(c);
    }

    /** Stops something started earlier (a consumer, the service), as a process that stops would. */
    void stop(AutoCloseable c) {
        contexts.stop(c);
    }

    @Override
    public void close() {
        contexts.close();
        local.close();
    }
}
