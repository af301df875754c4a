package io.contextbus.replay.service.internal;

import io.contextbus.model.ContextName;
import io.contextbus.replay.service.ReplayServiceConfig;
import io.contextbus.replay.service.ReplayTransport;
import io.contextbus.replay.service.SourceStores;
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
        this.registry = ReplayRegistry.open(config.dataFile());
        this.engine = new ReplayEngine(registry, stores, transport, settings, clock);
        ReplayOperations ops = new ReplayOperations(registry, engine, config.contexts().keySet(), stores.contexts(),
                consumes(config), clock);
        try {
            this.http = new HttpApi(new InetSocketAddress(config.http().host(), config.http().port()), ops,
                    new BearerAuth(config.authToken()), config.http().maxBodyBytes(), config.http().threads());
        } catch (IOException e) {
            engine.close();
            registry.close();
            throw new UncheckedIOException("Could not listen on " + config.http().host() + ":" + config.http().port(), e);
        }
        engine.recover(config.resumeOnStart());
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
