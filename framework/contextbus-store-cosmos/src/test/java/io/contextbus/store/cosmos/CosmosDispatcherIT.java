package io.contextbus.store.cosmos;

import io.contextbus.testkit.DispatcherContract;

/** The core store dispatcher (lease document + read-all through the change feed) on Cosmos DB. */
class CosmosDispatcherIT extends DispatcherContract {
    CosmosDispatcherIT() {
        super(new CosmosStoreFixture());
    }
}
