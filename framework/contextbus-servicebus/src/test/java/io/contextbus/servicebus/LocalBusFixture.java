package io.contextbus.servicebus;

import com.azure.core.amqp.AmqpRetryOptions;
import io.contextbus.codec.CommitLimits;
import io.contextbus.dispatch.DispatcherOptions;
import io.contextbus.handler.Handlers;
import io.contextbus.model.CommitAttempt;
import io.contextbus.model.ContextName;
import io.contextbus.model.EventMessage;
import io.contextbus.model.StreamId;
import io.contextbus.servicebus.local.LocalServiceBus;
import io.contextbus.store.sqlite.SqliteEventStore;
import io.contextbus.store.sqlite.SqliteStoreOptions;
import io.contextbus.store.sqlite.SqliteSynchronous;
import io.contextbus.topology.ContextBusTopology;
import io.contextbus.topology.Topology;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * Two contexts on the local broker, each with its own SQLite file: {@code ordering} publishes,
 * {@code shipping} consumes it. Everything it opens is closed by {@link #close()}.
 */
final class LocalBusFixture implements AutoCloseable {
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

    final MovableClock clock = new MovableClock();
    final Topology topology;
    final LocalServiceBus broker;
    private final Path dir;
    private final Map<ContextName, SqliteEventStore> stores = new HashMap<>();
    private final List<AutoCloseable> opened = new ArrayList<>();

    LocalBusFixture(Path dir) {
        this(dir, Duration.ofMinutes(10));
    }

    LocalBusFixture(Path dir, Duration dedupeWindow) {
        this.dir = dir;
        this.topology = ContextBusTopology.builder()
                .duplicateDetectionWindow(dedupeWindow)
                .lockDuration(Duration.ofSeconds(10))
                .context("ordering")
                .context("shipping", ContextBusTopology.consumes("ordering"))
                .build();
        this.broker = LocalServiceBus.builder().topology(topology).clock(clock).start();
    }

    Path directory() {
        return dir;
    }

    static SqliteStoreOptions storeOptions(Path dir) {
        return SqliteStoreOptions.DEFAULT.withDirectory(dir).withLimits(CommitLimits.STANDARD)
                .withSynchronous(SqliteSynchronous.NORMAL);
    }

    synchronized SqliteEventStore store(ContextName context) {
        return stores.computeIfAbsent(context, c -> SqliteEventStore.open(storeOptions(dir), c));
    }

    /** Closes a context's store, as a process that stops would. */
    synchronized void closeStore(ContextName context) {
        SqliteEventStore s = stores.remove(context);
        if (s != null) {
            s.close();
        }
    }

    ContextBus publisher(DispatcherOptions options) {
        SqliteEventStore store = store(ORDERING);
        return track(ContextBus.<Connection>builder().context("ordering").store(store).checkpoints(store.checkpoints())
                .connectionString(broker.connectionString()).topology(topology).dispatcherOptions(options)
                .clientRetryOptions(SHORT_CLIENT_RETRY).build()).start();
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
        opened.add(c);
        return c;
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
        SqliteEventStore store = store(ORDERING);
        Thread[] workers = new Thread[threads];
        List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int t = 0; t < threads; t++) {
            int offset = t;
            workers[t] = new Thread(() -> {
                try {
                    // Round-robin over this worker's streams, so that streams interleave in store order.
                    for (int seq = from; seq <= to; seq++) {
                        for (int i = offset; i < streams.size(); i += threads) {
                            store.append(attempt(streams.get(i), seq));
                        }
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            });
            workers[t].start();
        }
        for (Thread w : workers) {
            w.join();
        }
        if (!failures.isEmpty()) {
            throw new AssertionError("appends failed", failures.get(0));
        }
    }

    static List<String> streams(String prefix, int count) {
        List<String> s = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            s.add(prefix + i);
        }
        return s;
    }

    @Override
    public void close() {
        for (int i = opened.size() - 1; i >= 0; i--) {
            try {
                opened.get(i).close();
            } catch (Exception e) {
                // keep closing the rest
            }
        }
        stores.values().forEach(SqliteEventStore::close);
        stores.clear();
        broker.close();
    }
}
