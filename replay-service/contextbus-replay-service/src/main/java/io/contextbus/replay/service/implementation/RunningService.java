package io.contextbus.replay.service.implementation;

import com.azure.cosmos.CosmosClientBuilder;
import io.contextbus.health.HealthReport;
import io.contextbus.model.ContextName;
import io.contextbus.observation.ContextBusObserver;
import io.contextbus.replay.service.DeadLetterCounts;
import io.contextbus.replay.service.ReplayServiceConfig;
import io.contextbus.replay.service.ReplayTransport;
import io.contextbus.replay.service.SourceStores;
import io.contextbus.servicebus.HealthOptions;
import io.contextbus.servicebus.implementation.BrokerProbe;
import io.contextbus.servicebus.implementation.HealthRules;
import io.contextbus.store.cosmos.CosmosStoreOptions;
import io.contextbus.topology.Topology;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.BiPredicate;

/** The replay service's parts, wired and started; closed in reverse order. Not part of the API. */
public final class RunningService implements AutoCloseable {
    private final ReplayRegistry registry;
    private final ReplayEngine engine;
    private final HttpApi http;
    private final BrokerProbe probe;
    private final HealthOptions healthOptions;

    public RunningService(ReplayServiceConfig config, SourceStores stores, ReplayTransport transport, Clock clock) {
        this(config, stores, transport, DeadLetterCounts.NONE, clock, ContextBusObserver.NONE, HealthOptions.DEFAULT);
    }

    /**
     * With the status page reading dead-letter counts from {@code deadLetters}, replay progress
     * reported to {@code observer}, and {@code /health} judged by {@code health} (the broker probe:
     * an empty batch on the first readable source's topic).
     */
    public RunningService(ReplayServiceConfig config, SourceStores stores, ReplayTransport transport,
                          DeadLetterCounts deadLetters, Clock clock, ContextBusObserver observer, HealthOptions health) {
        this.healthOptions = health;
        this.probe = probeOf(stores, transport, health);
        ReplayServiceConfig.Pacing p = config.pacing();
        EngineSettings settings = new EngineSettings(p.pageSize(), p.lanes(), p.chunkSize(), p.commitsPerSecond(), p.burst(),
                p.maxConcurrentReplays(), p.sendRetries(), java.time.Duration.ofMillis(500));
        this.registry = openRegistry(config);
        this.engine = new ReplayEngine(registry, stores, transport, settings, clock, ReplayEngine.newRunnerId(),
                config.lease()).observedBy(observer);
        ReplayOperations ops = new ReplayOperations(registry, engine, config.contexts().keySet(), stores.contexts(),
                consumes(config), clock);
        StatusService status = new StatusService(stores, config.contexts().keySet(),
                config.topologyFile().map(Topology::read), deadLetters, ops::inProgress, clock);
        try {
            this.http = new HttpApi(new InetSocketAddress(config.http().host(), config.http().port()), ops, status,
                    new SourceHeadsReader(stores), new BearerAuth(config.authToken()), config.http().maxBodyBytes(),
                    config.http().threads(), this::health);
        } catch (IOException e) {
            if (probe != null) {
                probe.close();
            }
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

    private static BrokerProbe probeOf(SourceStores stores, ReplayTransport transport, HealthOptions health) {
        Optional<ContextName> first = stores.contexts().stream().sorted(Comparator.comparing(ContextName::value)).findFirst();
        return first.map(source -> new BrokerProbe(source.topicName(), () -> {
            transport.checkReachable(source);
            return Optional.<Instant>empty();
        }, health.brokerProbeInterval(), Clock.systemUTC()).start()).orElse(null);
    }

    /** {@code broker}: Service Bus answers the probe; UP with no component when no source is readable. */
    public HealthReport health() {
        if (probe == null) {
            return HealthReport.of(List.of());
        }
        return HealthReport.of(List.of(HealthRules.broker(probe.state(), Instant.now(), healthOptions)));
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
        if (probe != null) {
            probe.close();
        }
        engine.close();
        registry.close();
    }
}
