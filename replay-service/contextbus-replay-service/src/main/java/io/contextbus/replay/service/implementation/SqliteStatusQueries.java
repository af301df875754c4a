package io.contextbus.replay.service.implementation;

import io.contextbus.replay.service.implementation.StatusSnapshot.DispatchLag;
import io.contextbus.store.sqlite.SqliteEventStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The status figures of a context whose store is a SQLite file, read through the store's read-only
 * connection from the tables the store keeps them in: the commits' global positions, the
 * dispatcher's checkpoint row, the inbox and its stash. Every query is a read; a context's file is
 * opened read-only by {@code ConfiguredSourceStores} anyway.
 */
final class SqliteStatusQueries {
    private SqliteStatusQueries() {
    }

    /** Head position, checkpoint, and commits stored after the checkpoint (positions are row ids). */
    static DispatchLag dispatch(SqliteEventStore store) {
        return store.read(c -> {
            long head;
            long checkpoint;
            try (PreparedStatement ps = c.prepareStatement("SELECT COALESCE(MAX(position), 0) FROM cb_commits");
                 ResultSet rs = ps.executeQuery()) {
                head = rs.next() ? rs.getLong(1) : 0;
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT position FROM cb_dispatch_checkpoint WHERE id = 1");
                 ResultSet rs = ps.executeQuery()) {
                String token = rs.next() ? rs.getString(1) : "";
                checkpoint = token == null || token.isEmpty() ? 0 : Long.parseLong(token);
            }
            long after;
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM cb_commits WHERE position > ?")) {
                ps.setLong(1, checkpoint);
                try (ResultSet rs = ps.executeQuery()) {
                    after = rs.next() ? rs.getLong(1) : 0;
                }
            }
            return StatusMath.dispatchLag(head, checkpoint, after);
        });
    }

    /** Every stream's head commitSequence (read over the (stream, sequence) unique index). */
    static Map<String, Long> streamHeads(SqliteEventStore store) {
        return store.read(c -> {
            Map<String, Long> heads = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT stream_id, MAX(commit_sequence) FROM cb_commits GROUP BY stream_id");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    heads.put(rs.getString(1), rs.getLong(2));
                }
            }
            return heads;
        });
    }

    /** The inbox's last applied commitSequence per stream of {@code source}. */
    static Map<String, Long> lastApplied(SqliteEventStore store, String source) {
        return store.read(c -> {
            Map<String, Long> applied = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT stream_id, last_applied FROM cb_inbox WHERE source = ?")) {
                ps.setString(1, source);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        applied.put(rs.getString(1), rs.getLong(2));
                    }
                }
            }
            return applied;
        });
    }

    /** Commits of {@code source} stashed ahead of a gap. */
    static long stashed(SqliteEventStore store, String source) {
        return store.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM cb_inbox_stash WHERE source = ?")) {
                ps.setString(1, source);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getLong(1) : 0L;
                }
            }
        });
    }

    /**
     * Streams of {@code source} parked behind a commit the consumer cannot apply (ADR 0037); 0 for a
     * store written before holds existed (schema version 1 has no hold table, so nothing is parked).
     */
    static long parked(SqliteEventStore store, String source) {
        return store.read(c -> {
            try (ResultSet t = c.getMetaData().getTables(null, null, "cb_inbox_hold", null)) {
                if (!t.next()) {
                    return 0L;
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT COUNT(*) FROM cb_inbox_hold WHERE source = ? AND state = 'PARKED'")) {
                ps.setString(1, source);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getLong(1) : 0L;
                }
            }
        });
    }

    /** The sources the inbox has applied something from. */
    static Set<String> inboxSources(SqliteEventStore store) {
        return store.read(c -> {
            Set<String> sources = new TreeSet<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT source FROM cb_inbox");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    sources.add(rs.getString(1));
                }
            }
            return sources;
        });
    }
}
