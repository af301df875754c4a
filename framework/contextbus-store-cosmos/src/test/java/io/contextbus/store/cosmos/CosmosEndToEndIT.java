package io.contextbus.store.cosmos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.cosmos.models.CosmosItemOperation;
import com.azure.messaging.servicebus.ServiceBusClientBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contextbus.handler.EventContext;
import io.contextbus.handler.HandlerResult;
import io.contextbus.handler.Handlers;
import io.contextbus.inbox.Inbox;
import io.contextbus.model.ContextName;
import io.contextbus.model.EventMessage;
import io.contextbus.model.StreamId;
import io.contextbus.servicebus.ConsumerOptions;
import io.contextbus.servicebus.ContextBus;
import io.contextbus.servicebus.PublisherOptions;
import io.contextbus.servicebus.ServiceBusCommitPublisher;
import io.contextbus.servicebus.local.EntityCounts;
import io.contextbus.servicebus.local.LocalServiceBus;
import io.contextbus.testkit.Await;
import io.contextbus.testkit.TestCommits;
import io.contextbus.topology.ContextBusTopology;
import io.contextbus.topology.Topology;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.LongStream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The production shape end to end: {@code ordering} keeps its commits in Cosmos DB and publishes them
 * with the change feed dispatcher and the Service Bus publisher, through the local Service Bus, to
 * {@code shipping}, which applies them through its Cosmos inbox with a read model written in the same
 * transactional batch. Each context has its own {@link CosmosStores} connection and container.
 */
@DisplayName("End to end: Cosmos (ordering) -> local Service Bus -> Cosmos (shipping)")
class CosmosEndToEndIT {
    private static final ContextName ORDERING = ContextName.of("ordering");
    private static final ContextName SHIPPING = ContextName.of("shipping");
    private static final String SUBSCRIPTION = "ordering.events/subscriptions/shipping";
    private static final int STREAMS = 200;
    private static final int COMMITS = 5;
    private static final int APPEND_THREADS = 8;
    private static final String READ_MODEL_KIND = "applied-log";
    private static final Duration PATIENCE = Duration.ofSeconds(90);
    /** A cross-partition query per poll is enough load; the testkit's Await polls every 10 ms. */
    private static final long QUERY_EVERY_NANOS = Duration.ofMillis(250).toNanos();

    private final List<AutoCloseable> opened = new ArrayList<>();
    private LocalServiceBus broker;
    private CosmosStores orderingStores;
    private CosmosStores shippingStores;
    private long lastQuery;
    private int lastComplete;

    @BeforeEach
    void start() {
        Topology topology = ContextBusTopology.builder()
                .lockDuration(Duration.ofSeconds(10))
                .context("ordering")
                .context("shipping", ContextBusTopology.consumes("ordering"))
                .build();
        broker = LocalServiceBus.builder().topology(topology).start();
        orderingStores = track(CosmosTestStores.connect());
        shippingStores = track(CosmosTestStores.connect());
        // The consumer as an application wires it: the bus, its Cosmos inbox, a handler writing through the batch.
        track(ContextBus.<CosmosInboxTransaction>builder()
                .context("shipping")
                .connectionString(broker.connectionString())
                .topology(topology)
                .inbox(shippingStores.inbox(SHIPPING))
                .consume("ordering", Handlers.<CosmosInboxTransaction>builder().on(TestCommits.EVENT_TYPE, this::record).build())
                // Bounded lock renewal and short idle sessions, as the Service Bus ITs (see that module's README).
                .consumerOptions(ConsumerOptions.DEFAULT.withMaxConcurrentSessions(64)
                        .withSessionIdleTimeout(Duration.ofSeconds(1)).withMaxLockRenewal(Duration.ofSeconds(20)))
                .build()).start();
        // The source as production runs it on Cosmos: the change feed dispatcher with the Service Bus publisher.
        ServiceBusCommitPublisher publisher = track(new ServiceBusCommitPublisher(new ServiceBusClientBuilder()
                .connectionString(broker.connectionString()).sender().topicName("ordering.events").buildClient(),
                ORDERING, PublisherOptions.DEFAULT));
        track(CosmosChangeFeedDispatcher.builder(orderingStores, ORDERING, publisher)
                .hostName("ordering-e2e")
                .pollDelay(Duration.ofMillis(100))
                .leaseTimings(Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(10))
                .build()).start();
    }

