package io.contextbus.store.cosmos;

import io.contextbus.model.ContextName;

/**
 * Receives the request charge (RU) of the store's Cosmos DB operations, so that an application can
 * feed its metrics system. Called on the caller's thread right after the operation; implementations
 * must be fast and must not throw (a throwing listener is logged and ignored).
 */
@FunctionalInterface
public interface CosmosStoreMetrics {
    /** A listener that ignores everything. */
    CosmosStoreMetrics NONE = (context, operation, requestCharge) -> { };

    /**
     * @param context       the context whose container was used
     * @param operation     what was done: {@code append}, {@code readStream}, {@code readAll},
     *                      {@code snapshot}, {@code inbox}, {@code checkpoint}
     * @param requestCharge the request units Cosmos DB charged (summed over the operation's calls)
     */
    void onRequestCharge(ContextName context, String operation, double requestCharge);
}
