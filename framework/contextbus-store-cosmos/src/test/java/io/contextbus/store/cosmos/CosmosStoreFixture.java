package io.contextbus.store.cosmos;

import com.azure.cosmos.models.SqlParameter;
import io.contextbus.codec.CommitLimits;
import io.contextbus.dispatch.DispatchCheckpointStore;
import io.contextbus.inbox.Inbox;
import io.contextbus.model.ContextName;
import io.contextbus.store.EventStore;
import io.contextbus.store.SnapshotStore;
import io.contextbus.store.cosmos.implementation.CosmosDispatchCheckpointStore;
import io.contextbus.store.cosmos.implementation.CosmosInbox;
import io.contextbus.testkit.StoreFixture;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * The conformance kit's fixture for the Cosmos DB store: a location is a container prefix, so each
 * test gets fresh containers in the test target ({@link CosmosTestTarget}). The target's endpoint
 * and key are published as {@code contextbus.cosmos.*} system properties, which the kit hands to
 * the crash test's second JVM.
 */
public final class CosmosStoreFixture implements StoreFixture<CosmosInboxTransaction> {

    public CosmosStoreFixture() {
        CosmosTestTarget.get().publishToChildJvms();
    }

    @Override
    public String newLocation() {
        return CosmosTestStores.newPrefix();
    }

    @Override
    public EventStore open(String location, ContextName context, CommitLimits limits) {
        return CosmosStores.open(CosmosTestStores.options(location).limits(limits).build(), context);
    }

    @Override
    public Inbox<CosmosInboxTransaction> inbox(EventStore store) {
        return new CosmosInbox(cosmos(store).documents());
    }

    @Override
    public DispatchCheckpointStore checkpoints(EventStore store) {
        return new CosmosDispatchCheckpointStore(cosmos(store).documents());
    }

    @Override
    public Optional<SnapshotStore> snapshots(EventStore store) {
        return Optional.of(cosmos(store));
    }

    @Override
    public void writeMarker(CosmosInboxTransaction transaction, String key) {
        transaction.create(transaction.newDocument(markerId(key), "marker"));
    }

    @Override
    public boolean markerExists(EventStore store, String key) {
        return !cosmos(store).documents().query("SELECT c.id FROM c WHERE c.id = @id AND c.kind = 'marker'", null,
                "test", new SqlParameter("@id", markerId(key))).isEmpty();
    }

    /** Cosmos DB ids cannot hold '/', '\\', '?' or '#'; kit keys do. */
    private static String markerId(String key) {
        return "marker-" + Base64.getUrlEncoder().withoutPadding().encodeToString(key.getBytes(StandardCharsets.UTF_8));
    }

    private static CosmosEventStore cosmos(EventStore store) {
        return (CosmosEventStore) store;
    }
}