    @AfterEach
    void stop() {
        for (int i = opened.size() - 1; i >= 0; i--) {
            try {
                opened.get(i).close();
            } catch (Exception e) {
                // keep closing the rest
            }
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void commits_appended_concurrently_on_cosmos_are_applied_once_each_in_order_on_cosmos() throws Exception {
        // given: the dispatcher and the consumer running
        List<StreamId> streams = new ArrayList<>();
        for (int i = 0; i < STREAMS; i++) {
            streams.add(StreamId.of("order-" + i));
        }

        // when: 200 streams x 5 commits are appended concurrently to ordering's Cosmos store
        appendAll(orderingStores.eventStore(ORDERING), streams);

        // then: shipping's read model holds 1..5 for every stream, each once and in order
        try {
            Await.until(this::everyStreamComplete, PATIENCE, "every stream's " + COMMITS + " commits in shipping's read model");
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + " (complete streams: " + lastComplete + " of " + STREAMS
                    + ", subscription: " + broker.counts(SUBSCRIPTION) + ")", e);
        }
        Await.until(() -> broker.counts(SUBSCRIPTION).activeMessages() == 0, Duration.ofSeconds(30),
                "every message of " + SUBSCRIPTION + " settled");
        Map<String, List<Long>> readModel = readModel();
        List<Long> expected = LongStream.rangeClosed(1, COMMITS).boxed().toList();
        Inbox<CosmosInboxTransaction> inbox = shippingStores.inbox(SHIPPING);
        for (StreamId stream : streams) {
            assertEquals(expected, readModel.get(stream.value()), "applied sequences of " + stream.value());
            assertEquals(COMMITS, inbox.lastApplied(ORDERING, stream), "inbox lastApplied of " + stream.value());
            assertTrue(inbox.stashed(ORDERING, stream).isEmpty(), "nothing stashed for " + stream.value());
        }
        assertEquals(STREAMS, readModel.size(), "streams in shipping's read model");
        EntityCounts counts = broker.counts(SUBSCRIPTION);
        assertEquals(0, counts.deadLetterMessages(), "dead-lettered messages");
        assertTrue(counts.messagesEnqueued() >= (long) STREAMS * COMMITS,
                "every commit reached the subscription (enqueued " + counts.messagesEnqueued() + ")");
    }

    /**
     * The handler: appends the commit's sequence to the stream's read-model document, in the inbox's
     * batch. A duplicate apply would show as a repeated sequence, a reordering as an unsorted list.
     */
    private HandlerResult record(EventMessage event, EventContext<CosmosInboxTransaction> ctx) {
        CosmosInboxTransaction tx = ctx.transaction();
        String id = READ_MODEL_KIND + ":" + ctx.source().value();
        Optional<ObjectNode> pending = pendingWrite(tx, id);
        if (pending.isPresent()) {
            // Stashed commits drained in the same batch: extend the write already queued.
            pending.get().withArrayProperty("sequences").add(ctx.commitSequence());
            return HandlerResult.HANDLED;
        }
        // Read after the inbox was read: the inbox's ETag condition fences this read-modify-write.
        ObjectNode doc = shippingStores.eventStore(SHIPPING).documents().read(id, tx.partition().value(), "test")
                .map(r -> (ObjectNode) r.document().deepCopy())
                .orElseGet(() -> tx.newDocument(id, READ_MODEL_KIND));
        doc.withArrayProperty("sequences").add(ctx.commitSequence());
        tx.upsert(doc);
        return HandlerResult.HANDLED;
    }

    private static Optional<ObjectNode> pendingWrite(CosmosInboxTransaction tx, String id) {
        for (CosmosItemOperation op : tx.batch().getOperations()) {
            if (id.equals(op.getId()) && op.getItem() instanceof ObjectNode doc) {
                return Optional.of(doc);
            }
        }
        return Optional.empty();
    }

    private boolean everyStreamComplete() {
        if (System.nanoTime() - lastQuery < QUERY_EVERY_NANOS) {
            return false;
        }
        lastQuery = System.nanoTime();
        lastComplete = (int) readModel().values().stream().filter(s -> s.size() >= COMMITS).count();
        return lastComplete == STREAMS;
    }

    /** Shipping's read model: per stream, the sequences in the order they were applied. */
    private Map<String, List<Long>> readModel() {
        Map<String, List<Long>> all = new HashMap<>();
        for (JsonNode doc : shippingStores.eventStore(SHIPPING).documents().query(
                "SELECT c.streamId, c.sequences FROM c WHERE c.kind = '" + READ_MODEL_KIND + "'", null, "test")) {
            all.put(doc.path("streamId").asText(), StreamSupport.stream(doc.path("sequences").spliterator(), false)
                    .map(JsonNode::asLong).toList());
        }
        return all;
    }

    /** Appends commits 1..COMMITS of every stream, streams spread over threads and interleaved. */
    private static void appendAll(CosmosEventStore store, List<StreamId> streams) throws InterruptedException {
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < APPEND_THREADS; t++) {
            int offset = t;
            Thread worker = new Thread(() -> {
                try {
                    for (long seq = 1; seq <= COMMITS; seq++) {
                        for (int i = offset; i < streams.size(); i += APPEND_THREADS) {
                            store.append(TestCommits.attempt(streams.get(i), seq));
                        }
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            }, "append-" + t);
            worker.start();
            workers.add(worker);
        }
        for (Thread w : workers) {
            w.join();
        }
        if (!failures.isEmpty()) {
            throw new AssertionError("appends to ordering failed", failures.get(0));
        }
    }

    private <C extends AutoCloseable> C track(C closeable) {
        opened.add(closeable);
        return closeable;
    }
}
