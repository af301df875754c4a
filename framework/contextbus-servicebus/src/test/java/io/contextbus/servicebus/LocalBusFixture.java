package io.contextbus.servicebus;

import com.azure.core.amqp.AmqpRetryOptions;
import io.contextbus.dispatch.DispatcherOptions;
import io.contextbus.handler.Handlers;
import io.contextbus.model.CommitAttempt;
import io.contextbus.model.ContextName;
import io.contextbus.model.EventMessage;
import io.contextbus.model.StreamId;
import io.contextbus.servicebus.local.LocalServiceBus;
import io.contextbus.store.sqlite.SqliteEventStore;
import io.contextbus.store.sqlite.SqliteStoreOptions;
import io.contextbus.testkit.MovableClock;
import io.contextbus.testsupport.AppliedLog;
import io.contextbus.testsupport.LocalBus;
import io.contextbus.testsupport.TestContexts;
import io.contextbus.topology.ContextBusTopology;
import io.contextbus.topology.Topology;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Two contexts on the local broker, each with its own SQLite file: {@code ordering} publishes,
 * {@code shipping} consumes it. Everything it opens is closed by {@link #close()}.
 */
final class LocalBusFixture implements AutoCloseable, BeforeEachCallback, AfterEachCallback {
    static final ContextName ORDERING = ContextName.of("ordering");
    static final ContextName SHIPPING = ContextName.of("shipping");
    static final String SUBSCRIPTION = "ordering.events/subscriptions/shipping";
    static final String EVENT_TYPE = "OrderPlaced";

    /** Short backoff and breaker wait, so that recoveries show within a test's patience. */
    static final DispatcherOptions FAST_DISPATCHER = DispatcherOptions.DEFAULT
            .withPageSize(500)
            .withPollInterval(Duration.ofMillis(200))
            .withLeaseTtl(Duration.ofSeconds(3))
            .withBackoff(DispatcherOptions.Backoff.DEFAULT.withMaxDelay(Duration.ofSeconds(1)))
            .withBreaker(DispatcherOptions.Breaker.DEFAULT.withOpenWait(Duration.ofSeconds(2)).withMinimumCalls(3)
                    .withSlidingWindowSize(5));
    /**
     * Lock renewal bounded to 20 s and a 10 s lock (see the topology below): a session whose receiver
     * stops making progress is released by the broker within half a minute and taken up again
     * (observed on this machine: now and then a held session stops being processed; see the README).
     */
    static final ConsumerOptions FAST_CONSUMER = ConsumerOptions.DEFAULT.withMaxConcurrentSessions(64)
            .withSessionIdleTimeout(Duration.ofSeconds(1)).withMaxLockRenewal(Duration.ofSeconds(20));

    /** The SDK's retry of one call, short so that an outage surfaces to the dispatcher within seconds. */
    static final AmqpRetryOptions SHORT_CLIENT_RETRY = new AmqpRetryOptions().setMaxRetries(1)
            .setDelay(Duration.ofMillis(200)).setMaxDelay(Duration.ofSeconds(5)).setTryTimeout(Duration.ofSeconds(5));

    private static final Duration DEDUPE_WINDOW = Duration.ofMinutes(10);

    MovableClock clock;
    Topology topology;
    LocalServiceBus broker;
    private final Duration dedupeWindow;
    private Path dir;
    private LocalBus local;
    private TestContexts contexts;

    /**
     * For {@code @RegisterExtension}: the broker and the stores start before each test (before the
     * class's own {@code @BeforeEach}) in a temporary directory of their own, and are closed, the
     * directory deleted, after it (after the class's own {@code @AfterEach}).
     */
    LocalBusFixture() {
        this.dedupeWindow = DEDUPE_WINDOW;
    }

    /** Started at once, in {@code dir}; closed by {@link #close()}. */
    LocalBusFixture(Path dir) {
        this(dir, DEDUPE_WINDOW);
    }

    LocalBusFixture(Path dir, Duration dedupeWindow) {
        this.dedupeWindow = dedupeWindow;
        start(dir);
    }

    private void start(Path directory) {
        this.dir = directory;
        this.local = LocalBus.start(ContextBusTopology.builder()
                .duplicateDetectionWindow(dedupeWindow)
                .lockDuration(Duration.ofSeconds(10))
                .context("ordering")
                .context("shipping", ContextBusTopology.consumes("ordering"))
                .build());
        this.topology = local.topology();
        this.clock = local.clock();
        this.broker = local.broker();
        this.contexts = new TestContexts(storeOptions(directory));
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        start(Files.createTempDirectory("contextbus-servicebus-it-"));
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        try {
            close();
        } finally {
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    Path directory() {
        return dir;
    }

    static SqliteStoreOptions storeOptions(Path dir) {
        return LocalBus.storeOptions(dir);
    }

    SqliteEventStore store(ContextName context) {
        return contexts.store(context);
    }

    /** Closes a context's store, as a process that stops would. */
    void closeStore(ContextName context) {
        contexts.closeStore(context);
    }

    ContextBus publisher(DispatcherOptions options) {
        return publisher(options, b -> b);
    }

    ContextBus publisher(DispatcherOptions options, UnaryOperator<ContextBusBuilder<Connection>> extra) {
        SqliteEventStore store = store(ORDERING);
        ContextBusBuilder<Connection> b = ContextBus.<Connection>builder().context("ordering").store(store)
                .checkpoints(store.checkpoints()).connectionString(broker.connectionString()).topology(topology)
                .dispatcherOptions(options).clientRetryOptions(SHORT_CLIENT_RETRY);
        return track(extra.apply(b).build()).start();
    }

    ContextBus consumer(Handlers<Connection> handlers, UnaryOperator<ContextBusBuilder<Connection>> extra) {
        SqliteEventStore store = store(SHIPPING);
        ContextBusBuilder<Connection> b = ContextBus.<Connection>builder().context("shipping").inbox(store.inbox())
                .connectionString(broker.connectionString()).topology(topology).consumerOptions(FAST_CONSUMER)
                .clientRetryOptions(SHORT_CLIENT_RETRY).consume("ordering", handlers);
        return track(extra.apply(b).build()).start();
    }

    ContextBus consumer(AppliedLog log) {
        return consumer(Handlers.<Connection>builder().on(EVENT_TYPE, log::record).build(), b -> b);
    }

    <C extends AutoCloseable> C track(C c) {
        return contexts.track(c);
    }

    static CommitAttempt attempt(String stream, long seq) {
        return new CommitAttempt(StreamId.of(stream), seq, seq, UUID.randomUUID(), Instant.now(),
                Map.of("correlationId", "req-" + stream + "-" + seq),
                List.of(EventMessage.of(EVENT_TYPE, 1, "{\"seq\":" + seq + "}")));
    }

    /** Appends commits 1..commits of each stream to ordering's store, streams in parallel. */
    void appendAll(List<String> streams, int commits, int threads) throws InterruptedException {
        appendRange(streams, 1, commits, threads);
    }

    /** Appends commits from..to of each stream to ordering's store, streams in parallel. */
    void appendRange(List<String> streams, int from, int to, int threads) throws InterruptedException {
        contexts.appendRange(ORDERING, streams, from, to, threads, LocalBusFixture::attempt);
    }

    static List<String> streams(String prefix, int count) {
        return TestContexts.streams(prefix, count);
    }

    @Override
    public void close() {
        contexts.close();
        local.close();
    }
}
