package io.contextbus.store.cosmos;

import io.contextbus.testkit.EventStoreContract;

class CosmosEventStoreIT extends EventStoreContract {
    CosmosEventStoreIT() {
        super(new CosmosStoreFixture());
    }
}
