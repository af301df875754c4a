package io.contextbus.dispatch;

import io.contextbus.testkit.DispatchCheckpointContract;

/** Core's dispatcher unit tests run on {@link InMemoryCheckpointStore}; it keeps the same contract as the stores. */
class InMemoryCheckpointStoreContractTest extends DispatchCheckpointContract {
    InMemoryCheckpointStoreContractTest() {
        super(new InMemoryStoreFixture());
    }
}
