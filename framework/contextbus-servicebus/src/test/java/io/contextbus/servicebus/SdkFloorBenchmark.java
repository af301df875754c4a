package io.contextbus.servicebus;

import com.azure.messaging.servicebus.ServiceBusClientBuilder;
import com.azure.messaging.servicebus.ServiceBusMessage;
import com.azure.messaging.servicebus.ServiceBusMessageBatch;
import com.azure.messaging.servicebus.ServiceBusProcessorClient;
import com.azure.messaging.servicebus.ServiceBusSenderClient;
import io.contextbus.handler.HandlerResult;
import io.contextbus.handler.Handlers;
import io.contextbus.inbox.Inbox;
import io.contextbus.model.Commit;
import io.contextbus.model.ContextName;
import io.contextbus.model.EventMessage;
import io.contextbus.model.StreamId;
import io.contextbus.servicebus.implementation.CommitMessages;
import io.contextbus.servicebus.local.LocalServiceBus;
import io.contextbus.store.sqlite.SqliteEventStore;
import io.contextbus.store.sqlite.SqliteStoreOptions;
import io.contextbus.store.sqlite.SqliteSynchronous;
import io.contextbus.topology.ContextBusTopology;
import io.contextbus.topology.Topology;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * BENCHMARK (prints figures, asserts nothing): the floor under the Service Bus figures of this
 * module and of the replay service. It runs the official SDK against the local broker with no
 * contextbus code in the path: messages shaped like commit messages (same size, same properties,
 * 32 session buckets) are sent in full batches from 4 threads, then received by a session processor
 * that completes each one and does nothing else; then both at once, as the end-to-end benchmark
 * does. Whatever rate this prints, the end-to-end benchmarks on the same machine cannot beat,
 * because they do this work and more (store reads and writes, encoding, the inbox). Then, to split
 * the consumer's own cost from the SDK's, real commit messages (10 per stream, 32 buckets) are
 * applied by a {@link ContextBus} consumer with a handler that does nothing: once through an
 * in-memory inbox (the consumer's code alone), once through a SQLite inbox.
 *
 * <p>System properties: {@code messages} (default 100000), {@code sessions} (32),
 * {@code maxConcurrentSessions} (32), {@code prefetch} (20), {@code senders} (4), {@code asReplay} (the
 * consumer phases get replay messages for {@code shipping} instead of live ones).
 */
public final class SdkFloorBenchmark {
    private static final int MESSAGES = Integer.getInteger("messages", 100_000);
    private static final int SESSIONS = Integer.getInteger("sessions", 32);
    private static final int CONCURRENT_SESSIONS = Integer.getInteger("maxConcurrentSessions", 32);
    private static final int PREFETCH = Integer.getInteger("prefetch", 20);
    private static final int SENDERS = Integer.getInteger("senders", 4);
    private static final boolean AS_REPLAY = Boolean.getBoolean("asReplay");
    private static final byte[] BODY = ("{\"streamId\":\"order-000000\",\"commitSequence\":1,\"streamRevision\":1,"
            + "\"commitId\":\"" + UUID.randomUUID() + "\",\"commitStamp\":\"2026-11-23T00:00:00.000Z\",\"headers\":{},"
            + "\"events\":[{\"type\":\"OrderPlaced\",\"version\":1,\"data\":{\"orderId\":\"order-000000\",\"lines\":3,"
            + "\"total\":129.5}}]}").getBytes(StandardCharsets.UTF_8);

    private final Topology topology = ContextBusTopology.builder().context("ordering")
            .context("shipping", ContextBusTopology.consumes("ordering")).build();
    private String connectionString;
    private final AtomicLong received = new AtomicLong();

    public static void main(String[] args) throws Exception {
        System.setProperty("com.azure.core.amqp.receiversPumpingThreadPoolMaxSize",
                String.valueOf(Math.max(256, 2 * CONCURRENT_SESSIONS)));
        System.out.printf("SDK floor benchmark (no contextbus code): %d cores, Java %s, %d messages of %d bytes,"
                        + " %d session buckets, maxConcurrentSessions=%d prefetch=%d senders=%d%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), MESSAGES, BODY.length,
                SESSIONS, CONCURRENT_SESSIONS, PREFETCH, SENDERS);
        new SdkFloorBenchmark().run();
    }

    private void run() throws Exception {
        try (LocalServiceBus broker = LocalServiceBus.start(topology)) {
            connectionString = broker.connectionString();
            ServiceBusClientBuilder clients = new ServiceBusClientBuilder().connectionString(connectionString);
            List<ServiceBusSenderClient> senders = new ArrayList<>();
            for (int i = 0; i < SENDERS; i++) {
                senders.add(clients.sender().topicName("ordering.events").buildClient());
            }
            ExecutorService pool = Executors.newFixedThreadPool(SENDERS);
            try {
                send(senders, pool, "warm-", MESSAGES / 5);
                drain(MESSAGES / 5, "warm-up, not a figure");
                long start = System.nanoTime();
                send(senders, pool, "a-", MESSAGES);
                report("send only", MESSAGES, start);
                drain(MESSAGES, "receive and complete only");
                ServiceBusProcessorClient processor = processor();
                long before = received.get();
                start = System.nanoTime();
                processor.start();
                send(senders, pool, "b-", MESSAGES);
                awaitReceived(before + MESSAGES);
                report("send and receive at once", MESSAGES, start);
                processor.close();
                ServiceBusSenderClient sender = senders.get(0);
                MemoryInbox memory = new MemoryInbox();
                consumerOnly(sender, pool, "c-", memory, "contextbus consumer, in-memory inbox, no-op handler");
                Path dir = Files.createTempDirectory("contextbus-floor");
                try (SqliteEventStore store = SqliteEventStore.open(SqliteStoreOptions.DEFAULT.withDirectory(dir)
                        .withSynchronous(SqliteSynchronous.NORMAL), ContextName.of("shipping"))) {
                    consumerOnly(sender, pool, "d-", store.inbox(), "contextbus consumer, SQLite inbox (NORMAL), no-op handler");
                }
            } finally {
                pool.shutdownNow();
                senders.forEach(ServiceBusSenderClient::close);
            }
        }
    }

    /**
     * Sends {@code MESSAGES} commit messages as the dispatcher would (10 commits for each of
     * MESSAGES/10 streams, 32 buckets), then times a {@link ContextBus} consumer applying them through
     * {@code inbox} with a handler that does nothing.
     */
    private <T> void consumerOnly(ServiceBusSenderClient sender, ExecutorService pool, String prefix, Inbox<T> inbox,
            String label) throws Exception {
        CommitMessages messages = new CommitMessages(SessionStrategy.buckets(SESSIONS));
        ContextName ordering = ContextName.of("ordering");
        int streams = MESSAGES / 10;
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < SENDERS; t++) {
            int lane = t;
            done.add(pool.submit(() -> {
                Batcher batcher = new Batcher(sender);
                for (int seq = 1; seq <= 10; seq++) {
                    for (int s = lane; s < streams; s += SENDERS) {
                        Commit commit = commit(prefix + s, seq);
                        batcher.add(AS_REPLAY
                                ? messages.replay(ordering, commit, ContextName.of("shipping"), "r" + prefix.charAt(0))
                                : messages.live(ordering, commit));
                    }
                }
                batcher.flush();
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        AtomicLong applied = new AtomicLong();
        long start = System.nanoTime();
        try (ContextBus consumer = ContextBus.<T>builder().context("shipping").inbox(inbox)
                .connectionString(connectionString).topology(topology)
                .consumerOptions(ConsumerOptions.DEFAULT.withSessionBuckets(SESSIONS).withPrefetchCount(PREFETCH)
                        .withSessionIdleTimeout(Duration.ofSeconds(1)))
                .gapRepair(gap -> System.err.println("gap: " + gap))
                .consume("ordering", Handlers.<T>builder().on("OrderPlaced", (event, context) -> {
                    applied.incrementAndGet();
                    return HandlerResult.HANDLED;
                }).build())
                .build().start()) {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
            while (applied.get() < (long) streams * 10) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("only " + applied.get() + " applied after 10 minutes");
                }
                Thread.sleep(5);
            }
            report(label, streams * 10, start);
        }
    }

    private static Commit commit(String stream, int seq) {
        return new Commit(StreamId.of(stream), seq, seq, UUID.randomUUID(), Instant.now(), Map.of(),
                List.of(EventMessage.of("OrderPlaced", 1, "{\"orderId\":\"" + stream + "\",\"lines\":3,\"total\":129.5}")));
    }

    private void drain(int count, String label) throws InterruptedException {
        long before = received.get();
        ServiceBusProcessorClient processor = processor();
        long start = System.nanoTime();
        processor.start();
        awaitReceived(before + count);
        report(label, count, start);
        processor.close();
    }

    /**
     * A processor on its own connection, as {@link ContextBus} builds it. (Processors built from one
     * builder share its connection; closing one there left its sessions locked for the next.)
     */
    private ServiceBusProcessorClient processor() {
        return new ServiceBusClientBuilder().connectionString(connectionString).sessionProcessor()
                .topicName("ordering.events").subscriptionName("shipping")
                .disableAutoComplete().maxConcurrentSessions(CONCURRENT_SESSIONS).prefetchCount(PREFETCH)
                .sessionIdleTimeout(Duration.ofSeconds(1))
                .processMessage(context -> {
                    context.complete();
                    received.incrementAndGet();
                })
                .processError(error -> System.err.println("processor error: " + error.getException()))
                .buildProcessorClient();
    }

    /** Each sender thread sends its share of the streams in full batches, each stream's messages in order. */
    private static void send(List<ServiceBusSenderClient> senders, ExecutorService pool, String prefix, int count)
            throws Exception {
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < senders.size(); t++) {
            int lane = t;
            ServiceBusSenderClient sender = senders.get(t);
            done.add(pool.submit(() -> {
                Batcher batcher = new Batcher(sender);
                for (int i = lane; i < count; i += senders.size()) {
                    batcher.add(message(prefix, i));
                }
                batcher.flush();
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
    }

    /** Sends messages in full batches, in the order added. */
    private static final class Batcher {
        private final ServiceBusSenderClient sender;
        private ServiceBusMessageBatch batch;

        Batcher(ServiceBusSenderClient sender) {
            this.sender = sender;
            this.batch = sender.createMessageBatch();
        }

        void add(ServiceBusMessage message) {
            if (!batch.tryAddMessage(message)) {
                sender.sendMessages(batch);
                batch = sender.createMessageBatch();
                if (!batch.tryAddMessage(message)) {
                    throw new IllegalStateException("a message does not fit in an empty batch");
                }
            }
        }

        void flush() {
            if (batch.getCount() > 0) {
                sender.sendMessages(batch);
                batch = sender.createMessageBatch();
            }
        }
    }

    private static ServiceBusMessage message(String prefix, int i) {
        ServiceBusMessage message = new ServiceBusMessage(BODY);
        String stream = prefix + (i % 10_000);
        message.setMessageId(stream + "/" + i);
        message.setSessionId("b" + Math.floorMod(stream.hashCode(), SESSIONS));
        message.setContentType("application/json");
        message.setSubject("OrderPlaced");
        Map<String, Object> p = message.getApplicationProperties();
        p.put("cb_source", "ordering");
        p.put("cb_stream", stream);
        p.put("cb_seq", (long) i);
        p.put("cb_commit_id", UUID.randomUUID().toString());
        p.put("cb_event_types", "OrderPlaced");
        return message;
    }

    private void awaitReceived(long target) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        while (received.get() < target) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + received.get() + " of " + target + " after 10 minutes");
            }
            Thread.sleep(5);
        }
    }

    private static void report(String label, int count, long start) {
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("  %s: %d messages in %.2f s: %.0f messages/s%n", label, count, seconds, count / seconds);
    }
}
