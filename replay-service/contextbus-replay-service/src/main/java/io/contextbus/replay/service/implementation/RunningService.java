package io.contextbus.replay.service.implementation;

import com.azure.cosmos.CosmosClientBuilder;
import io.contextbus.model.ContextName;
import io.contextbus.replay.service.ReplayServiceConfig;
import io.contextbus.replay.service.ReplayTransport;
import io.contextbus.replay.service.SourceStores;
import io.contextbus.store.cosmos.CosmosStoreOptions;
import io.contextbus.topology.Topology;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.function.BiPredicate;

/** The replay service's parts, wired and started; closed in reverse order. Not part of the API. */
public final class RunningService implements AutoCloseable {
    private final ReplayRegistry registry;
    private final ReplayEngine engine;
    private final HttpApi http;

    public RunningService(ReplayServiceConfig config, SourceStores stores, ReplayTransport transport, Clock clock) {
        ReplayServiceConfig.Pacing p = config.pacing();
        EngineSettings settings = new EngineSettings(p.pageSize(), p.lanes(), p.chunkSize(), p.commitsPerSecond(), p.burst(),
                p.maxConcurrentReplays(), p.sendRetries(), java.time.Duration.ofMillis(500));
        this.registry = openRegistry(config);
        this.engine = new ReplayEngine(registry, stores, transport, settings, clock, ReplayEngine.newRunnerId(),
                config.lease());
        ReplayOperations ops = new ReplayOperations(registry, engine, config.contexts().keySet(), stores.contexts(),
                consumes(config), clock);
        try {
            this.http = new HttpApi(new InetSocketAddress(config.http().host(), config.http().port()), ops,
                    new SourceHeadsReader(stores), new BearerAuth(config.authToken()), config.http().maxBodyBytes(), config.http().threads());
        } catch (IOException e) {
            engine.close();
            registry.close();
            throw new UncheckedIOException("Could not listen on " + config.http().host() + ":" + config.http().port(), e);
        }
        engine.recover(config.resumeOnStart());
    }

    /** The registry the configuration names: a Cosmos DB container shared by replicas, or the SQLite data file. */
    private static ReplayRegistry openRegistry(ReplayServiceConfig config) {
        if (config.cosmosRegistry().isEmpty()) {
            return ReplayRegistry.open(config.dataFile());
        }
        CosmosStoreOptions o = config.cosmosRegistry().get();
        CosmosClientBuilder builder = new CosmosClientBuilder().endpoint(o.endpoint()).gatewayMode()
                .contentResponseOnWriteEnabled(false);
        if (o.key() != null) {
            builder.key(o.key());
        } else {
            builder.credential(o.credential());
        }
        return CosmosReplayRegistry.open(builder.buildClient(), o.database(), ReplayServiceConfig.REGISTRY_CONTAINER,
                o.createIfMissing());
    }

    /** The id this instance holds replay leases under (the registry's runner field). */
    public String runnerId() {
        return engine.runnerId();
    }

    public int port() {
        return http.port();
    }

    private static BiPredicate<ContextName, ContextName> consumes(ReplayServiceConfig config) {
        if (config.topologyFile().isEmpty()) {
            return (target, source) -> true;
        }
        Topology topology = Topology.read(config.topologyFile().get());
        return (target, source) -> topology.subscription(source.topicName(), target.value()).isPresent();
    }

    @Override
    public void close() {
        http.close();
        engine.close();
        registry.close();
    }
}
