package io.contextbus.store.sqlite;

import io.contextbus.dispatch.DispatchCheckpointStore;
import io.contextbus.dispatch.DispatchLease;
import io.contextbus.error.LeaseLostException;
import io.contextbus.error.ValidationException;
import io.contextbus.model.Position;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The dispatcher's lease and checkpoint, one row each. Taking a free or expired lease raises the
 * epoch; the checkpoint UPDATE carries the lease's owner, epoch and expiry in its own WHERE clause,
 * so a stale dispatcher cannot move it even across processes.
 */
final class SqliteCheckpoints implements DispatchCheckpointStore {
    private static final String CURRENT = "SELECT owner, epoch, expires_at, released FROM cb_dispatch_lease WHERE id = 1";
    private static final String TAKE = "INSERT INTO cb_dispatch_lease (id, owner, epoch, expires_at, released)"
            + " VALUES (1, ?, ?, ?, 0) ON CONFLICT (id) DO UPDATE SET owner = excluded.owner, epoch = excluded.epoch,"
            + " expires_at = excluded.expires_at, released = 0";
    private static final String RENEW = "UPDATE cb_dispatch_lease SET expires_at = ?"
            + " WHERE id = 1 AND owner = ? AND epoch = ? AND released = 0";
    private static final String RELEASE = "UPDATE cb_dispatch_lease SET released = 1 WHERE id = 1 AND owner = ? AND epoch = ?";
    private static final String ADVANCE = "UPDATE cb_dispatch_checkpoint SET position = ? WHERE id = 1 AND EXISTS ("
            + "SELECT 1 FROM cb_dispatch_lease WHERE id = 1 AND owner = ? AND epoch = ? AND released = 0 AND expires_at > ?)";

    private final SqliteDatabase db;
    private final Clock clock;

    SqliteCheckpoints(SqliteDatabase db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    private record Row(String owner, long epoch, long expiresAt, boolean released) {
        boolean heldAt(long now) {
            return !released && expiresAt > now;
        }
    }

    @Override
    public Optional<DispatchLease> tryAcquireLease(String owner, Duration ttl) {
        ValidationException.requireNonNull(owner, "owner");
        ValidationException.require(!owner.isBlank(), "owner", "cannot be blank.");
        requireTtl(ttl);
        return db.write(tx -> {
            long now = clock.millis();
            Row row = current(tx);
            if (row != null && row.heldAt(now) && !row.owner().equals(owner)) {
                return Optional.empty();
            }
            long epoch = row == null ? 1 : row.heldAt(now) ? row.epoch() : row.epoch() + 1;
            long expires = now + ttl.toMillis();
            PreparedStatement ps = tx.prepare(TAKE);
            ps.setString(1, owner);
            ps.setLong(2, epoch);
            ps.setLong(3, expires);
            ps.executeUpdate();
            return Optional.of(new DispatchLease(owner, epoch, Instant.ofEpochMilli(expires)));
        });
    }

    @Override
    public DispatchLease renewLease(DispatchLease lease, Duration ttl) {
        ValidationException.requireNonNull(lease, "lease");
        requireTtl(ttl);
        return db.write(tx -> {
            long expires = clock.millis() + ttl.toMillis();
            PreparedStatement ps = tx.prepare(RENEW);
            ps.setLong(1, expires);
            ps.setString(2, lease.owner());
            ps.setLong(3, lease.epoch());
            if (ps.executeUpdate() == 0) {
                throw lost(lease, "renew");
            }
            return new DispatchLease(lease.owner(), lease.epoch(), Instant.ofEpochMilli(expires));
        });
    }

    @Override
    public void releaseLease(DispatchLease lease) {
        ValidationException.requireNonNull(lease, "lease");
        db.write(tx -> {
            PreparedStatement ps = tx.prepare(RELEASE);
            ps.setString(1, lease.owner());
            ps.setLong(2, lease.epoch());
            ps.executeUpdate();
            return null;
        });
    }

    @Override
    public Position checkpoint() {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT position FROM cb_dispatch_checkpoint WHERE id = 1");
                 ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new Position(rs.getString(1)) : Position.BEGINNING;
            }
        });
    }

    @Override
    public void advanceCheckpoint(DispatchLease lease, Position position) {
        ValidationException.requireNonNull(lease, "lease");
        ValidationException.requireNonNull(position, "position");
        db.write(tx -> {
            PreparedStatement ps = tx.prepare(ADVANCE);
            ps.setString(1, position.token());
            ps.setString(2, lease.owner());
            ps.setLong(3, lease.epoch());
            ps.setLong(4, clock.millis());
            if (ps.executeUpdate() == 0) {
                throw lost(lease, "advance the checkpoint with");
            }
            return null;
        });
    }

    private static Row current(WriteTx tx) throws SQLException {
        try (ResultSet rs = tx.prepare(CURRENT).executeQuery()) {
            return rs.next() ? new Row(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getInt(4) != 0) : null;
        }
    }

    private static void requireTtl(Duration ttl) {
        ValidationException.requireNonNull(ttl, "ttl");
        ValidationException.require(!ttl.isNegative() && !ttl.isZero(), "ttl", "must be positive but was " + ttl + ".");
    }

    private static LeaseLostException lost(DispatchLease lease, String action) {
        return new LeaseLostException("Cannot " + action + " the dispatch lease of '" + lease.owner() + "' (epoch "
                + lease.epoch() + "): it expired and was taken, or was released.");
    }
}
