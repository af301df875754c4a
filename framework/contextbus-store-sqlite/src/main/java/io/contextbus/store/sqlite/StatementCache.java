package io.contextbus.store.sqlite;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Keeps the prepared statements that user code (inbox appliers, {@code write} work) prepares on the
 * writer's connection, so that a read model's {@code prepareStatement(sql)} is parsed by SQLite once,
 * not once per commit. User code sees an ordinary statement: it is lent out until closed (or until
 * the job ends, whichever comes first), then reset (result set closed, parameters and batch cleared)
 * and kept for the next job. A second {@code prepareStatement} of the same SQL while the first is
 * still open gets a statement of its own; a statement whose settings user code changed (max rows,
 * timeout, fetch size, ...) or unwrapped is closed rather than kept. Least recently used SQL beyond
 * {@value #CAPACITY} texts is closed. Only the writer thread uses it, so no locking.
 */
final class StatementCache {
    static final int CAPACITY = 64;

    /** Statement settings that would outlive the lease: a statement they were called on is not reused. */
    private static final Set<String> TAINTING = Set.of("setMaxRows", "setLargeMaxRows", "setQueryTimeout",
            "setFetchSize", "setFetchDirection", "setEscapeProcessing", "setPoolable", "setCursorName",
            "closeOnCompletion", "unwrap");
    private static final Set<String> RESULT_SETS = Set.of("executeQuery", "getResultSet", "getGeneratedKeys");

    private final Connection connection;
    private final Map<String, Entry> entries = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
            if (size() <= CAPACITY) {
                return false;
            }
            eldest.getValue().evict();
            return true;
        }
    };
    private final List<Lease> leases = new ArrayList<>();
    private Connection owner;

    StatementCache(Connection connection) {
        this.connection = connection;
    }

    /** The connection user code holds: what a lent statement's {@code getConnection()} returns. */
    void owner(Connection guarded) {
        this.owner = guarded;
    }

    /** A statement for {@code sql}, lent until it is closed or the job ends. */
    PreparedStatement prepare(String sql) throws SQLException {
        Entry entry = entries.get(sql);
        if (entry != null && entry.lent) {
            // the same SQL twice at once (a nested query): the second is a plain statement of its own
            return connection.prepareStatement(sql);
        }
        if (entry == null) {
            entry = new Entry(connection.prepareStatement(sql));
            entries.put(sql, entry);
        }
        entry.lent = true;
        Lease lease = new Lease(entry);
        leases.add(lease);
        return (PreparedStatement) Proxy.newProxyInstance(PreparedStatement.class.getClassLoader(),
                new Class<?>[] {PreparedStatement.class}, lease);
    }

    /** Ends every lease of the job that just ran: statements user code left open are reset now. */
    void endJob() {
        for (Lease lease : leases) {
            lease.end();
        }
        leases.clear();
    }

    /** Statements kept (for tests). */
    int size() {
        return entries.size();
    }

    void close() {
        endJob();
        for (Entry entry : entries.values()) {
            entry.closeQuietly();
        }
        entries.clear();
    }

    private final class Entry {
        final PreparedStatement statement;
        boolean lent;
        boolean evicted;

        Entry(PreparedStatement statement) {
            this.statement = statement;
        }

        void evict() {
            evicted = true;
            if (!lent) {
                closeQuietly();
            }
        }

        void closeQuietly() {
            try {
                statement.close();
            } catch (SQLException ignored) {
                // it is being dropped; the connection closes it at the latest
            }
        }
    }

    private final class Lease implements InvocationHandler {
        private final Entry entry;
        private boolean ended;
        private boolean tainted;
        private ResultSet resultSet;

        Lease(Entry entry) {
            this.entry = entry;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            String name = method.getName();
            switch (name) {
                case "close":
                    end();
                    return null;
                case "isClosed":
                    return ended;
                case "equals":
                    return proxy == args[0];
                case "hashCode":
                    return System.identityHashCode(proxy);
                case "toString":
                    return "cached " + entry.statement;
                default:
                    break;
            }
            if (ended) {
                throw new SQLException("This statement is closed: a statement of the store's connection lasts until"
                        + " it is closed or the transaction's work returns; prepare it again.");
            }
            if ("getConnection".equals(name) && owner != null) {
                return owner;
            }
            if (TAINTING.contains(name)) {
                tainted = true;
            }
            Object result;
            try {
                result = method.invoke(entry.statement, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
            if (RESULT_SETS.contains(name)) {
                resultSet = (ResultSet) result;
            }
            return result;
        }

        void end() {
            if (ended) {
                return;
            }
            ended = true;
            entry.lent = false;
            try {
                if (resultSet != null) {
                    resultSet.close();
                }
                entry.statement.clearParameters();
                entry.statement.clearBatch();
            } catch (SQLException e) {
                tainted = true;
            }
            if (tainted || entry.evicted) {
                entries.values().remove(entry);
                entry.closeQuietly();
            }
        }
    }
}
