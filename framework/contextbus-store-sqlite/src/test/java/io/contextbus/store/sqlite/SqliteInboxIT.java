package io.contextbus.store.sqlite;

import io.contextbus.testkit.InboxContract;
import java.sql.Connection;

class SqliteInboxIT extends InboxContract<Connection> {
    SqliteInboxIT() {
        super(new SqliteStoreFixture());
    }
}
