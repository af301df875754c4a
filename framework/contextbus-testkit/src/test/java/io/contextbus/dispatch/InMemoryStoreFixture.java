package io.contextbus.dispatch;

import io.contextbus.codec.CommitLimits;
import io.contextbus.inbox.Inbox;
import io.contextbus.model.ContextName;
import io.contextbus.store.EventStore;
import io.contextbus.store.SnapshotStore;
import io.contextbus.testkit.StoreFixture;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The kit's fixture for core's in-memory fakes ({@link InMemoryEventStore},
 * {@link InMemoryCheckpointStore}), which live in core's test-jar: this class shares their package
 * to reach them. A location is a key in this JVM's memory, so reopening it sees the same store and
 * checkpoint; nothing survives the JVM, which is why the event store fake cannot run the
 * EventStoreContract (its crash suite kills a second JVM and reopens the location).
 *
 * <p>The fakes have no inbox or markers (the consumer's {@code MemoryInbox} runs the InboxContract
 * in contextbus-servicebus's tests): the suites run here do not ask for them.
 */
final class InMemoryStoreFixture implements StoreFixture<Object> {
    private static final Map<String, InMemoryEventStore> STORES = new ConcurrentHashMap<>();
    private static final Map<String, InMemoryCheckpointStore> CHECKPOINTS = new ConcurrentHashMap<>();
    private final Map<EventStore, String> locations = new ConcurrentHashMap<>();

    @Override
    public String newLocation() {
        return "memory:" + UUID.randomUUID();
    }

    @Override
    public EventStore open(String location, ContextName context, CommitLimits limits) {
        InMemoryEventStore store = STORES.computeIfAbsent(location, l -> new InMemoryEventStore(context));
        locations.put(store, location);
        return store;
    }

    @Override
    public Inbox<Object> inbox(EventStore store) {
        throw new UnsupportedOperationException("core's in-memory fakes have no inbox.");
    }

    @Override
    public DispatchCheckpointStore checkpoints(EventStore store) {
        return CHECKPOINTS.computeIfAbsent(locations.get(store), l -> new InMemoryCheckpointStore());
    }

    @Override
    public Optional<SnapshotStore> snapshots(EventStore store) {
        return Optional.empty();
    }

    @Override
    public void writeMarker(Object transaction, String key) {
        throw new UnsupportedOperationException("core's in-memory fakes have no inbox transaction.");
    }

    @Override
    public boolean markerExists(EventStore store, String key) {
        throw new UnsupportedOperationException("core's in-memory fakes have no inbox transaction.");
    }
}
