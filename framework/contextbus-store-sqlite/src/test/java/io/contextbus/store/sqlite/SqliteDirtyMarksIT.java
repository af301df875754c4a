package io.contextbus.store.sqlite;

import io.contextbus.testkit.DirtyMarksContract;
import java.sql.Connection;

class SqliteDirtyMarksIT extends DirtyMarksContract<Connection> {
    SqliteDirtyMarksIT() {
        super(new SqliteStoreFixture(), (store, name) -> ((SqliteEventStore) store).dirtyMarks(name));
    }
}
