package io.contextbus.store.sqlite;

import io.contextbus.testkit.EventStoreContract;

class SqliteEventStoreIT extends EventStoreContract {
    SqliteEventStoreIT() {
        super(new SqliteStoreFixture());
    }
}
