package io.contextbus.store.sqlite;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Work done through a connection to a context's SQLite database, e.g. creating or querying a
 * read model's tables. The connection belongs to the store: do not commit, roll back or close it.
 *
 * @param <R> what the work returns
 */
@FunctionalInterface
public interface SqlWork<R> {
    R run(Connection connection) throws SQLException;
}
