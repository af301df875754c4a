package io.contextbus.samples.runtime;

import com.azure.cosmos.CosmosClient;
import com.azure.cosmos.CosmosClientBuilder;
import com.azure.cosmos.CosmosContainer;
import com.azure.identity.DefaultAzureCredentialBuilder;
import io.contextbus.dispatch.DispatchCheckpointStore;
import io.contextbus.inbox.Inbox;
import io.contextbus.model.ContextName;
import io.contextbus.replay.client.CosmosReconcileJournal;
import io.contextbus.replay.client.ReconcileJournal;
import io.contextbus.store.EventStore;
import io.contextbus.store.SnapshotStore;
import io.contextbus.store.cosmos.CosmosEventStore;
import io.contextbus.store.cosmos.CosmosInboxTransaction;
import io.contextbus.store.cosmos.CosmosStoreOptions;
import io.contextbus.store.cosmos.CosmosStores;

/**
 * A sample context on Cosmos DB: everything lives in the context's container {@code events-<context>}
 * (commits, inbox, stash, dispatcher checkpoint from contextbus; the applied log, work items and
 * read-model documents of the samples, each with its own {@code kind}). Nothing is kept on the
 * process's disk. With a key (stand-in, emulator) the container is created when missing; with
 * {@code DefaultAzureCredential} it must exist (the Bicep creates it). The samples' own documents
 * are written through a second client on the same account ({@link #container()}), because the
 * store's client is not part of its API.
 */
public final class CosmosStorage implements SampleStorage<CosmosInboxTransaction> {
    private final CosmosStores stores;
    private final CosmosEventStore store;
    private final CosmosClient client;
    private final CosmosContainer container;
    private final Inbox<CosmosInboxTransaction> inbox;
    private final CosmosAppliedLog appliedLog;
    private final String location;

    public CosmosStorage(CosmosSettings settings, ContextName context) {
        CosmosStoreOptions.Builder options = CosmosStoreOptions.builder().endpoint(settings.endpoint())
                .database(settings.database()).containerPrefix("events-").createIfMissing(settings.createIfMissing());
        CosmosClientBuilder client = new CosmosClientBuilder().endpoint(settings.endpoint()).gatewayMode()
                .contentResponseOnWriteEnabled(false);
        if (settings.key().isPresent()) {
            options.key(settings.key().get());
            client.key(settings.key().get());
        } else {
            // AZURE_CLIENT_ID (set on the container app) selects the user-assigned managed identity.
            var credential = new DefaultAzureCredentialBuilder().build();
            options.credential(credential);
            client.credential(credential);
        }
        CosmosStoreOptions built = options.build();
        this.stores = CosmosStores.connect(built);
        try {
            this.store = stores.eventStore(context);
            this.client = client.buildClient();
            this.container = this.client.getDatabase(settings.database()).getContainer(built.containerName(context.value()));
            this.inbox = stores.inbox(context);
            this.appliedLog = new CosmosAppliedLog(container);
            this.location = settings.endpoint() + " database=" + settings.database() + " container="
                    + built.containerName(context.value());
        } catch (RuntimeException e) {
            stores.close();
            throw e;
        }
    }

    /** The context's container, for the samples' own documents. */
    public CosmosContainer container() {
        return container;
    }

    @Override
    public ReconcileJournal reconcileJournal() {
        return new CosmosReconcileJournal(container);
    }

    @Override
    public EventStore events() {
        return store;
    }

    @Override
    public DispatchCheckpointStore checkpoints() {
        return stores.checkpoints(store.context());
    }

    @Override
    public SnapshotStore snapshots() {
        return store;
    }

    @Override
    public Inbox<CosmosInboxTransaction> inbox() {
        return inbox;
    }

    @Override
    public AppliedLog<CosmosInboxTransaction> appliedLog() {
        return appliedLog;
    }

    @Override
    public CosmosWorkQueue workQueue(int shards, CommandQueue.Runner runner) {
        return new CosmosWorkQueue(container, shards, runner);
    }

    @Override
    public String location() {
        return location;
    }

    @Override
    public void close() {
        client.close();
        stores.close();
    }
}
