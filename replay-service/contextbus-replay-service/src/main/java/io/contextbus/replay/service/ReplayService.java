package io.contextbus.replay.service;

import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.messaging.servicebus.ServiceBusClientBuilder;
import io.contextbus.error.ValidationException;
import io.contextbus.model.ContextName;
import io.contextbus.replay.service.implementation.RunningService;
import io.contextbus.servicebus.SessionStrategy;
import java.net.URI;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/**
 * The replay service, running: its REST API listening, replays left unfinished by an earlier run
 * taken up again, new ones run in the background. Every replay reads its sources read-only and
 * sends each commit to the source's topic so that only the target's subscription accepts it; its
 * progress is durable in the service's own data file, page by page.
 */
public final class ReplayService implements AutoCloseable {
    private final RunningService running;
    private final SourceStores stores;
    private final ReplayTransport transport;
    private final String host;

    private ReplayService(ReplayServiceConfig config, SourceStores stores, ReplayTransport transport) {
        this.stores = stores;
        this.transport = transport;
        this.host = config.http().host();
        this.running = new RunningService(config, stores, transport, Clock.systemUTC());
    }

    /**
     * Starts with the configured sources (SQLite files or Cosmos DB containers, read-only) and the
     * configured Service Bus connection.
     */
    public static ReplayService start(ReplayServiceConfig config) {
        ValidationException.requireNonNull(config, "config");
        Map<ContextName, SessionStrategy> sessions = new HashMap<>();
        config.contexts().forEach((name, c) -> sessions.put(name, c.sessions()));
        ServiceBusClientBuilder builder = new ServiceBusClientBuilder();
        ReplayServiceConfig.ServiceBus sb = config.serviceBus();
        if (sb.connectionString().isPresent()) {
            builder.connectionString(sb.connectionString().get());
        } else {
            builder.credential(sb.namespace().orElseThrow(), new DefaultAzureCredentialBuilder().build());
        }
        return start(config, new ConfiguredSourceStores(config.contexts()),
                new ServiceBusReplayTransport(builder, s -> sessions.getOrDefault(s, SessionStrategy.PER_STREAM)));
    }

    /** Starts with the given sources and transport, which the service closes when it closes. */
    public static ReplayService start(ReplayServiceConfig config, SourceStores stores, ReplayTransport transport) {
        ValidationException.requireNonNull(config, "config");
        ValidationException.requireNonNull(stores, "stores");
        ValidationException.requireNonNull(transport, "transport");
        return new ReplayService(config, stores, transport);
    }

    /** The id under which this instance holds replay leases in the registry (ADR 0015). */
    public String runnerId() {
        return running.runnerId();
    }

    /** The port the REST API listens on (useful when configured with port 0). */
    public int port() {
        return running.port();
    }

    /** The REST API's base address. */
    public URI uri() {
        return URI.create("http://" + host + ":" + port());
    }

    @Override
    public void close() {
        running.close();
        transport.close();
        stores.close();
    }
}
