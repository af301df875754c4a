package io.contextbus.store.cosmos;

import io.contextbus.dispatch.CommitPublisher;
import io.contextbus.dispatch.Dispatcher;
import io.contextbus.dispatch.DispatcherOptions;
import io.contextbus.dispatch.DispatchingStore;
import io.contextbus.store.EventStore;
import io.contextbus.testkit.DispatcherPromises;

/**
 * The kit's dispatcher promises for the change feed dispatcher, started the way the
 * {@code ContextBus} builder starts it: through the store's {@link DispatchingStore} role, with the
 * core's {@link DispatcherOptions} (owner as host name, page size as max item count, lease ttl as
 * lease expiration).
 */
class CosmosChangeFeedPromisesIT extends DispatcherPromises {
    CosmosChangeFeedPromisesIT() {
        super(new CosmosStoreFixture());
    }

    @Override
    protected Dispatcher startDispatcher(EventStore on, CommitPublisher publisher, DispatcherOptions options) {
        return ((DispatchingStore) on).startDispatcher(publisher, options);
    }
}
