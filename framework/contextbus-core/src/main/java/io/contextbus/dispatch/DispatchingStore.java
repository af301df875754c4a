package io.contextbus.dispatch;

/**
 * Optional store capability: the store publishes its commits through a dispatcher of its own (the
 * Cosmos DB store: the change feed processor, whose leases are the checkpoint), with the same
 * promises as {@link StoreDispatcher}. A transport adapter (the {@code ContextBus} builder) starts
 * this one instead of a {@link StoreDispatcher} when the store offers it, so it needs no compile
 * time dependency on the store's module, and the store needs no {@link DispatchCheckpointStore}.
 */
public interface DispatchingStore {

    /**
     * Starts the store's own dispatcher, publishing through {@code publisher}. The options'
     * owner, page size, poll interval, lease ttl, backoff and breaker apply as the store can map
     * them (its documentation says how).
     *
     * @throws io.contextbus.error.StoreException when the store cannot dispatch (for example it was
     *         opened read-only)
     */
    Dispatcher startDispatcher(CommitPublisher publisher, DispatcherOptions options);
}
