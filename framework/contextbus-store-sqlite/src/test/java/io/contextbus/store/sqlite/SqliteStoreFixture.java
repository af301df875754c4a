package io.contextbus.store.sqlite;

import io.contextbus.codec.CommitLimits;
import io.contextbus.dispatch.DispatchCheckpointStore;
import io.contextbus.inbox.Inbox;
import io.contextbus.model.ContextName;
import io.contextbus.store.EventStore;
import io.contextbus.store.SnapshotStore;
import io.contextbus.testkit.StoreFixture;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.UUID;

/** The SQLite store for the conformance kit: each location is a fresh directory under target/. */
public final class SqliteStoreFixture implements StoreFixture<Connection> {
    private static final Path ROOT = Path.of("target", "sqlite-kit").toAbsolutePath();

    public SqliteStoreFixture() {
    }

    @Override
    public String newLocation() {
        return ROOT.resolve(UUID.randomUUID().toString()).toString();
    }

    @Override
    public EventStore open(String location, ContextName context, CommitLimits limits) {
        return SqliteEventStore.open(SqliteStoreOptions.DEFAULT.withDirectory(Path.of(location)).withLimits(limits), context);
    }

    @Override
    public Inbox<Connection> inbox(EventStore store) {
        return ((SqliteEventStore) store).inbox();
    }

    @Override
    public DispatchCheckpointStore checkpoints(EventStore store) {
        return ((SqliteEventStore) store).checkpoints();
    }

    @Override
    public Optional<SnapshotStore> snapshots(EventStore store) {
        return Optional.of(((SqliteEventStore) store).snapshots());
    }

    @Override
    public void writeMarker(Connection transaction, String key) throws SQLException {
        try (Statement s = transaction.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS kit_marker (key TEXT PRIMARY KEY)");
        }
        try (PreparedStatement ps = transaction.prepareStatement("INSERT INTO kit_marker (key) VALUES (?)")) {
            ps.setString(1, key);
            ps.executeUpdate();
        }
    }

    @Override
    public boolean markerExists(EventStore store, String key) {
        return ((SqliteEventStore) store).read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'kit_marker'");
                 ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return false;
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM kit_marker WHERE key = ?")) {
                ps.setString(1, key);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }
}
