package io.contextbus.store.sqlite;

import io.contextbus.error.ValidationException;
import io.contextbus.model.StreamId;
import io.contextbus.store.Snapshot;
import io.contextbus.store.SnapshotStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Optional;

/** Snapshots in the context's database; a snapshot must be of a commit the stream holds. */
final class SqliteSnapshots implements SnapshotStore {
    private static final String UPSERT = "INSERT OR REPLACE INTO cb_snapshots"
            + " (stream_id, commit_sequence, stream_revision, schema_version, state) VALUES (?, ?, ?, ?, ?)";
    private static final String LATEST = "SELECT commit_sequence, stream_revision, schema_version, state"
            + " FROM cb_snapshots WHERE stream_id = ? AND commit_sequence <= ? ORDER BY commit_sequence DESC LIMIT 1";

    private final SqliteDatabase db;

    SqliteSnapshots(SqliteDatabase db) {
        this.db = db;
    }

    @Override
    public void saveSnapshot(Snapshot snapshot) {
        ValidationException.requireNonNull(snapshot, "snapshot");
        db.write(tx -> {
            long last = CommitTable.lastSequence(tx, snapshot.streamId());
            ValidationException.require(snapshot.commitSequence() <= last, "commitSequence", "is "
                    + snapshot.commitSequence() + " but stream '" + snapshot.streamId() + "' ends at " + last
                    + "; a snapshot must be of a stored commit.");
            PreparedStatement ps = tx.prepare(UPSERT);
            ps.setString(1, snapshot.streamId().value());
            ps.setLong(2, snapshot.commitSequence());
            ps.setLong(3, snapshot.streamRevision());
            ps.setInt(4, snapshot.schemaVersion());
            ps.setString(5, snapshot.state());
            ps.executeUpdate();
            return null;
        });
    }

    @Override
    public Optional<Snapshot> latestSnapshot(StreamId streamId, long maxCommitSequence) {
        ValidationException.requireNonNull(streamId, "streamId");
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(LATEST)) {
                ps.setString(1, streamId.value());
                ps.setLong(2, maxCommitSequence);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    return Optional.of(new Snapshot(streamId, rs.getLong(1), rs.getLong(2), rs.getInt(3), rs.getString(4)));
                }
            }
        });
    }
}
