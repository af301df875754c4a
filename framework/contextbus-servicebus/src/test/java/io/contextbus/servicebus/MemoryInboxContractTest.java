package io.contextbus.servicebus;

import io.contextbus.codec.CommitLimits;
import io.contextbus.dispatch.DispatchCheckpointStore;
import io.contextbus.inbox.Inbox;
import io.contextbus.model.ContextName;
import io.contextbus.store.EventStore;
import io.contextbus.store.SnapshotStore;
import io.contextbus.store.sqlite.SqliteEventStore;
import io.contextbus.testkit.InboxContract;
import io.contextbus.testkit.StoreFixture;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The consumer's unit tests run against {@link MemoryInbox}; this holds it to the same contract as
 * the SQLite and Cosmos DB inboxes. The kit opens an event store per test, which the inbox does not
 * use: a SQLite store stands in for it, and each store gets its own MemoryInbox.
 */
class MemoryInboxContractTest extends InboxContract<List<String>> {
    MemoryInboxContractTest() {
        super(new MemoryInboxFixture());
    }

    /** A MemoryInbox per opened store; its transaction is the list the applier writes markers to. */
    public static final class MemoryInboxFixture implements StoreFixture<List<String>> {
        private static final Path ROOT = Path.of("target", "memory-inbox-contract");
        private final Map<EventStore, MemoryInbox> inboxes = new ConcurrentHashMap<>();

        @Override
        public String newLocation() {
            return ROOT.resolve(UUID.randomUUID().toString()).toString();
        }

        @Override
        public EventStore open(String location, ContextName context, CommitLimits limits) {
            return SqliteEventStore.open(Path.of(location), context);
        }

        @Override
        public Inbox<List<String>> inbox(EventStore store) {
            return inboxes.computeIfAbsent(store, s -> new MemoryInbox());
        }

        @Override
        public DispatchCheckpointStore checkpoints(EventStore store) {
            return ((SqliteEventStore) store).checkpoints();
        }

        @Override
        public Optional<SnapshotStore> snapshots(EventStore store) {
            return Optional.empty();
        }

        @Override
        public void writeMarker(List<String> transaction, String key) {
            transaction.add(key);
        }

        @Override
        public boolean markerExists(EventStore store, String key) {
            MemoryInbox inbox = inboxes.get(store);
            synchronized (inbox) {
                return inbox.written.contains(key);
            }
        }
    }
}
