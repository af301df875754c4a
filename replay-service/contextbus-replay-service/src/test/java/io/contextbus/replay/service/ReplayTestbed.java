package io.contextbus.replay.service;

import io.contextbus.model.ContextName;
import io.contextbus.replay.client.ReplayClient;
import io.contextbus.servicebus.local.LocalServiceBus;
import io.contextbus.store.sqlite.SqliteEventStore;
import io.contextbus.testsupport.LocalBus;
import io.contextbus.topology.ContextBusTopology;
import io.contextbus.topology.Topology;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the replay service's integration tests run against, all real: a local Service Bus with the
 * contexts' topology, source stores as SQLite files, and the replay service itself on 127.0.0.1.
 * Contexts: {@code ordering} and {@code catalog} are sources; {@code shipping} consumes both,
 * {@code billing} consumes {@code ordering}.
 */
final class ReplayTestbed implements AutoCloseable {
    static final ContextName ORDERING = ContextName.of("ordering");
    static final ContextName CATALOG = ContextName.of("catalog");
    static final ContextName SHIPPING = ContextName.of("shipping");
    static final ContextName BILLING = ContextName.of("billing");
    static final String TOKEN = "test-token-" + java.util.UUID.randomUUID();

    final Path dir;
    final Topology topology;
    final LocalServiceBus bus;
    private final LocalBus local;
    final Map<ContextName, SqliteEventStore> sources = new HashMap<>();

    ReplayTestbed(Path dir) {
        this.dir = dir;
        this.local = LocalBus.start(ContextBusTopology.builder()
                .duplicateDetectionWindow(Duration.ofMinutes(5))
                .context(ORDERING.value())
                .context(CATALOG.value())
                .context(SHIPPING.value(), ContextBusTopology.consumes(ORDERING.value(), CATALOG.value()))
                .context(BILLING.value(), ContextBusTopology.consumes(ORDERING.value()))
                .build());
        this.topology = local.topology();
        this.bus = local.broker();
        for (ContextName c : new ContextName[]{ORDERING, CATALOG}) {
            sources.put(c, SqliteEventStore.open(storeDir(c), c));
        }
    }

    Path storeDir(ContextName context) {
        return dir.resolve("stores");
    }

    Path topologyFile() {
        return local.writeTopology(dir.resolve("topology.json"));
    }

    /** The service's config: every context known, ordering and catalog readable, port 0. */
    ReplayServiceConfig config(ReplayServiceConfig.Pacing pacing) {
        Map<ContextName, ReplayServiceConfig.Context> contexts = Map.of(
                ORDERING, ReplayServiceConfig.Context.sqliteSource(storeDir(ORDERING)),
                CATALOG, ReplayServiceConfig.Context.sqliteSource(storeDir(CATALOG)),
                SHIPPING, ReplayServiceConfig.Context.target(),
                BILLING, ReplayServiceConfig.Context.target());
        return new ReplayServiceConfig(ReplayServiceConfig.Http.DEFAULT.withPort(0), TOKEN, dir.resolve("replay/replays.db"),
                ReplayServiceConfig.ServiceBus.connectionString(bus.connectionString()), contexts, Optional.of(topologyFile()),
                pacing, true);
    }

    ReplayService startService(ReplayServiceConfig.Pacing pacing) {
        return ReplayService.start(config(pacing));
    }

    static ReplayClient client(ReplayService service) {
        return ReplayClient.create(service.uri(), TOKEN);
    }

    static String subscription(ContextName source, ContextName consumer) {
        return Topology.subscriptionPath(source.topicName(), consumer.value());
    }

    @Override
    public void close() {
        sources.values().forEach(SqliteEventStore::close);
        local.close();
    }
}
