package io.contextbus.store.cosmos;

import io.contextbus.testkit.DispatchCheckpointContract;

class CosmosDispatchCheckpointIT extends DispatchCheckpointContract {
    CosmosDispatchCheckpointIT() {
        super(new CosmosStoreFixture());
    }
}
