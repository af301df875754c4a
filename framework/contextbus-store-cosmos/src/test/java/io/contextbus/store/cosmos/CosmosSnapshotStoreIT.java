package io.contextbus.store.cosmos;

import io.contextbus.testkit.SnapshotStoreContract;

class CosmosSnapshotStoreIT extends SnapshotStoreContract {
    CosmosSnapshotStoreIT() {
        super(new CosmosStoreFixture());
    }
}
