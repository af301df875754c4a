package io.contextbus.store.sqlite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * The writer connection as the jobs see it, with prepared statements cached per SQL text (the
 * writer thread is its only user, so no locking): the store's own through {@link #prepare}, user
 * code's through the {@link StatementCache} behind {@link #guarded}.
 */
final class WriteTx {
    private final Connection connection;
    private final Map<String, PreparedStatement> statements = new HashMap<>();
    private final StatementCache userStatements;
    private Connection guarded;

    WriteTx(Connection connection) {
        this.connection = connection;
        this.userStatements = new StatementCache(connection);
    }

    Connection connection() {
        return connection;
    }

    /** The connection as user code gets it: without the calls that would end the store's transaction. */
    Connection guarded() {
        if (guarded == null) {
            guarded = GuardedConnection.guard(connection, userStatements);
        }
        return guarded;
    }

    PreparedStatement prepare(String sql) throws SQLException {
        PreparedStatement ps = statements.get(sql);
        if (ps == null) {
            ps = connection.prepareStatement(sql);
            statements.put(sql, ps);
        }
        ps.clearParameters();
        return ps;
    }

    void execute(String sql) throws SQLException {
        prepare(sql).execute();
    }

    /** Called after each job: statements user code left open are reset for the next job. */
    void endJob() {
        userStatements.endJob();
    }

    /** User-code statements kept across jobs (for tests). */
    int cachedUserStatements() {
        return userStatements.size();
    }

    void closeStatements() {
        userStatements.close();
        for (PreparedStatement ps : statements.values()) {
            try {
                ps.close();
            } catch (SQLException ignored) {
                // closing anyway; the connection is closed right after
            }
        }
        statements.clear();
    }
}
