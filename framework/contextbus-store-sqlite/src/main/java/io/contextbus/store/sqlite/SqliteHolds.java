package io.contextbus.store.sqlite;

import io.contextbus.inbox.Dependency;
import io.contextbus.inbox.SkippedCommit;
import io.contextbus.inbox.StreamHold;
import io.contextbus.model.ContextName;
import io.contextbus.model.StreamId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The rows of {@code cb_inbox_hold} (one per held stream) and {@code cb_inbox_skipped}, read and written. */
final class SqliteHolds {
    private static final String COLUMNS = "source, stream_id, commit_sequence, state, reason, attempts, since_ms,"
            + " dep_source, dep_stream, dep_up_to, deadline_ms";
    private static final String PUT = "INSERT OR REPLACE INTO cb_inbox_hold (" + COLUMNS + ")"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String GET = "SELECT " + COLUMNS + " FROM cb_inbox_hold WHERE source = ? AND stream_id = ?";
    private static final String ALL = "SELECT " + COLUMNS + " FROM cb_inbox_hold ORDER BY since_ms, source, stream_id";
    private static final String DELETE = "DELETE FROM cb_inbox_hold WHERE source = ? AND stream_id = ?";
    private static final String SKIP = "INSERT OR REPLACE INTO cb_inbox_skipped"
            + " (source, stream_id, commit_sequence, skipped_by, why, at_ms) VALUES (?, ?, ?, ?, ?, ?)";
    private static final String ALL_SKIPPED = "SELECT source, stream_id, commit_sequence, skipped_by, why, at_ms"
            + " FROM cb_inbox_skipped ORDER BY at_ms, source, stream_id, commit_sequence";

    private SqliteHolds() {
    }

    static void put(WriteTx tx, StreamHold h) throws SQLException {
        PreparedStatement ps = tx.prepare(PUT);
        ps.setString(1, h.source().value());
        ps.setString(2, h.streamId().value());
        ps.setLong(3, h.commitSequence());
        ps.setString(4, h.state().name());
        ps.setString(5, h.reason());
        ps.setInt(6, h.attempts());
        ps.setLong(7, h.since().toEpochMilli());
        if (h.waitingFor().isPresent()) {
            Dependency d = h.waitingFor().get();
            ps.setString(8, d.source().value());
            ps.setString(9, d.streamId().value());
            ps.setLong(10, d.upTo());
            ps.setLong(11, h.deadline().orElseThrow().toEpochMilli());
        } else {
            ps.setNull(8, Types.VARCHAR);
            ps.setNull(9, Types.VARCHAR);
            ps.setNull(10, Types.INTEGER);
            ps.setNull(11, Types.INTEGER);
        }
        ps.executeUpdate();
    }

    static Optional<StreamHold> get(WriteTx tx, ContextName source, StreamId stream) throws SQLException {
        PreparedStatement ps = tx.prepare(GET);
        ps.setString(1, source.value());
        ps.setString(2, stream.value());
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(read(rs)) : Optional.empty();
        }
    }

    static Optional<StreamHold> get(Connection c, ContextName source, StreamId stream) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(GET)) {
            ps.setString(1, source.value());
            ps.setString(2, stream.value());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    static List<StreamHold> all(Connection c) throws SQLException {
        List<StreamHold> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(ALL); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(read(rs));
            }
        }
        return out;
    }

    static void delete(WriteTx tx, ContextName source, StreamId stream) throws SQLException {
        PreparedStatement ps = tx.prepare(DELETE);
        ps.setString(1, source.value());
        ps.setString(2, stream.value());
        ps.executeUpdate();
    }

    static void recordSkip(WriteTx tx, SkippedCommit s) throws SQLException {
        PreparedStatement ps = tx.prepare(SKIP);
        ps.setString(1, s.source().value());
        ps.setString(2, s.streamId().value());
        ps.setLong(3, s.commitSequence());
        ps.setString(4, s.by());
        ps.setString(5, s.why());
        ps.setLong(6, s.at().toEpochMilli());
        ps.executeUpdate();
    }

    static List<SkippedCommit> skipped(Connection c) throws SQLException {
        List<SkippedCommit> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(ALL_SKIPPED); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new SkippedCommit(ContextName.of(rs.getString(1)), StreamId.of(rs.getString(2)), rs.getLong(3),
                        rs.getString(4), rs.getString(5), Instant.ofEpochMilli(rs.getLong(6))));
            }
        }
        return out;
    }

    private static StreamHold read(ResultSet rs) throws SQLException {
        ContextName source = ContextName.of(rs.getString(1));
        StreamId stream = StreamId.of(rs.getString(2));
        long seq = rs.getLong(3);
        StreamHold.State state = StreamHold.State.valueOf(rs.getString(4));
        Instant since = Instant.ofEpochMilli(rs.getLong(7));
        if (state == StreamHold.State.PARKED) {
            return StreamHold.parked(source, stream, seq, rs.getString(5), rs.getInt(6), since);
        }
        Dependency d = new Dependency(ContextName.of(rs.getString(8)), StreamId.of(rs.getString(9)), rs.getLong(10));
        return StreamHold.waiting(source, stream, seq, rs.getString(5), rs.getInt(6), since, d,
                Instant.ofEpochMilli(rs.getLong(11)));
    }
}
