package io.contextbus.store.sqlite;

import io.contextbus.testkit.DispatchCheckpointContract;

class SqliteDispatchCheckpointIT extends DispatchCheckpointContract {
    SqliteDispatchCheckpointIT() {
        super(new SqliteStoreFixture());
    }
}
