package io.contextbus.replay.service;

import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.messaging.servicebus.ServiceBusClientBuilder;
import io.contextbus.error.ValidationException;
import io.contextbus.health.HealthReport;
import io.contextbus.model.ContextName;
import io.contextbus.observation.ContextBusObserver;
import io.contextbus.replay.service.implementation.RunningService;
import io.contextbus.servicebus.HealthOptions;
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

    private ReplayService(ReplayServiceConfig config, SourceStores stores, ReplayTransport transport,
                          DeadLetterCounts deadLetters, ContextBusObserver observer, HealthOptions health) {
        this.stores = stores;
        this.transport = transport;
        this.host = config.http().host();
        this.running = new RunningService(config, stores, transport, deadLetters, Clock.systemUTC(), observer, health);
    }

    /**
     * Starts with the configured sources (SQLite files or Cosmos DB containers, read-only) and the
     * configured Service Bus connection.
     */
    public static ReplayService start(ReplayServiceConfig config) {
        return start(config, DeadLetterCounts.NONE, ContextBusObserver.NONE);
    }

    /**
     * As {@link #start(ReplayServiceConfig)}, with the status page reading each subscription's
     * dead-lettered count from {@code deadLetters}, and each replay's progress and end reported to
     * {@code observer} ({@link DeadLetterCounts#NONE} and {@link ContextBusObserver#NONE} for none).
     */
    public static ReplayService start(ReplayServiceConfig config, DeadLetterCounts deadLetters,
                                      ContextBusObserver observer) {
        ValidationException.requireNonNull(config, "config");
        ValidationException.requireNonNull(deadLetters, "deadLetters");
        ValidationException.requireNonNull(observer, "observer");
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
                new ServiceBusReplayTransport(builder, s -> sessions.getOrDefault(s, SessionStrategy.PER_STREAM)),
                deadLetters, observer, HealthOptions.DEFAULT);
    }

    /** Starts with the given sources and transport, which the service closes when it closes. */
    public static ReplayService start(ReplayServiceConfig config, SourceStores stores, ReplayTransport transport) {
        return start(config, stores, transport, DeadLetterCounts.NONE, ContextBusObserver.NONE, HealthOptions.DEFAULT);
    }

    /**
     * Starts with the given sources and transport (closed when the service closes), the status
     * page's dead-letter counts from {@code deadLetters}, replay progress reported to
     * {@code observer}; {@code /health} (and {@link #health()}) judged by {@code health}.
     */
    public static ReplayService start(ReplayServiceConfig config, SourceStores stores, ReplayTransport transport,
                                      DeadLetterCounts deadLetters, ContextBusObserver observer, HealthOptions health) {
        ValidationException.requireNonNull(config, "config");
        ValidationException.requireNonNull(stores, "stores");
        ValidationException.requireNonNull(transport, "transport");
        ValidationException.requireNonNull(deadLetters, "deadLetters");
        ValidationException.requireNonNull(observer, "observer");
        ValidationException.requireNonNull(health, "health");
        return new ReplayService(config, stores, transport, deadLetters, observer, health);
    }

    /**
     * Whether the service works: component {@code broker}, Service Bus answering a background probe
     * of the first readable source's topic (what {@code GET /health} answers, 503 when DOWN).
     */
    public HealthReport health() {
        return running.health();
    }

    /** The id under which this instance holds replay leases in the registry (ADR 0015). */
    public String runnerId() {
        return running.runnerId();
    }

    /** The port the REST API listens on (useful when configured with port 0). */
    public int port() {
        return running.port();
    }

    /** The live status page (open; its figures need the bearer token: ADR 0033). */
    public URI statusPage() {
        return URI.create(uri() + "/status");
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
