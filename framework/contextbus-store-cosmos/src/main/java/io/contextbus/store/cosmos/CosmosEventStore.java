package io.contextbus.store.cosmos;

import com.azure.cosmos.CosmosException;
import com.azure.cosmos.models.SqlParameter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contextbus.codec.CommitCodec;
import io.contextbus.dispatch.CommitPublisher;
import io.contextbus.dispatch.Dispatcher;
import io.contextbus.dispatch.DispatcherOptions;
import io.contextbus.dispatch.DispatchingStore;
import io.contextbus.error.ValidationException;
import io.contextbus.model.Commit;
import io.contextbus.model.CommitAttempt;
import io.contextbus.model.CommitPage;
import io.contextbus.model.ContextName;
import io.contextbus.model.Position;
import io.contextbus.model.StreamId;
import io.contextbus.propagation.DirtyMarks;
import io.contextbus.store.EventStore;
import io.contextbus.store.Snapshot;
import io.contextbus.store.SnapshotStore;
import io.contextbus.store.cosmos.implementation.ChangeFeedReader;
import io.contextbus.store.cosmos.implementation.CommitAppender;
import io.contextbus.store.cosmos.implementation.CommitDocuments;
import io.contextbus.store.cosmos.implementation.CosmosDirtyMarks;
import io.contextbus.store.cosmos.implementation.CosmosErrors;
import io.contextbus.store.cosmos.implementation.Documents;
import io.contextbus.store.cosmos.implementation.StoreRetry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A context's event store in one Cosmos DB container partitioned by {@code /streamId}: one
 * document per commit (id = commitSequence), appended by a transactional batch that requires the
 * previous commit and refuses an existing one, so a stream never has a gap or a duplicate sequence
 * and an append is atomic and durable when it returns. Store order ({@link #readAll}) is the
 * container's change feed. Snapshots live in the stream's partition. Thread-safe; obtain it from
 * {@link CosmosStores#eventStore}, or read-only from {@link CosmosStores#openReadOnly}: then every
 * write is refused with a non-transient {@link io.contextbus.error.StoreException} before any request.
 */
public final class CosmosEventStore implements EventStore, SnapshotStore, DispatchingStore {
    private static final Logger LOG = LoggerFactory.getLogger(CosmosEventStore.class);
    private static final String SNAPSHOT = "snapshot";

    private final ContextName context;
    private final Documents documents;
    private final CommitAppender appender;
    private final ChangeFeedReader feed;
    private final StoreRetry retry;
    private final boolean readOnly;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private final Map<String, DirtyMarks<CosmosInboxTransaction>> dirtyMarks = new ConcurrentHashMap<>();
    private volatile AutoCloseable owned;
    private volatile CosmosStores dispatchFrom;

    CosmosEventStore(ContextName context, Documents documents, CosmosStoreOptions options, boolean readOnly) {
        this.context = context;
        this.readOnly = readOnly;
        this.documents = documents;
        this.appender = new CommitAppender(documents, options.limits(), options.maxDocumentBytes());
        this.feed = new ChangeFeedReader(documents);
        this.retry = new StoreRetry("cosmos-" + context.value(), options.retryAttempts(), options.retryWait());
    }

    @Override
    public ContextName context() {
        return context;
    }

    /** Whether this store was opened read-only ({@link CosmosStores#openReadOnly}): every write is refused. */
    public boolean isReadOnly() {
        return readOnly;
    }

    /**
     * The dirty marks of the propagation {@code name} in this context's container, for a
     * {@link io.contextbus.propagation.DebouncedPropagation}: a consumer's applier marks an entity
     * through its {@link CosmosInboxTransaction}, so the mark is in the same transactional batch as
     * the state it changed; each mark is announced once the batch committed. Use one instance per
     * name (the announcements go to the instance that wrote the mark).
     */
    public DirtyMarks<CosmosInboxTransaction> dirtyMarks(String name) {
        ValidationException.requireNonNull(name, "name");
        ValidationException.require(!name.isBlank(), "name", "cannot be blank.");
        return dirtyMarks.computeIfAbsent(name, n -> new CosmosDirtyMarks(documents, n));
    }

    /** The container's documents, for the inbox and the dispatcher checkpoint kept beside the commits. */
    Documents documents() {
        return documents;
    }

    @Override
    public Commit append(CommitAttempt attempt) {
        ValidationException.requireNonNull(attempt, "attempt");
        requireWritable("Appending to stream '" + attempt.streamId().value() + "'");
        Commit commit = guarded("append", attempt.streamId(), () -> appender.append(attempt));
        for (Runnable listener : listeners) {
            try {
                listener.run();
            } catch (RuntimeException e) {
                LOG.warn("onAppend listener failed context={} stream={}", context, attempt.streamId(), e);
            }
        }
        return commit;
    }

    @Override
    public List<Commit> readStream(StreamId streamId, long fromSequence, long toSequence) {
        ValidationException.requireNonNull(streamId, "streamId");
        ValidationException.require(fromSequence >= 1, "fromSequence", "must be at least 1 but was " + fromSequence + ".");
        if (toSequence < fromSequence) {
            return List.of();
        }
        String pk = streamId.value();
        return guarded("readStream", streamId, () -> {
            List<Commit> commits = new ArrayList<>();
            documents.query("SELECT * FROM c WHERE c.streamId = @s AND c.kind = 'commit' AND c.commitSequence >= @from"
                            + " AND c.commitSequence <= @to ORDER BY c.commitSequence", pk, "readStream",
                    doc -> commits.add(CommitDocuments.toCommit(doc)),
                    new SqlParameter("@s", pk), new SqlParameter("@from", fromSequence),
                    new SqlParameter("@to", toSequence));
            return commits;
        });
    }

    @Override
    public long lastCommitSequence(StreamId streamId) {
        ValidationException.requireNonNull(streamId, "streamId");
        return guarded("readStream", streamId, () -> appender.lastCommitSequence(streamId));
    }

    @Override
    public CommitPage readAll(Position after, int maxCount) {
        return guarded("readAll", null, () -> feed.readAll(after, maxCount));
    }

    @Override
    public Position positionAt(Instant time) {
        ValidationException.requireNonNull(time, "time");
        return guarded("readAll", null, () -> feed.positionAt(time));
    }

    @Override
    public AutoCloseable onAppend(Runnable listener) {
        ValidationException.requireNonNull(listener, "listener");
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /**
     * Starts a {@link CosmosChangeFeedDispatcher} on this store's container and its leases
     * container {@code <prefix><context>-leases} (created when missing only if the options allow),
     * configured from {@code options} as {@link CosmosChangeFeedDispatcher.Builder#options} says.
     * The {@code ContextBus} builder calls this: a Cosmos DB context publishes through the change
     * feed, with no dispatcher checkpoint document.
     *
     * @throws io.contextbus.error.StoreException (non-transient) when the store was opened read-only
     */
    @Override
    public Dispatcher startDispatcher(CommitPublisher publisher, DispatcherOptions options) {
        ValidationException.requireNonNull(publisher, "publisher");
        ValidationException.requireNonNull(options, "options");
        requireWritable("Dispatching");
        return CosmosChangeFeedDispatcher.builder(dispatchFrom, context, publisher).options(options).build().start();
    }

    /** The stores this store was opened from, whose client settings its dispatcher reuses. */
    void dispatchFrom(CosmosStores stores) {
        this.dispatchFrom = stores;
    }

    @Override
    public void saveSnapshot(Snapshot snapshot) {
        ValidationException.requireNonNull(snapshot, "snapshot");
        requireWritable("Saving a snapshot of stream '" + snapshot.streamId().value() + "'");
        StreamId streamId = snapshot.streamId();
        CommitCodec.requireJson(snapshot.state(), "state");
        guarded(SNAPSHOT, streamId, () -> {
            long last = appender.lastCommitSequence(streamId);
            ValidationException.require(snapshot.commitSequence() <= last, "commitSequence",
                    "must not be beyond the stream's last commitSequence (" + last + ") but was "
                            + snapshot.commitSequence() + ".");
            ObjectNode doc = CommitDocuments.newDocument("snapshot-" + snapshot.commitSequence(), streamId.value(), SNAPSHOT);
            doc.put("commitSequence", snapshot.commitSequence());
            doc.put("streamRevision", snapshot.streamRevision());
            doc.put("schemaVersion", snapshot.schemaVersion());
            doc.put("state", snapshot.state());
            documents.upsert(doc, streamId.value(), SNAPSHOT);
            return null;
        });
    }

    @Override
    public Optional<Snapshot> latestSnapshot(StreamId streamId, long maxCommitSequence) {
        ValidationException.requireNonNull(streamId, "streamId");
        String pk = streamId.value();
        return guarded(SNAPSHOT, streamId, () -> documents.query(
                        "SELECT TOP 1 * FROM c WHERE c.streamId = @s AND c.kind = 'snapshot' AND c.commitSequence <= @max"
                                + " ORDER BY c.commitSequence DESC", pk, SNAPSHOT,
                        new SqlParameter("@s", pk), new SqlParameter("@max", maxCommitSequence))
                .stream().findFirst().map(doc -> toSnapshot(streamId, doc)));
    }

    private static Snapshot toSnapshot(StreamId streamId, JsonNode doc) {
        return new Snapshot(streamId, doc.get("commitSequence").asLong(), doc.get("streamRevision").asLong(),
                doc.get("schemaVersion").asInt(), doc.get("state").asText());
    }

    private void requireWritable(String operation) {
        if (readOnly) {
            throw CosmosErrors.readOnly(operation, context, documents.container().getId());
        }
    }

    /** Runs a store call with our retry, translating whatever Cosmos DB error escapes it. */
    private <T> T guarded(String operation, StreamId streamId, Supplier<T> call) {
        return retry.call(() -> {
            try {
                return call.get();
            } catch (CosmosException e) {
                LOG.debug("cosmos call failed context={} operation={} status={} ru={}", context, operation,
                        e.getStatusCode(), e.getRequestCharge());
                throw CosmosErrors.translate(e, operation, streamId);
            }
        });
    }

    /** Makes {@link #close()} close {@code resource} too (the client of a store opened on its own). */
    void own(AutoCloseable resource) {
        this.owned = resource;
    }

    /**
     * Stops calling listeners. The client is shared with the other stores of {@link CosmosStores},
     * which closes it; a store from {@link CosmosStores#open} closes its own client here.
     */
    @Override
    public void close() {
        listeners.clear();
        AutoCloseable resource = owned;
        owned = null;
        if (resource != null) {
            try {
                resource.close();
            } catch (Exception e) {
                LOG.warn("closing the Cosmos client failed context={}", context, e);
            }
        }
    }
}
