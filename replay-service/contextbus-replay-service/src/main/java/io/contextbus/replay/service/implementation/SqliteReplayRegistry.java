package io.contextbus.replay.service.implementation;

import io.contextbus.error.StoreException;
import io.contextbus.model.ContextName;
import io.contextbus.model.StreamId;
import io.contextbus.replay.ReplayJson;
import io.contextbus.replay.ReplayRequest;
import io.contextbus.replay.ReplayState;
import io.contextbus.replay.StreamHead;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The replay registry in one SQLite file: requests, states, per source the plan, the count of
 * acknowledged sends and the read cursor after them, the per-stream heads of the plan, errors and
 * runner leases. Progress and cursor are written in one transaction, so after a crash the counts
 * are exactly those of the cursor. One process owns the file: opening it clears the leases a
 * previous (dead) process held, so a restart resumes at once. Thread-safe (one connection,
 * serialised).
 */
final class SqliteReplayRegistry implements ReplayRegistry {
    private static final String TERMINAL = "('COMPLETED','CANCELLED','FAILED','INTERRUPTED')";
    private final Connection db;

    private SqliteReplayRegistry(Connection db) {
        this.db = db;
    }

    static SqliteReplayRegistry open(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA synchronous=FULL");
                s.execute("PRAGMA busy_timeout=10000");
                s.execute("CREATE TABLE IF NOT EXISTS replay (id TEXT PRIMARY KEY, request TEXT NOT NULL,"
                        + " state TEXT NOT NULL, created_at TEXT NOT NULL, started_at TEXT, finished_at TEXT,"
                        + " resumes INTEGER NOT NULL DEFAULT 0)");
                s.execute("CREATE TABLE IF NOT EXISTS replay_source (replay_id TEXT NOT NULL, source TEXT NOT NULL,"
                        + " ord INTEGER NOT NULL, planned INTEGER NOT NULL DEFAULT 0, plan_done INTEGER NOT NULL DEFAULT 0,"
                        + " sent INTEGER NOT NULL DEFAULT 0, cursor TEXT, done INTEGER NOT NULL DEFAULT 0,"
                        + " PRIMARY KEY (replay_id, source))");
                s.execute("CREATE TABLE IF NOT EXISTS replay_stream (replay_id TEXT NOT NULL, source TEXT NOT NULL,"
                        + " stream_id TEXT NOT NULL, last_seq INTEGER NOT NULL,"
                        + " PRIMARY KEY (replay_id, source, stream_id)) WITHOUT ROWID");
                s.execute("CREATE TABLE IF NOT EXISTS replay_error (replay_id TEXT NOT NULL, at TEXT NOT NULL,"
                        + " message TEXT NOT NULL)");
                addLeaseColumns(c, s);
                // Only this process uses the file: a lease left by an earlier process is void.
                s.execute("UPDATE replay SET runner = NULL, lease_until = NULL WHERE runner IS NOT NULL");
            }
            return new SqliteReplayRegistry(c);
        } catch (Exception e) {
            throw new StoreException("Could not open the replay registry " + file + ": " + e, false, e);
        }
    }

    /** Files written before leases existed get the two columns. */
    private static void addLeaseColumns(Connection c, Statement s) throws SQLException {
        boolean present = false;
        try (ResultSet r = s.executeQuery("PRAGMA table_info(replay)")) {
            while (r.next()) {
                present |= r.getString("name").equals("runner");
            }
        }
        if (!present) {
            s.execute("ALTER TABLE replay ADD COLUMN runner TEXT");
            s.execute("ALTER TABLE replay ADD COLUMN lease_until INTEGER");
        }
    }

    @Override
    public synchronized void create(String id, ReplayRequest request, Instant now) {
        inTransaction(() -> {
            try (PreparedStatement p = db.prepareStatement(
                    "INSERT INTO replay (id, request, state, created_at) VALUES (?, ?, 'QUEUED', ?)")) {
                p.setString(1, id);
                p.setString(2, ReplayJson.writeRequest(request));
                p.setString(3, now.toString());
                p.executeUpdate();
            }
            try (PreparedStatement p = db.prepareStatement(
                    "INSERT INTO replay_source (replay_id, source, ord) VALUES (?, ?, ?)")) {
                for (int i = 0; i < request.sources().size(); i++) {
                    p.setString(1, id);
                    p.setString(2, request.sources().get(i).value());
                    p.setInt(3, i);
                    p.addBatch();
                }
                p.executeBatch();
            }
        });
    }

    /** Moves a non-terminal replay to {@code state}; false when it was already terminal. */
    @Override
    public synchronized boolean transition(String id, ReplayState state, Instant now) {
        String stamp = state == ReplayState.RUNNING ? ", started_at = COALESCE(started_at, ?)"
                : state.isTerminal() ? ", finished_at = ?" : "";
        String sql = "UPDATE replay SET state = ?" + stamp + " WHERE id = ? AND state NOT IN " + TERMINAL;
        return update(sql, stamp.isEmpty() ? new Object[]{state.name(), id} : new Object[]{state.name(), now.toString(), id}) == 1;
    }

    @Override
    public synchronized void resumed(String id) {
        update("UPDATE replay SET resumes = resumes + 1 WHERE id = ?", id);
    }

    @Override
    public synchronized void error(String id, Instant at, String message) {
        update("INSERT INTO replay_error (replay_id, at, message) VALUES (?, ?, ?)", id, at.toString(), message);
    }

    /** Records a source's finished plan: its commit count and each planned stream's last sequence. */
    @Override
    public synchronized void savePlan(String id, ContextName source, long planned, Map<StreamId, Long> heads) {
        inTransaction(() -> {
            update("DELETE FROM replay_stream WHERE replay_id = ? AND source = ?", id, source.value());
            try (PreparedStatement p = db.prepareStatement(
                    "INSERT INTO replay_stream (replay_id, source, stream_id, last_seq) VALUES (?, ?, ?, ?)")) {
                for (Map.Entry<StreamId, Long> h : heads.entrySet()) {
                    p.setString(1, id);
                    p.setString(2, source.value());
                    p.setString(3, h.getKey().value());
                    p.setLong(4, h.getValue());
                    p.addBatch();
                }
                p.executeBatch();
            }
            update("UPDATE replay_source SET planned = ?, plan_done = 1, done = ? WHERE replay_id = ? AND source = ?",
                    planned, planned == 0 ? 1 : 0, id, source.value());
        });
    }

    @Override
    public synchronized boolean saveProgress(String id, ContextName source, String cursor, long sentDelta, boolean done,
                                             String runner) {
        String fence = runner == null ? "" : " AND EXISTS (SELECT 1 FROM replay WHERE id = ? AND runner = ?)";
        Object[] args = runner == null ? new Object[]{cursor, sentDelta, done ? 1 : 0, id, source.value()}
                : new Object[]{cursor, sentDelta, done ? 1 : 0, id, source.value(), id, runner};
        boolean written = update("UPDATE replay_source SET cursor = ?, sent = sent + ?, done = ? WHERE replay_id = ?"
                + " AND source = ?" + fence, args) == 1;
        boolean[] terminal = {false};
        query("SELECT state FROM replay WHERE id = ?", r -> terminal[0] = ReplayState.valueOf(r.getString(1)).isTerminal(), id);
        return written && !terminal[0];
    }

    @Override
    public synchronized boolean claim(String id, String runner, Instant now, Duration ttl) {
        return update("UPDATE replay SET runner = ?, lease_until = ? WHERE id = ? AND state NOT IN " + TERMINAL
                        + " AND (runner IS NULL OR runner = ? OR lease_until <= ?)",
                runner, now.plus(ttl).toEpochMilli(), id, runner, now.toEpochMilli()) == 1;
    }

    @Override
    public synchronized boolean renew(String id, String runner, Instant now, Duration ttl) {
        return update("UPDATE replay SET lease_until = ? WHERE id = ? AND runner = ? AND state NOT IN " + TERMINAL,
                now.plus(ttl).toEpochMilli(), id, runner) == 1;
    }

    @Override
    public synchronized void release(String id, String runner) {
        update("UPDATE replay SET runner = NULL, lease_until = NULL WHERE id = ? AND runner = ?", id, runner);
    }

    @Override
    public synchronized Map<StreamId, Long> heads(String id, ContextName source) {
        Map<StreamId, Long> heads = new HashMap<>();
        query("SELECT stream_id, last_seq FROM replay_stream WHERE replay_id = ? AND source = ?",
                r -> heads.put(StreamId.of(r.getString(1)), r.getLong(2)), id, source.value());
        return heads;
    }

    /** Up to {@code limit} planned stream heads of one source, in stream id order after {@code after}. */
    @Override
    public synchronized List<StreamHead> heads(String id, ContextName source, String after, int limit) {
        List<StreamHead> heads = new ArrayList<>();
        query("SELECT stream_id, last_seq FROM replay_stream WHERE replay_id = ? AND source = ? AND stream_id > ?"
                        + " ORDER BY stream_id LIMIT ?",
                r -> heads.add(new StreamHead(source, StreamId.of(r.getString(1)), r.getLong(2))),
                id, source.value(), after, limit);
        return heads;
    }

    @Override
    public synchronized Optional<StoredReplay> find(String id) {
        List<StoredReplay> found = load("WHERE id = ?", id);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    /** The newest {@code limit} replays, newest first. */
    @Override
    public synchronized List<StoredReplay> list(int limit) {
        return load("ORDER BY rowid DESC LIMIT ?", limit);
    }

    @Override
    public synchronized List<StoredReplay> unfinished() {
        return load("WHERE state NOT IN " + TERMINAL + " ORDER BY rowid");
    }

    @Override
    public synchronized void close() {
        try {
            db.close();
        } catch (SQLException e) {
            throw new StoreException("Could not close the replay registry: " + e, false, e);
        }
    }

    private List<StoredReplay> load(String where, Object... args) {
        List<String[]> rows = new ArrayList<>();
        query("SELECT id, request, state, created_at, started_at, finished_at, resumes, runner, lease_until FROM replay "
                        + where,
                r -> rows.add(new String[]{r.getString(1), r.getString(2), r.getString(3), r.getString(4),
                        r.getString(5), r.getString(6), r.getString(7), r.getString(8), r.getString(9)}), args);
        List<StoredReplay> replays = new ArrayList<>(rows.size());
        for (String[] r : rows) {
            List<StoredReplay.Source> sources = new ArrayList<>();
            query("SELECT source, planned, plan_done, sent, cursor, done FROM replay_source WHERE replay_id = ? ORDER BY ord",
                    s -> sources.add(new StoredReplay.Source(ContextName.of(s.getString(1)), s.getLong(2), s.getInt(3) == 1,
                            s.getLong(4), Optional.ofNullable(s.getString(5)), s.getInt(6) == 1)), r[0]);
            List<String> errors = new ArrayList<>();
            query("SELECT at, message FROM replay_error WHERE replay_id = ? ORDER BY rowid",
                    e -> errors.add(e.getString(1) + " " + e.getString(2)), r[0]);
            replays.add(new StoredReplay(r[0], ReplayJson.readRequest(r[1]), ReplayState.valueOf(r[2]), Instant.parse(r[3]),
                    Optional.ofNullable(r[4]).map(Instant::parse), Optional.ofNullable(r[5]).map(Instant::parse),
                    Integer.parseInt(r[6]), sources, errors, Optional.ofNullable(r[7]),
                    Optional.ofNullable(r[8]).map(m -> Instant.ofEpochMilli(Long.parseLong(m)))));
        }
        return replays;
    }

    private interface RowReader {
        void read(ResultSet row) throws SQLException;
    }

    private interface Work {
        void run() throws SQLException;
    }

    private void query(String sql, RowReader reader, Object... args) {
        try (PreparedStatement p = prepare(sql, args); ResultSet r = p.executeQuery()) {
            while (r.next()) {
                reader.read(r);
            }
        } catch (SQLException e) {
            throw new StoreException("Replay registry query failed: " + e.getMessage(), true, e);
        }
    }

    private int update(String sql, Object... args) {
        try (PreparedStatement p = prepare(sql, args)) {
            return p.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("Replay registry update failed: " + e.getMessage(), true, e);
        }
    }

    private PreparedStatement prepare(String sql, Object... args) throws SQLException {
        PreparedStatement p = db.prepareStatement(sql);
        for (int i = 0; i < args.length; i++) {
            p.setObject(i + 1, args[i]);
        }
        return p;
    }

    private void inTransaction(Work work) {
        try {
            db.setAutoCommit(false);
            try {
                work.run();
                db.commit();
            } catch (SQLException | RuntimeException e) {
                db.rollback();
                throw e;
            } finally {
                db.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StoreException("Replay registry transaction failed: " + e.getMessage(), true, e);
        }
    }
}
