package io.contextbus.store.cosmos;

import io.contextbus.testkit.InboxContract;

class CosmosInboxIT extends InboxContract<CosmosInboxTransaction> {
    CosmosInboxIT() {
        super(new CosmosStoreFixture());
    }
}
