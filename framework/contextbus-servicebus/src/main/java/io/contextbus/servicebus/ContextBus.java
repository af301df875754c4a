package io.contextbus.servicebus;

import com.azure.core.amqp.AmqpRetryMode;
import com.azure.core.amqp.AmqpRetryOptions;
import com.azure.core.credential.TokenCredential;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.messaging.servicebus.ServiceBusClientBuilder;
import com.azure.messaging.servicebus.administration.ServiceBusAdministrationClient;
import com.azure.messaging.servicebus.administration.ServiceBusAdministrationClientBuilder;
import io.contextbus.dispatch.DispatchCheckpointStore;
import io.contextbus.dispatch.Dispatcher;
import io.contextbus.dispatch.DispatcherOptions;
import io.contextbus.dispatch.DispatcherStatus;
import io.contextbus.dispatch.DispatchLag;
import io.contextbus.dispatch.DispatchingStore;
import io.contextbus.dispatch.StoreDispatcher;
import io.contextbus.health.ComponentHealth;
import io.contextbus.health.HealthCheck;
import io.contextbus.health.HealthReport;
import io.contextbus.inbox.Inbox;
import io.contextbus.model.ContextName;
import io.contextbus.observation.ContextBusObserver;
import io.contextbus.servicebus.implementation.BrokerProbe;
import io.contextbus.servicebus.implementation.CommitConsumer;
import io.contextbus.servicebus.implementation.HealthRules;
import io.contextbus.servicebus.implementation.HoldKeeper;
import io.contextbus.servicebus.implementation.LiveTopology;
import io.contextbus.servicebus.implementation.ProbeState;
import io.contextbus.servicebus.implementation.SubscriptionPeek;
import io.contextbus.servicebus.implementation.ReceiverPumpThreads;
import io.contextbus.servicebus.implementation.SubscriptionProcessor;
import io.contextbus.servicebus.implementation.TopologyCheck;
import io.contextbus.store.EventStore;
import io.contextbus.topology.Topology;
import io.contextbus.topology.TopologyViolation;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One bounded context on Azure Service Bus: its dispatcher publishes every durable commit of its
 * store to {@code <context>.events} (at least once, in order per stream, the checkpoint moving only
 * after Service Bus acknowledged), and one session processor per consumed context applies that
 * context's commits through the inbox (once, in order per stream, a commit that cannot be applied
 * parking its stream, gaps reported); {@link #heldStreams()} lists and settles the held streams,
 * {@link #deadLetters()} the dead-lettered messages. Built by {@link #builder()}, which refuses an unsafe topology; {@link #start()} starts
 * everything, {@link #close()} stops it.
 */
public final class ContextBus implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ContextBus.class);

    private final ContextBusSettings<?> settings;
    private final ServiceBusClientBuilder clients;
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final List<SubscriptionProcessor> processors = new ArrayList<>();
    private int pumpedSessions;
    private ServiceBusCommitPublisher publisher;
    private Dispatcher dispatcher;
    private BrokerProbe probe;
    private final List<AutoCloseable> probes = new ArrayList<>();
    private final List<BrokerProbe> consumerProbes = new ArrayList<>();
    private final Optional<DeadLetters> deadLetters;

    private ContextBus(ContextBusSettings<?> settings) {
        this.settings = settings;
        this.clients = settings.clientBuilder();
        this.deadLetters = settings.consumers().isEmpty() ? Optional.empty()
                : Optional.of(new DeadLetters(settings.context(), settings.consumers().stream()
                        .map(CommitConsumer::source).collect(Collectors.toSet()), clients));
    }

    /** A builder; the type argument is the consumer store's transaction handle (a {@code java.sql.Connection} for SQLite). */
    public static <T> ContextBusBuilder<T> builder() {
        return new ContextBusBuilder<>();
    }

    static ContextBus create(ContextBusSettings<?> settings) {
        return new ContextBus(settings);
    }

    public ContextName context() {
        return settings.context();
    }

    /**
     * Checks the live namespace when asked to, then starts the dispatcher and the consumers.
     *
     * @throws UnsafeTopologyException when the live check is {@link LiveTopologyCheck#FAIL} and fails
     * @throws IllegalStateException when already started or closed
     */
    public synchronized ContextBus start() {
        if (closed.get() || !started.compareAndSet(false, true)) {
            throw new IllegalStateException("The context bus of '" + context() + "' was already started or closed.");
        }
        try {
            checkLiveTopology();
            settings.store().ifPresent(store -> {
                publisher = new ServiceBusCommitPublisher(clients.sender().topicName(context().topicName()).buildClient(),
                        context(), settings.publisher(), settings.observer());
                // A store with a dispatcher of its own (Cosmos DB: the change feed) publishes through it.
                dispatcher = store instanceof DispatchingStore own
                        ? own.startDispatcher(publisher, settings.dispatcher())
                        : new StoreDispatcher(store, settings.checkpoints().orElseThrow(), publisher,
                                settings.dispatcher(), settings.observer()).start();
                probe = new BrokerProbe(context().topicName(), () -> {
                    publisher.checkReachable();
                    return Optional.empty();
                }, settings.health().brokerProbeInterval(), Clock.systemUTC()).start();
            });
            if (!settings.consumers().isEmpty()) {
                pumpedSessions = settings.consumers().size() * settings.consumer().maxConcurrentSessions();
                ReceiverPumpThreads.JVM.reserve(pumpedSessions);
            }
            settings.holdKeeper().ifPresent(HoldKeeper::start);
            settings.consumers().forEach(c -> processors.add(new SubscriptionProcessor(clients, context(), c,
                    settings.consumer(), settings::clientBuilder, settings.observer())));
            processors.forEach(SubscriptionProcessor::start);
            processors.forEach(p -> consumerProbes.add(probeOf(p)));
        } catch (RuntimeException e) {
            stopAll();
            throw e;
        }
        LOG.info("context bus started context={} publishes={} consumes={}", context(), dispatcher != null,
                settings.consumers().stream().map(c -> c.source().value()).toList());
        return this;
    }

    /** The dispatcher's state and counters; empty when this context does not publish or has not started. */
    public Optional<DispatcherStatus> dispatcherStatus() {
        return Optional.ofNullable(dispatcher).map(Dispatcher::status);
    }

    /**
     * The streams this context holds in its inbox (parked, or waiting for a dependency), and the
     * operators' actions on them: list, retry, skip, replay. Empty when the context consumes nothing.
     */
    public Optional<HeldStreams> heldStreams() {
        return settings.heldStreams();
    }

    /**
     * The dead-letter queues of this context's subscriptions, and the operators' actions on them: list,
     * peek, resubmit, discard. Works before {@link #start()} too. Empty when the context consumes nothing.
     */
    public Optional<DeadLetters> deadLetters() {
        return deadLetters;
    }

    /** Commits published and the Service Bus send calls they took; empty when not publishing. */
    public Optional<PublisherStats> publisherStats() {
        return Optional.ofNullable(publisher).map(ServiceBusCommitPublisher::stats);
    }

    /**
     * Whether this context works now, without waiting on anything remote: {@code dispatcher} (running,
     * not paused by its circuit breaker, its oldest unpublished commit younger than
     * {@link HealthOptions#maxDispatchLag()}) when it publishes; {@code broker} (Service Bus answered
     * the last probe of the context's topic) when it publishes; one {@code consumer.<source>} per
     * consumed context (its processor runs and has no recent receive error that no message followed);
     * then the checks added with {@link ContextBusBuilder#healthCheck}. DOWN before {@link #start()}
     * and after {@link #close()}.
     */
    public HealthReport health() {
        return HealthReport.of(healthComponents(false));
    }

    /**
     * Whether this context should take traffic now: {@link #health()}'s components, each consumer also
     * DOWN while it is behind (its last message waited longer than
     * {@link HealthOptions#maxConsumerDelay()} in the subscription), then the checks added with
     * {@link ContextBusBuilder#readinessCheck} (e.g. a catch-up replay in progress).
     */
    public HealthReport readiness() {
        List<ComponentHealth> components = healthComponents(true);
        settings.readinessChecks().forEach(c -> components.add(c.check()));
        return HealthReport.of(components);
    }

    /** How far the dispatcher is behind the store; {@link DispatchLag#NONE} when not publishing. */
    public DispatchLag dispatchLag() {
        Dispatcher d = dispatcher;
        return d == null ? DispatchLag.NONE : d.lag();
    }

    /**
     * Restarts every consumer's SDK processor client on a new connection, as the consumer does by
     * itself for a subscription whose session keeps failing to settle; for tests of that restart.
     */
    synchronized void restartConsumers(String reason) {
        processors.forEach(p -> p.restartClient(reason));
    }

    private BrokerProbe probeOf(SubscriptionProcessor p) {
        SubscriptionPeek peek = new SubscriptionPeek(clients, p.source(), context());
        probes.add(peek);
        BrokerProbe b = new BrokerProbe(p.source().topicName() + "/" + context(), peek,
                settings.health().brokerProbeInterval(), Clock.systemUTC());
        probes.add(b);
        b.start();
        settings.observer().consumerStarted(context(), p.source(), () -> HealthRules.backlogAge(b.state()));
        return b;
    }

    private synchronized List<ComponentHealth> healthComponents(boolean readiness) {
        List<ComponentHealth> components = new ArrayList<>();
        if (!started.get() || closed.get()) {
            components.add(ComponentHealth.down("bus", "The context bus of '" + context() + "' is "
                    + (closed.get() ? "closed." : "not started.")));
            return components;
        }
        Instant now = Instant.now();
        HealthOptions options = settings.health();
        if (dispatcher != null) {
            components.add(HealthRules.dispatcher(Optional.of(dispatcher.status()), dispatcher.lag(), options));
            components.add(HealthRules.broker(probe.state(), now, options));
        }
        for (int i = 0; i < processors.size(); i++) {
            SubscriptionProcessor p = processors.get(i);
            String source = p.source().value();
            ProbeState peeked = consumerProbes.get(i).state();
            components.add(readiness ? HealthRules.consumerReadiness(source, p.receiveState(), peeked, now, options)
                    : HealthRules.consumer(source, p.receiveState(), peeked, now, options));
        }
        settings.healthChecks().forEach(c -> components.add(c.check()));
        return components;
    }

    /** Stops the consumers, then the dispatcher (an in-flight publish may finish), then the clients. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed.compareAndSet(false, true)) {
            stopAll();
            LOG.info("context bus stopped context={}", context());
        }
    }

    private void stopAll() {
        for (SubscriptionProcessor p : processors) {
            closeQuietly("consumer", p);
        }
        processors.clear();
        settings.holdKeeper().ifPresent(k -> closeQuietly("holds", k));
        ReceiverPumpThreads.JVM.release(pumpedSessions);
        pumpedSessions = 0;
        closeQuietly("broker probe", probe);
        for (int i = probes.size() - 1; i >= 0; i--) {
            closeQuietly("consumer probe", probes.get(i));
        }
        probes.clear();
        consumerProbes.clear();
        closeQuietly("dispatcher", dispatcher);
        closeQuietly("publisher", publisher);
    }

    private void closeQuietly(String what, AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception e) {
            LOG.warn("close failed context={} component={} error=\"{}\"", context(), what, e.toString());
        }
    }

    private void checkLiveTopology() {
        if (settings.liveCheck() == LiveTopologyCheck.OFF) {
            return;
        }
        ServiceBusAdministrationClient admin = settings.adminClient();
        boolean publishes = settings.store().isPresent();
        List<ContextName> sources = settings.consumers().stream().map(CommitConsumer::source).toList();
        Topology live = LiveTopology.read(admin, settings.topology().namespace(), context(), publishes, sources);
        List<TopologyViolation> problems = new ArrayList<>(TopologyCheck.check(live, context(), publishes, sources,
                settings.dispatcher().retryHorizon()));
        problems.addAll(LiveTopology.drift(settings.topology(), live, context(), publishes, sources));
        if (problems.isEmpty()) {
            return;
        }
        if (settings.liveCheck() == LiveTopologyCheck.FAIL) {
            throw new UnsafeTopologyException("The live namespace of context '" + context() + "'", problems);
        }
        problems.forEach(p -> LOG.warn("live topology check context={} path={} problem=\"{}\"", context(), p.path(),
                p.message()));
    }

    /** What the builder collected, validated. */
    record ContextBusSettings<T>(
            ContextName context,
            Optional<EventStore> store,
            Optional<DispatchCheckpointStore> checkpoints,
            List<CommitConsumer<T>> consumers,
            Topology topology,
            Connection connection,
            DispatcherOptions dispatcher,
            PublisherOptions publisher,
            ConsumerOptions consumer,
            LiveTopologyCheck liveCheck,
            HealthOptions health,
            List<HealthCheck> healthChecks,
            List<HealthCheck> readinessChecks,
            ContextBusObserver observer,
            Optional<HoldKeeper<?>> holdKeeper,
            Optional<HeldStreams> heldStreams) {

        ServiceBusClientBuilder clientBuilder() {
            return connection.configure(new ServiceBusClientBuilder()).retryOptions(connection.retry());
        }

        ServiceBusAdministrationClient adminClient() {
            return connection.configure(new ServiceBusAdministrationClientBuilder()).buildClient();
        }
    }

    /**
     * Where Service Bus is and how to authenticate: Microsoft Entra ID ({@link TokenCredential}, e.g.
     * {@code DefaultAzureCredential}) in production, a connection string for the local broker only.
     */
    record Connection(Optional<String> connectionString, Optional<String> namespace, Optional<TokenCredential> credential,
                      AmqpRetryOptions retry) {

        /**
         * The SDK's own retry of one operation: few attempts, because the dispatcher retries whole
         * pages. The SDK adds 4 s to {@code delay} as its smallest backoff and fails every call when
         * {@code maxDelay} is below that, so maxDelay stays well above it.
         */
        static AmqpRetryOptions defaultRetry() {
            return new AmqpRetryOptions().setMode(AmqpRetryMode.EXPONENTIAL).setMaxRetries(2)
                    .setDelay(Duration.ofMillis(500)).setMaxDelay(Duration.ofSeconds(10))
                    .setTryTimeout(Duration.ofSeconds(30));
        }

        static Connection ofConnectionString(String connectionString) {
            return new Connection(Optional.of(connectionString), Optional.empty(), Optional.empty(), defaultRetry());
        }

        static Connection ofCredential(String namespace, TokenCredential credential) {
            return new Connection(Optional.empty(), Optional.of(namespace), Optional.of(credential), defaultRetry());
        }

        static Connection ofDefaultCredential(String namespace) {
            return ofCredential(namespace, new DefaultAzureCredentialBuilder().build());
        }

        Connection withRetry(AmqpRetryOptions options) {
            return new Connection(connectionString, namespace, credential, options);
        }

        ServiceBusClientBuilder configure(ServiceBusClientBuilder b) {
            return connectionString.map(b::connectionString)
                    .orElseGet(() -> b.credential(namespace.orElseThrow(), credential.orElseThrow()));
        }

        ServiceBusAdministrationClientBuilder configure(ServiceBusAdministrationClientBuilder b) {
            return connectionString.map(b::connectionString)
                    .orElseGet(() -> b.credential(namespace.orElseThrow(), credential.orElseThrow()));
        }
    }
}
