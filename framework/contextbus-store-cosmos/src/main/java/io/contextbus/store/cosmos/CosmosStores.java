package io.contextbus.store.cosmos;

import com.azure.cosmos.CosmosClient;
import com.azure.cosmos.CosmosClientBuilder;
import com.azure.cosmos.CosmosContainer;
import com.azure.cosmos.CosmosDatabase;
import com.azure.cosmos.CosmosException;
import com.azure.cosmos.ThrottlingRetryOptions;
import com.azure.cosmos.models.CosmosContainerProperties;
import com.azure.cosmos.models.ExcludedPath;
import com.azure.cosmos.models.IncludedPath;
import com.azure.cosmos.models.IndexingMode;
import com.azure.cosmos.models.IndexingPolicy;
import com.azure.cosmos.models.ThroughputProperties;
import com.azure.cosmos.models.UniqueKey;
import com.azure.cosmos.models.UniqueKeyPolicy;
import io.contextbus.dispatch.DispatchCheckpointStore;
import io.contextbus.error.StoreException;
import io.contextbus.error.ValidationException;
import io.contextbus.inbox.Inbox;
import io.contextbus.model.ContextName;
import io.contextbus.store.cosmos.implementation.CommitDocuments;
import io.contextbus.store.cosmos.implementation.CosmosDispatchCheckpointStore;
import io.contextbus.store.cosmos.implementation.CosmosErrors;
import io.contextbus.store.cosmos.implementation.CosmosInbox;
import io.contextbus.store.cosmos.implementation.Documents;
import io.contextbus.store.cosmos.implementation.StoreRetry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The entry point of the Cosmos DB store: one {@link CosmosClient} for a set of contexts, each
 * context in its own container (created when missing, if the options allow). Hands out the event
 * store, inbox and dispatcher checkpoint of a context; they share the client, so close this, not
 * them, when done. Thread-safe.
 */
