package io.contextbus.store.sqlite;

import io.contextbus.testkit.AggregateRepositoryContract;

class SqliteAggregateRepositoryIT extends AggregateRepositoryContract {
    SqliteAggregateRepositoryIT() {
        super(new SqliteStoreFixture());
    }
}
