package io.contextbus.store.sqlite;

import io.contextbus.testkit.SnapshotStoreContract;

class SqliteSnapshotStoreIT extends SnapshotStoreContract {
    SqliteSnapshotStoreIT() {
        super(new SqliteStoreFixture());
    }
}