public final class CosmosStores implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CosmosStores.class);

    private final CosmosStoreOptions options;
    private final CosmosClient client;
    private final Map<ContextName, CosmosEventStore> stores = new ConcurrentHashMap<>();

    private CosmosStores(CosmosStoreOptions options) {
        this.options = options;
        this.client = clientBuilder(options).buildClient();
    }

    /** Connects to the account the options name; nothing is created until a context is opened. */
    public static CosmosStores connect(CosmosStoreOptions options) {
        ValidationException.requireNonNull(options, "options");
        return new CosmosStores(options);
    }

    /**
     * The event store of one context on a client of its own: closing the store closes the client.
     * For applications (and tests) that need a single store; several contexts should share
     * {@link #connect}.
     */
    public static CosmosEventStore open(CosmosStoreOptions options, ContextName context) {
        CosmosStores stores = connect(options);
        try {
            CosmosEventStore store = stores.eventStore(context);
            store.own(stores.client::close);
            return store;
        } catch (RuntimeException e) {
            stores.close();
            throw e;
        }
    }

    /**
     * The event store of one context, opened for reading only, on a client of its own (closing the
     * store closes it): what the replay service reads its Cosmos DB sources with. Nothing is ever
     * created, whatever {@link CosmosStoreOptions#createIfMissing()} says: when the database or the
     * container does not exist this fails with a non-transient {@link StoreException} naming it.
     * {@code readAll}, {@code positionAt}, {@code readStream}, {@code lastCommitSequence} and
     * {@code latestSnapshot} work; every write ({@code append}, {@code appendAsync},
     * {@code saveSnapshot}) is refused with a non-transient {@link StoreException} before any request
     * is sent. A key, or a {@code TokenCredential} whose identity has the data-plane role
     * <em>Cosmos DB Built-in Data Reader</em>, is enough.
     */
    public static CosmosEventStore openReadOnly(CosmosStoreOptions options, ContextName context) {
        ValidationException.requireNonNull(context, "context");
        CosmosStores stores = connect(options);
        try {
            Documents documents = new Documents(existingContainer(stores.client, options, context), context,
                    options.metrics());
            CosmosEventStore store = new CosmosEventStore(context, documents, options, true);
            store.own(stores.client::close);
            LOG.info("event=store-opened-read-only context={} endpoint={} database={} container={}", context,
                    options.endpoint(), options.database(), documents.container().getId());
            return store;
        } catch (RuntimeException e) {
            stores.close();
            throw e;
        }
    }

    public CosmosStoreOptions options() {
        return options;
    }

    /** The event store of {@code context}, creating its container when missing. */
    public CosmosEventStore eventStore(ContextName context) {
        ValidationException.requireNonNull(context, "context");
        return stores.computeIfAbsent(context, c -> {
            CosmosEventStore store = new CosmosEventStore(c, documents(c), options, false);
            store.dispatchFrom(this);
            return store;
        });
    }

    /**
     * The inbox of {@code consumer}, kept in the consumer's own container: the applier's writes
     * through the {@link CosmosInboxTransaction}, the stash clean-up and the inbox update are one
     * transactional batch, so each commit is applied once, in order. Writes the applier makes
     * elsewhere (another partition or container) cannot join the batch: they are at least once and
     * must be idempotent (upserts with deterministic ids).
     */
    public Inbox<CosmosInboxTransaction> inbox(ContextName consumer) {
        return new CosmosInbox(eventStore(consumer).documents());
    }

    /** A lease and checkpoint document in {@code context}'s container, for the generic store dispatcher. */
    public DispatchCheckpointStore checkpoints(ContextName context) {
        return new CosmosDispatchCheckpointStore(eventStore(context).documents());
    }

    private Documents documents(ContextName context) {
        CosmosContainer container = ensureContainer(options.containerName(context.value()),
                CommitDocuments.PARTITION_KEY_PATH, true);
        return new Documents(container, context, options.metrics());
    }

    /** The change feed processor's leases container of {@code context} (partitioned by /id). */
    CosmosContainer leasesContainer(ContextName context) {
        return ensureContainer(options.leasesContainerName(context.value()), "/id", false);
    }

    /** The context's container, after reading its properties (a metadata read the Data Reader role allows). */
    private static CosmosContainer existingContainer(CosmosClient client, CosmosStoreOptions options,
                                                     ContextName context) {
        String name = options.containerName(context.value());
        CosmosDatabase database = client.getDatabase(options.database());
        CosmosContainer container = database.getContainer(name);
        StoreRetry retry = new StoreRetry("cosmos-open-" + context.value(), options.retryAttempts(),
                options.retryWait());
        return retry.call(() -> {
            try {
                container.read();
                return container;
            } catch (CosmosException e) {
                if (CosmosErrors.kind(e) != CosmosErrors.Kind.NOT_FOUND) {
                    throw CosmosErrors.translate(e, "readContainer " + name, null);
                }
                throw CosmosErrors.missingContainer(options.endpoint(), options.database(), name,
                        databaseExists(database), e);
            }
        });
    }

    private static boolean databaseExists(CosmosDatabase database) {
        try {
            database.read();
            return true;
        } catch (CosmosException e) {
            if (CosmosErrors.kind(e) == CosmosErrors.Kind.NOT_FOUND) {
                return false;
            }
            throw CosmosErrors.translate(e, "readDatabase " + database.getId(), null);
        }
    }

    private CosmosContainer ensureContainer(String name, String partitionKeyPath, boolean uniqueCommitIds) {
        CosmosDatabase database = client.getDatabase(options.database());
        if (!options.createIfMissing()) {
            return database.getContainer(name);
        }
        try {
            client.createDatabaseIfNotExists(options.database());
            CosmosContainerProperties properties = new CosmosContainerProperties(name, partitionKeyPath);
            if (uniqueCommitIds) {
                properties.setUniqueKeyPolicy(new UniqueKeyPolicy().setUniqueKeys(
                        List.of(new UniqueKey(List.of(CommitDocuments.UNIQUE_KEY_PATH)))));
                properties.setIndexingPolicy(indexingPolicy());
            }
            if (options.throughputOnCreate() == null) {
                database.createContainerIfNotExists(properties);
            } else {
                database.createContainerIfNotExists(properties,
                        ThroughputProperties.createManualThroughput(options.throughputOnCreate()));
            }
        } catch (CosmosException e) {
            throw CosmosErrors.translate(e, "createContainer " + name, null);
        }
        return database.getContainer(name);
    }

    /**
     * Everything indexed except what is never queried: event data and headers (kept as text),
     * snapshot state and stashed commits. Fewer index entries make each append cheaper in RU.
     */
    private static IndexingPolicy indexingPolicy() {
        IndexingPolicy policy = new IndexingPolicy();
        policy.setIndexingMode(IndexingMode.CONSISTENT);
        policy.setIncludedPaths(List.of(new IncludedPath("/*")));
        policy.setExcludedPaths(List.of(new ExcludedPath("/events/*"), new ExcludedPath("/headers/*"),
                new ExcludedPath("/state/?"), new ExcludedPath("/commit/*"), new ExcludedPath("/\"_etag\"/?")));
        return policy;
    }

    static CosmosClientBuilder clientBuilder(CosmosStoreOptions options) {
        CosmosClientBuilder builder = new CosmosClientBuilder()
                .endpoint(options.endpoint())
                .throttlingRetryOptions(new ThrottlingRetryOptions()
                        .setMaxRetryAttemptsOnThrottledRequests(options.sdkThrottleRetries())
                        .setMaxRetryWaitTime(Duration.ofSeconds(30)))
                .contentResponseOnWriteEnabled(false);
        if (options.key() != null) {
            builder.key(options.key());
        } else {
            builder.credential(options.credential());
        }
        if (!options.preferredRegions().isEmpty()) {
            builder.preferredRegions(options.preferredRegions());
        }
        return options.directMode() ? builder.directMode() : builder.gatewayMode();
    }

    @Override
    public void close() {
        stores.values().forEach(CosmosEventStore::close);
        client.close();
    }
}
