package io.contextbus.samples.runtime;

import com.azure.cosmos.CosmosContainer;
import com.azure.cosmos.CosmosException;
import com.azure.cosmos.models.CosmosItemRequestOptions;
import com.azure.cosmos.models.PartitionKey;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contextbus.handler.EventContext;
import io.contextbus.store.cosmos.CosmosInboxTransaction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The work queue on Cosmos DB: a queued command is a document of kind {@value #KIND} created in the
 * inbox's transactional batch, i.e. in the partition of the consumed (source) stream, so it exists
 * exactly when that commit is applied. A poller finds the waiting documents (one query across
 * partitions; woken early by local enqueues, else every 250 ms), runs each partition's in queue
 * order ({@code seq}, {@code ev}, {@code n}) with {@code shards} partitions at a time, and deletes
 * each document only after its command returned, i.e. after the command's commit is durable. A
 * crash in between runs the command again: its commitId derives from the document id, and the
 * deciders return no events for work already done.
 */
public final class CosmosWorkQueue implements WorkQueue<CosmosInboxTransaction> {
    public static final String KIND = "sample-work";
    private static final Logger LOG = LoggerFactory.getLogger(CosmosWorkQueue.class);
    private static final Comparator<ObjectNode> QUEUE_ORDER = Comparator.comparingLong((ObjectNode d) -> d.path("seq").asLong())
            .thenComparingLong(d -> d.path("ev").asLong()).thenComparingLong(d -> d.path("n").asLong());

    private final CosmosContainer container;
    private final QueuedRuns runs;
    private final ExecutorService pool;
    private final AtomicLong counter = new AtomicLong(System.currentTimeMillis() * 1000);
    private final BackgroundLoop poller;

    CosmosWorkQueue(CosmosContainer container, int shards, CommandQueue.Runner runner) {
        this.container = container;
        this.runs = new QueuedRuns(runner);
        this.pool = Executors.newFixedThreadPool(shards, r -> {
            Thread t = new Thread(r, "work-queue");
            t.setDaemon(true);
            return t;
        });
        this.poller = new BackgroundLoop("work-queue-poller", Duration.ofMillis(250), this::poll,
                e -> LOG.warn("work queue poll failed, retrying error=\"{}\"", e.toString()));
    }

    @Override
    public void enqueue(EventContext<CosmosInboxTransaction> source, String stream, String kind, String json) {
        CosmosInboxTransaction tx = source.transaction();
        long n = counter.incrementAndGet();
        ObjectNode doc = tx.newDocument("work:" + source.source().value() + ":" + source.commitSequence() + ":"
                + source.eventIndex() + ":" + n, KIND);
        fill(doc, stream, kind, json, source.commitSequence(), source.eventIndex(), n);
        tx.create(doc);
        poller.wake();
    }

    /**
     * A work item to create in partition {@code partition} through a batch of the caller's (for
     * example a process manager saving its state and its decision together); {@code id} must be
     * deterministic so that deciding again cannot queue twice.
     */
    public static ObjectNode document(String partition, String id, String stream, String kind, String json, long seq) {
        ObjectNode doc = SampleDocuments.create(partition, id, KIND);
        fill(doc, stream, kind, json, seq, 0, 0);
        return doc;
    }

    private static void fill(ObjectNode doc, String stream, String kind, String json, long seq, long ev, long n) {
        doc.put("target", stream);
        doc.put("command", kind);
        doc.put("json", json);
        doc.put("seq", seq);
        doc.put("ev", ev);
        doc.put("n", n);
    }

    @Override
    public void start() {
        poller.start();
    }

    /** One pass over the waiting items; a partition whose item failed is tried again after a pause. */
    private BackgroundLoop.Step poll() throws Exception {
        Map<String, List<ObjectNode>> partitions = waiting();
        if (partitions.isEmpty()) {
            return BackgroundLoop.Step.IDLE;
        }
        List<Callable<Boolean>> tasks = new ArrayList<>();
        partitions.values().forEach(items -> tasks.add(() -> runInOrder(items)));
        boolean allDone = true;
        for (var f : pool.invokeAll(tasks)) {
            allDone &= f.get();
        }
        return allDone ? BackgroundLoop.Step.WORKED : BackgroundLoop.Step.RETRY;
    }

    private Map<String, List<ObjectNode>> waiting() {
        Map<String, List<ObjectNode>> byPartition = new LinkedHashMap<>();
        for (ObjectNode d : SampleDocuments.all(container, KIND)) {
            byPartition.computeIfAbsent(d.path("streamId").asText(), k -> new ArrayList<>()).add(d);
        }
        byPartition.values().forEach(l -> l.sort(QUEUE_ORDER));
        return byPartition;
    }

    /** Runs one partition's items in order; stops at the first failure (it stays queued). */
    private boolean runInOrder(List<ObjectNode> items) {
        for (ObjectNode d : items) {
            if (!poller.running()) {
                return true;
            }
            CommandQueue.Queued q = new CommandQueue.Queued(d.path("id").asText(), d.path("target").asText(),
                    d.path("command").asText(), d.path("json").asText());
            try {
                runs.run(q);
                delete(d);
            } catch (RuntimeException e) {
                LOG.warn("queued command failed, retrying key={} stream={} kind={} error=\"{}\"", q.key(), q.stream(),
                        q.kind(), e.toString());
                return false;
            }
        }
        return true;
    }

    private void delete(ObjectNode d) {
        try {
            container.deleteItem(d.path("id").asText(), new PartitionKey(d.path("streamId").asText()),
                    new CosmosItemRequestOptions());
        } catch (CosmosException e) {
            if (e.getStatusCode() != 404) {
                throw e;
            }
        }
    }

    @Override
    public long executed() {
        return runs.executed();
    }

    @Override
    public long dropped() {
        return runs.dropped();
    }

    /** Commands waiting (a query across partitions). */
    public int pending() {
        return SampleDocuments.all(container, KIND).size();
    }

    @Override
    public void close() {
        poller.close();
        pool.shutdownNow();
    }
}
