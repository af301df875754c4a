package io.contextbus.store.sqlite;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * Read-only connections, one per concurrent reader, reused. In WAL mode each read sees the
 * database as of its start and never waits for the writer.
 */
final class ReaderPool implements AutoCloseable {
    /** Opens a new read-only connection. */
    @FunctionalInterface
    interface Opener {
        Connection open() throws SQLException;
    }

    private final Opener opener;
    private final ConcurrentLinkedDeque<Connection> idle = new ConcurrentLinkedDeque<>();
    private final Set<Connection> all = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    ReaderPool(Opener opener) {
        this.opener = opener;
    }

    <R> R read(SqlWork<R> work) throws SQLException {
        if (closed) {
            throw new SQLException("The store is closed.");
        }
        Connection c = idle.pollFirst();
        if (c == null) {
            c = opener.open();
            all.add(c);
        }
        try {
            return work.run(c);
        } finally {
            release(c);
        }
    }

    private void release(Connection c) throws SQLException {
        if (closed) {
            all.remove(c);
            c.close();
        } else {
            idle.addFirst(c);
        }
    }

    @Override
    public void close() {
        closed = true;
        for (Connection c : all) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // closing the store; nothing to do about a connection that will not close
            }
        }
        all.clear();
        idle.clear();
    }
}
