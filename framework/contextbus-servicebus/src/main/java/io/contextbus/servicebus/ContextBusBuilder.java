package io.contextbus.servicebus;

import com.azure.core.amqp.AmqpRetryOptions;
import com.azure.core.credential.TokenCredential;
import io.contextbus.dispatch.DispatchCheckpointStore;
import io.contextbus.dispatch.DispatcherOptions;
import io.contextbus.dispatch.DispatchingStore;
import io.contextbus.error.ValidationException;
import io.contextbus.handler.GapRepair;
import io.contextbus.health.HealthCheck;
import io.contextbus.handler.Handlers;
import io.contextbus.inbox.Inbox;
import io.contextbus.model.ContextName;
import io.contextbus.observation.ContextBusObserver;
import io.contextbus.servicebus.implementation.CommitConsumer;
import io.contextbus.servicebus.implementation.HoldKeeper;
import io.contextbus.servicebus.implementation.TopologyCheck;
import io.contextbus.store.EventStore;
import io.contextbus.topology.Topology;
import io.contextbus.topology.TopologyViolation;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Builds a {@link ContextBus} in the Azure SDK's fluent style. Required: {@link #context}, a
 * connection ({@link #credential} in production, {@link #connectionString} for the local broker),
 * the {@link #topology}, and something to do: a {@link #store} with its {@link #checkpoints} to
 * publish (a store with a dispatcher of its own, {@link DispatchingStore} such as the Cosmos DB
 * store, needs no checkpoints: it publishes through the change feed), and/or an {@link #inbox} with
 * one {@link #consume} per source context. {@link #build()}
 * validates everything once and refuses a topology that would break a promise.
 *
 * @param <T> the consumer store's transaction handle
 */
public final class ContextBusBuilder<T> {
    private ContextName context;
    private EventStore store;
    private DispatchCheckpointStore checkpoints;
    private Inbox<T> inbox;
    private final Map<ContextName, Handlers<T>> consumed = new LinkedHashMap<>();
    private Topology topology;
    private ContextBus.Connection connection;
    private AmqpRetryOptions retry;
    private GapRepair gapRepair = GapRepair.LOG_ONLY;
    private DispatcherOptions dispatcher = DispatcherOptions.DEFAULT;
    private PublisherOptions publisher = PublisherOptions.DEFAULT;
    private ConsumerOptions consumer = ConsumerOptions.DEFAULT;
    private LiveTopologyCheck liveCheck = LiveTopologyCheck.OFF;
    private HealthOptions health = HealthOptions.DEFAULT;
    private ContextBusObserver observer = ContextBusObserver.NONE;
    private final List<HealthCheck> healthChecks = new ArrayList<>();
    private final List<HealthCheck> readinessChecks = new ArrayList<>();

    ContextBusBuilder() {
    }

    /** The bounded context this bus runs for, e.g. {@code shipping}. */
    public ContextBusBuilder<T> context(String name) {
        this.context = ContextName.of(name);
        return this;
    }

    /**
     * The context's event store, whose commits the dispatcher publishes: the core
     * {@code StoreDispatcher} over {@link #checkpoints}, or the store's own dispatcher when it is a
     * {@link DispatchingStore} (the Cosmos DB store: the change feed processor).
     */
    public ContextBusBuilder<T> store(EventStore value) {
        this.store = ValidationException.requireNonNull(value, "store");
        return this;
    }

    /**
     * The dispatcher's checkpoint and lease, kept in the context's store. Not needed for a
     * {@link DispatchingStore}, whose own dispatcher keeps its checkpoint (given anyway, it is not used).
     */
    public ContextBusBuilder<T> checkpoints(DispatchCheckpointStore value) {
        this.checkpoints = ValidationException.requireNonNull(value, "checkpoints");
        return this;
    }

    /** The inbox in the context's store, through which consumed commits are applied once. */
    public ContextBusBuilder<T> inbox(Inbox<T> value) {
        this.inbox = ValidationException.requireNonNull(value, "inbox");
        return this;
    }

    /** Consume the topic of context {@code source} with {@code handlers}. */
    public ContextBusBuilder<T> consume(String source, Handlers<T> handlers) {
        ContextName s = ContextName.of(source);
        ValidationException.requireNonNull(handlers, "handlers");
        ValidationException.require(!consumed.containsKey(s), "source", "is consumed twice: '" + source + "'.");
        consumed.put(s, handlers);
        return this;
    }

    /** Production: Microsoft Entra ID with {@code credential} on {@code <namespace>.servicebus.windows.net}. */
    public ContextBusBuilder<T> credential(String fullyQualifiedNamespace, TokenCredential credential) {
        ValidationException.requireNonNull(fullyQualifiedNamespace, "fullyQualifiedNamespace");
        ValidationException.requireNonNull(credential, "credential");
        this.connection = ContextBus.Connection.ofCredential(fullyQualifiedNamespace, credential);
        return this;
    }

    /** Production: {@code DefaultAzureCredential} (managed identity, workload identity, Azure CLI...). */
    public ContextBusBuilder<T> credential(String fullyQualifiedNamespace) {
        ValidationException.requireNonNull(fullyQualifiedNamespace, "fullyQualifiedNamespace");
        this.connection = ContextBus.Connection.ofDefaultCredential(fullyQualifiedNamespace);
        return this;
    }

    /** Local use only (the local broker, the emulator): keys in connection strings do not belong in production. */
    public ContextBusBuilder<T> connectionString(String value) {
        ValidationException.requireNonNull(value, "connectionString");
        ValidationException.require(!value.isBlank(), "connectionString", "cannot be blank.");
        this.connection = ContextBus.Connection.ofConnectionString(value);
        return this;
    }

    /** The topology file the startup check compares against. */
    public ContextBusBuilder<T> topology(Topology value) {
        this.topology = ValidationException.requireNonNull(value, "topology");
        return this;
    }

    /** Where gaps are reported; {@link GapRepair#LOG_ONLY} by default. */
    public ContextBusBuilder<T> gapRepair(GapRepair value) {
        this.gapRepair = ValidationException.requireNonNull(value, "gapRepair");
        return this;
    }

    public ContextBusBuilder<T> dispatcherOptions(DispatcherOptions value) {
        this.dispatcher = ValidationException.requireNonNull(value, "dispatcherOptions");
        return this;
    }

    public ContextBusBuilder<T> publisherOptions(PublisherOptions value) {
        this.publisher = ValidationException.requireNonNull(value, "publisherOptions");
        return this;
    }

    public ContextBusBuilder<T> consumerOptions(ConsumerOptions value) {
        this.consumer = ValidationException.requireNonNull(value, "consumerOptions");
        return this;
    }

    /**
     * The SDK's retry of single operations (defaults: 2 retries, 500 ms to 10 s, 30 s per try). The
     * SDK's smallest backoff is {@code delay} + 4 s, so {@code maxDelay} must be at least that.
     */
    public ContextBusBuilder<T> clientRetryOptions(AmqpRetryOptions value) {
        this.retry = ValidationException.requireNonNull(value, "clientRetryOptions");
        ValidationException.require(value.getMaxDelay().compareTo(value.getDelay().plusSeconds(4)) >= 0,
                "clientRetryOptions", "maxDelay (" + value.getMaxDelay() + ") must be at least delay + 4 s ("
                        + value.getDelay().plusSeconds(4) + "): the SDK fails every retry otherwise.");
        return this;
    }

    /** Whether to check the live namespace at start; {@link LiveTopologyCheck#OFF} by default. */
    public ContextBusBuilder<T> liveTopologyCheck(LiveTopologyCheck value) {
        this.liveCheck = ValidationException.requireNonNull(value, "liveTopologyCheck");
        return this;
    }

    /** The limits {@link ContextBus#health()} and {@link ContextBus#readiness()} judge by; {@link HealthOptions#DEFAULT} by default. */
    public ContextBusBuilder<T> healthOptions(HealthOptions value) {
        this.health = ValidationException.requireNonNull(value, "healthOptions");
        return this;
    }

    /** Adds a component to {@link ContextBus#health()} (and so to its readiness), e.g. the store's own check. */
    public ContextBusBuilder<T> healthCheck(HealthCheck value) {
        healthChecks.add(ValidationException.requireNonNull(value, "healthCheck"));
        return this;
    }

    /** Adds a component to {@link ContextBus#readiness()} only, e.g. "not ready while the catch-up replay runs". */
    public ContextBusBuilder<T> readinessCheck(HealthCheck value) {
        readinessChecks.add(ValidationException.requireNonNull(value, "readinessCheck"));
        return this;
    }

    /**
     * Where the dispatcher and the consumers report what they do (pages published, commits applied,
     * duplicates, gaps, dead letters, handler durations, lags), e.g. {@code contextbus-micrometer}'s
     * {@code MicrometerObserver}; {@link ContextBusObserver#NONE} by default.
     */
    public ContextBusBuilder<T> observer(ContextBusObserver value) {
        this.observer = ValidationException.requireNonNull(value, "observer");
        return this;
    }

    /** The MaxDeliveryCount of this context's subscription to {@code source}, as the topology declares it. */
    private OptionalInt maxDeliveryCount(ContextName source) {
        return topology.subscription(source.topicName(), context.value())
                .map(s -> OptionalInt.of(s.properties().maxDeliveryCount())).orElse(OptionalInt.empty());
    }

    /**
     * @throws ValidationException naming the missing or inconsistent setting
     * @throws UnsafeTopologyException when the topology would break a promise
     */
    public ContextBus build() {
        ValidationException.requireNonNull(context, "context");
        ValidationException.requireNonNull(connection, "connection");
        ValidationException.requireNonNull(topology, "topology");
        boolean ownDispatcher = store instanceof DispatchingStore;
        ValidationException.require(store != null || checkpoints == null, "store",
                "must be set together with checkpoints to publish.");
        ValidationException.require(store == null || ownDispatcher || checkpoints != null, "checkpoints",
                "must be set together with store to publish (only a store with its own dispatcher, such as the"
                        + " Cosmos DB store, needs none).");
        ValidationException.require(store == null || store.context().equals(context), "store",
                "belongs to context '" + (store == null ? "" : store.context()) + "', not '" + context + "'.");
        ValidationException.require(store != null || !consumed.isEmpty(), "consume",
                "is empty and no store is set: the context would neither publish nor consume.");
        ValidationException.require(consumed.isEmpty() || inbox != null, "inbox", "cannot be null when consuming.");
        ValidationException.require(!consumed.containsKey(context), "source",
                "cannot be the context itself ('" + context + "').");
        List<TopologyViolation> problems = TopologyCheck.check(topology, context, store != null, consumed.keySet(),
                dispatcher.retryHorizon());
        if (!problems.isEmpty()) {
            throw new UnsafeTopologyException("The topology of context '" + context + "'", problems);
        }
        Optional<HoldKeeper<T>> holds = consumed.isEmpty() ? Optional.empty()
                : Optional.of(new HoldKeeper<>(context, inbox, consumed, Clock.systemUTC()));
        List<CommitConsumer<T>> consumers = new ArrayList<>();
        consumed.forEach((source, handlers) -> consumers.add(new CommitConsumer<>(context, source, inbox, handlers,
                gapRepair, maxDeliveryCount(source), observer, holds, Optional.of(consumer.transientRetry()))));
        Optional<HeldStreams> held = holds.map(k -> new HeldStreams(context, inbox, consumed, gapRepair, k,
                Clock.systemUTC()));
        ContextBus.Connection conn = retry == null ? connection : connection.withRetry(retry);
        return ContextBus.create(new ContextBus.ContextBusSettings<>(context, Optional.ofNullable(store),
                Optional.ofNullable(ownDispatcher ? null : checkpoints), List.copyOf(consumers), topology, conn, dispatcher, publisher,
                consumer, liveCheck, health, List.copyOf(healthChecks), List.copyOf(readinessChecks), observer,
                holds.map(k -> k), held));
    }
}
