package io.contextbus.store.sqlite;

import io.contextbus.testkit.DispatcherContract;

class SqliteDispatcherIT extends DispatcherContract {
    SqliteDispatcherIT() {
        super(new SqliteStoreFixture());
    }
}
