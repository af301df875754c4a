package io.contextbus.store.cosmos;

import io.contextbus.testkit.DirtyMarksContract;

class CosmosDirtyMarksIT extends DirtyMarksContract<CosmosInboxTransaction> {
    CosmosDirtyMarksIT() {
        super(new CosmosStoreFixture(), (store, name) -> ((CosmosEventStore) store).dirtyMarks(name));
    }
}
