package io.contextbus.store.cosmos;

import io.contextbus.testkit.AggregateRepositoryContract;

class CosmosAggregateRepositoryIT extends AggregateRepositoryContract {
    CosmosAggregateRepositoryIT() {
        super(new CosmosStoreFixture());
    }
}
