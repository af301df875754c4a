package io.contextbus.servicebus;

import io.contextbus.dispatch.DispatcherOptions;
import io.contextbus.handler.EventContext;
import io.contextbus.handler.HandlerResult;
import io.contextbus.handler.Handlers;
import io.contextbus.model.CommitAttempt;
import io.contextbus.model.ContextName;
import io.contextbus.model.EventMessage;
import io.contextbus.model.StreamId;
import io.contextbus.servicebus.local.EntityCounts;
import io.contextbus.servicebus.local.LocalServiceBus;
import io.contextbus.store.sqlite.SqliteEventStore;
import io.contextbus.store.sqlite.SqliteStoreOptions;
import io.contextbus.store.sqlite.SqliteSynchronous;
import io.contextbus.topology.ContextBusTopology;
import io.contextbus.topology.Topology;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * BENCHMARK (prints figures, asserts nothing): two contexts on the local broker, each with its own
 * SQLite file and dispatcher; {@code ordering} appends, {@code shipping} applies through its inbox
 * with a handler that writes one row. Prints end-to-end throughput (first append to last apply),
 * append-to-applied latency p50/p99 at a fixed rate, and Service Bus send calls per 1,000 commits,
 * for per-stream sessions and for session buckets.
 *
 * <p>System properties: {@code warmup} (commits sent through before the measured runs so the JIT has
 * compiled the hot paths, default 100000: on 2 cores the C2 compiler was still busy for a quarter of
 * the CPU after 20,000; 0 skips it), {@code commits} (throughput run, default 60000),
 * {@code streams} (2000),
 * {@code rate} (latency run, commits/s, 1000), {@code seconds} (latency run length, 10),
 * {@code synchronous} (SQLite FULL or NORMAL, default FULL), {@code perStreamSessions} (64),
 * {@code idleMillis} (session idle timeout, 1000), {@code prefetch} (the consumer's prefetch count, 20),
 * {@code only} ({@code buckets}, the default, or {@code per}: one session per stream, which with many short
 * streams runs at a few hundred commits/s, so give it a smaller warm-up; an empty value runs both),
 * {@code lingerMillis} (the dispatcher's linger; default {@link DispatcherOptions#DEFAULT}'s, 0 turns it off),
 * {@code latencyTrace} (a file that receives one line per latency sample: milliseconds since the
 * latency run started, at the append, and the sample in milliseconds),
 * {@code maxConcurrentSessions} (the consumer's; default {@code perStreamSessions} for per-stream
 * sessions, twice the bucket count for buckets), {@code pauseMillis} (a quiet spell between the throughput and the latency run, default 0),
 * {@code appendWindow} (throughput run: one thread keeps this many {@code appendAsync} calls in flight,
 * default 256; 0 runs 16 threads that each wait for every {@code append}).
 * After each run it prints the broker's redeliveries and dead letters and the gaps the consumer
 * reported (sessions handed over with messages unsettled show as redeliveries).
 */
public final class ServiceBusBenchmark {
    private static final int COMMITS = Integer.getInteger("commits", 60_000);
    private static final int WARMUP = Integer.getInteger("warmup", 100_000);
    private static final int STREAMS = Integer.getInteger("streams", 2_000);
    private static final int RATE = Integer.getInteger("rate", 1_000);
    private static final int SECONDS = Integer.getInteger("seconds", 10);
    private static final int PER_STREAM_SESSIONS = Integer.getInteger("perStreamSessions", 64);
    private static final int IDLE_MILLIS = Integer.getInteger("idleMillis", 1000);
    private static final int PREFETCH = Integer.getInteger("prefetch", 20);
    private static final int APPEND_WINDOW = Integer.getInteger("appendWindow", 256);
    private static final long PAUSE_MILLIS = Long.getLong("pauseMillis", 0);
    private static final String TRACE = System.getProperty("latencyTrace");
    private static final String ONLY = System.getProperty("only", "buckets");
    private static final Duration LINGER = Duration.ofMillis(
            Long.getLong("lingerMillis", DispatcherOptions.DEFAULT.linger().toMillis()));
    private static final SqliteSynchronous SYNC = SqliteSynchronous.valueOf(System.getProperty("synchronous", "FULL"));

    private final Map<String, Long> appendedAt = new ConcurrentHashMap<>();
    private final long[] latencies = new long[RATE * SECONDS + 1];
    private final long[] appendStarts = new long[RATE * SECONDS + 1];
    private final AtomicLong applied = new AtomicLong();
    private final AtomicLong latencyCount = new AtomicLong();
    private final AtomicLong gaps = new AtomicLong();
    private volatile boolean measureLatency;

    public static void main(String[] args) throws Exception {
        System.out.printf("contextbus-servicebus benchmark: %d cores, Java %s, SQLite synchronous=%s%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), SYNC);
        for (SessionStrategy sessions : List.of(SessionStrategy.perStream(), SessionStrategy.buckets(32))) {
            if (ONLY.isEmpty() || describe(sessions).startsWith(ONLY)) {
                new ServiceBusBenchmark().run(sessions);
            }
        }
    }

    private void run(SessionStrategy sessions) throws Exception {
        Path dir = Files.createTempDirectory("contextbus-bench");
        Topology topology = ContextBusTopology.builder().context("ordering")
                .context("shipping", ContextBusTopology.consumes("ordering")).build();
        SqliteStoreOptions storeOptions = SqliteStoreOptions.DEFAULT.withDirectory(dir).withSynchronous(SYNC);
        try (LocalServiceBus broker = LocalServiceBus.start(topology);
             SqliteEventStore ordering = SqliteEventStore.open(storeOptions, ContextName.of("ordering"));
             SqliteEventStore shipping = SqliteEventStore.open(storeOptions, ContextName.of("shipping"))) {
            shipping.write(c -> {
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE TABLE shipments (stream TEXT NOT NULL, seq INTEGER NOT NULL)");
                }
                return null;
            });
            // buckets: two slots each (ConsumerOptions.withSessionBuckets, ADR 0010)
            int concurrentSessions = Integer.getInteger("maxConcurrentSessions",
                    sessions instanceof SessionStrategy.Buckets b
                            ? ConsumerOptions.DEFAULT.withSessionBuckets(b.count()).maxConcurrentSessions()
                            : PER_STREAM_SESSIONS);
            try (ContextBus consumer = ContextBus.<Connection>builder().context("shipping").inbox(shipping.inbox())
                         .connectionString(broker.connectionString()).topology(topology)
                         .consumerOptions(ConsumerOptions.DEFAULT.withMaxConcurrentSessions(concurrentSessions)
                                 .withPrefetchCount(PREFETCH).withSessionIdleTimeout(Duration.ofMillis(IDLE_MILLIS)))
                         .gapRepair(gap -> gaps.incrementAndGet())
                         .consume("ordering", Handlers.<Connection>builder().on("OrderPlaced", this::apply).build())
                         .build().start();
                 ContextBus publisher = ContextBus.<Connection>builder().context("ordering").store(ordering)
                         .checkpoints(ordering.checkpoints()).connectionString(broker.connectionString())
                         .topology(topology).publisherOptions(PublisherOptions.DEFAULT.withSessions(sessions))
                         .dispatcherOptions(DispatcherOptions.DEFAULT.withPageSize(1000).withLinger(LINGER)).build().start()) {
                System.out.println("sessions=" + describe(sessions) + " maxConcurrentSessions=" + concurrentSessions
                        + " sessionIdleTimeout=" + IDLE_MILLIS + "ms prefetch=" + PREFETCH + " pageSize=1000 lanes=4 linger="
                        + LINGER.toMillis() + "ms");
                if (WARMUP > 0) {
                    throughput(ordering, publisher, "w-", WARMUP, "warm-up, not a figure");
                }
                throughput(ordering, publisher, "t-", COMMITS, "throughput");
                Thread.sleep(PAUSE_MILLIS);
                latency(ordering, publisher);
            }
            EntityCounts subscription = broker.counts("ordering.events/subscriptions/shipping");
            System.out.printf("  consumer: %d gaps reported; broker: %d redeliveries, %d dead-lettered%n", gaps.get(),
                    subscription.messagesDelivered() - subscription.messagesEnqueued(), subscription.deadLetterMessages());
        }
    }

    private HandlerResult apply(EventMessage event, EventContext<Connection> ctx) throws Exception {
        try (PreparedStatement p = ctx.transaction().prepareStatement("INSERT INTO shipments (stream, seq) VALUES (?, ?)")) {
            p.setString(1, ctx.streamId().value());
            p.setLong(2, ctx.commitSequence());
            p.executeUpdate();
        }
        Long at = appendedAt.remove(ctx.commit().key());
        if (measureLatency && at != null) {
            long i = latencyCount.getAndIncrement();
            if (i < latencies.length) {
                latencies[(int) i] = System.nanoTime() - at;
                appendStarts[(int) i] = at;
            }
        }
        applied.incrementAndGet();
        return HandlerResult.HANDLED;
    }

    private void throughput(SqliteEventStore ordering, ContextBus publisher, String prefix, int commits, String label)
            throws Exception {
        long before = applied.get();
        PublisherStats statsBefore = publisher.publisherStats().orElseThrow();
        long start = System.nanoTime();
        int perStream = commits / STREAMS;
        ExecutorService appenders = Executors.newFixedThreadPool(APPEND_WINDOW > 0 ? 1 : 16);
        if (APPEND_WINDOW > 0) {
            appenders.submit(() -> {
                appendPipelined(ordering, prefix, perStream);
                return null;
            });
        } else {
            for (int t = 0; t < 16; t++) {
                int offset = t;
                appenders.submit(() -> {
                    for (int seq = 1; seq <= perStream; seq++) {
                        for (int s = offset; s < STREAMS; s += 16) {
                            ordering.append(attempt(prefix + s, seq));
                        }
                    }
                    return null;
                });
            }
        }
        appenders.shutdown();
        appenders.awaitTermination(10, TimeUnit.MINUTES);
        double appendSeconds = (System.nanoTime() - start) / 1e9;
        awaitApplied(before + (long) perStream * STREAMS);
        double seconds = (System.nanoTime() - start) / 1e9;
        PublisherStats stats = publisher.publisherStats().orElseThrow();
        long published = stats.commits() - statsBefore.commits();
        long sends = stats.sendCalls() - statsBefore.sendCalls();
        String appenderMode = APPEND_WINDOW > 0
                ? "1 thread, " + APPEND_WINDOW + " appendAsync in flight" : "16 threads waiting for each append";
        System.out.printf("  %s (%s): %d commits over %d streams, appended in %.2f s, applied in %.2f s: %.0f commits/s"
                        + " end to end; %.1f send calls per 1,000 commits%n", label, appenderMode,
                perStream * STREAMS, STREAMS, appendSeconds, seconds, perStream * STREAMS / seconds, sends * 1000.0 / published);
    }

    /** One thread keeps up to {@code appendWindow} appends in flight through {@code appendAsync}. */
    private static void appendPipelined(SqliteEventStore ordering, String prefix, int perStream) throws InterruptedException {
        Semaphore window = new Semaphore(APPEND_WINDOW);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        for (int seq = 1; seq <= perStream; seq++) {
            for (int s = 0; s < STREAMS; s++) {
                window.acquire();
                ordering.appendAsync(attempt(prefix + s, seq)).whenComplete((c, e) -> {
                    if (e != null) {
                        failure.compareAndSet(null, e);
                    }
                    window.release();
                });
            }
        }
        window.acquire(APPEND_WINDOW);
        if (failure.get() != null) {
            throw new IllegalStateException("an append failed", failure.get());
        }
    }

    private void latency(SqliteEventStore ordering, ContextBus publisher) throws Exception {
        int total = RATE * SECONDS;
        int streams = Math.min(RATE, STREAMS);
        long before = applied.get();
        PublisherStats statsBefore = publisher.publisherStats().orElseThrow();
        measureLatency = true;
        ExecutorService appenders = Executors.newFixedThreadPool(16);
        long interval = 1_000_000_000L / RATE;
        long start = System.nanoTime();
        for (int i = 0; i < total; i++) {
            long due = start + i * interval;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            String stream = "l-" + (i % streams);
            long seq = i / streams + 1;
            appenders.submit(() -> {
                appendedAt.put(stream + ":" + seq, System.nanoTime());
                ordering.append(attempt(stream, seq));
            });
        }
        appenders.shutdown();
        appenders.awaitTermination(10, TimeUnit.MINUTES);
        awaitApplied(before + total);
        measureLatency = false;
        int n = (int) Math.min(latencyCount.get(), latencies.length);
        if (TRACE != null) {
            try (var out = Files.newBufferedWriter(Path.of(TRACE))) {
                for (int k = 0; k < n; k++) {
                    out.write((appendStarts[k] - start) / 1_000_000 + " " + latencies[k] / 1_000_000 + "\n");
                }
            }
        }
        long[] sorted = Arrays.copyOf(latencies, n);
        Arrays.sort(sorted);
        PublisherStats stats = publisher.publisherStats().orElseThrow();
        System.out.printf("  latency at %d commits/s for %d s over %d streams: p50 %.1f ms, p99 %.1f ms, max %.1f ms"
                        + " (%d samples); %.1f send calls per 1,000 commits%n",
                RATE, SECONDS, streams, sorted[n / 2] / 1e6, sorted[(int) (n * 0.99)] / 1e6, sorted[n - 1] / 1e6, n,
                (stats.sendCalls() - statsBefore.sendCalls()) * 1000.0 / (stats.commits() - statsBefore.commits()));
    }

    private void awaitApplied(long target) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        while (applied.get() < target) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + applied.get() + " of " + target + " applied after 10 minutes");
            }
            Thread.sleep(5);
        }
    }

    private static CommitAttempt attempt(String stream, long seq) {
        return new CommitAttempt(StreamId.of(stream), seq, seq, UUID.randomUUID(), Instant.now(), Map.of(),
                List.of(EventMessage.of("OrderPlaced", 1, "{\"orderId\":\"" + stream + "\",\"lines\":3,\"total\":129.5}")));
    }

    private static String describe(SessionStrategy s) {
        return s instanceof SessionStrategy.Buckets b ? "buckets(" + b.count() + ")" : "per stream";
    }
}
