package io.contextbus.emulatortests;

import io.contextbus.handler.EventContext;
import io.contextbus.handler.HandlerResult;
import io.contextbus.model.EventMessage;
import io.contextbus.store.sqlite.SqliteEventStore;
import io.contextbus.testkit.Await;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A consumer's read model: one row per applied commit, written by the handler in the inbox's
 * transaction, in apply order. No unique key: a commit applied twice shows twice, out of order
 * shows out of order.
 */
final class AppliedLog {
    private final SqliteEventStore store;

    AppliedLog(SqliteEventStore store) {
        this.store = store;
        store.write(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS applied (id INTEGER PRIMARY KEY AUTOINCREMENT, "
                        + "stream TEXT NOT NULL, seq INTEGER NOT NULL)");
            }
            return null;
        });
    }

    /** The handler: records the commit once per commit (at its first event). */
    HandlerResult record(EventMessage event, EventContext<Connection> ctx) throws Exception {
        if (ctx.eventIndex() == 0) {
            try (PreparedStatement p = ctx.transaction().prepareStatement(
                    "INSERT INTO applied (stream, seq) VALUES (?, ?)")) {
                p.setString(1, ctx.streamId().value());
                p.setLong(2, ctx.commitSequence());
                p.executeUpdate();
            }
        }
        return HandlerResult.HANDLED;
    }

    /** Per stream, the sequences in the order they were applied. */
    Map<String, List<Long>> byStream() {
        return store.read(c -> {
            Map<String, List<Long>> all = new LinkedHashMap<>();
            try (Statement s = c.createStatement();
                 ResultSet r = s.executeQuery("SELECT stream, seq FROM applied ORDER BY id")) {
                while (r.next()) {
                    all.computeIfAbsent(r.getString(1), k -> new ArrayList<>()).add(r.getLong(2));
                }
            }
            return all;
        });
    }

    List<Long> of(String stream) {
        return byStream().getOrDefault(stream, List.of());
    }

    /**
     * Waits until every stream holds {@code commits} applied commits; on timeout the error lists the
     * streams still short and what they hold, so a lost or stuck commit is named, not just late.
     */
    void awaitAll(List<String> streams, int commits, String what) {
        try {
            Await.until(() -> reached(streams, commits), SystemContexts.PATIENCE, what);
        } catch (AssertionError e) {
            Map<String, List<Long>> all = byStream();
            List<String> lagging = streams.stream().filter(s -> all.getOrDefault(s, List.of()).size() < commits)
                    .map(s -> s + "=" + all.getOrDefault(s, List.of())).toList();
            throw new AssertionError(e.getMessage() + "; " + lagging.size() + " of " + streams.size()
                    + " streams hold fewer than " + commits + " applied commits (first 10: "
                    + lagging.subList(0, Math.min(10, lagging.size())) + ")", e);
        }
    }

    /** True once every stream holds at least {@code commits} applied commits. */
    boolean reached(List<String> streams, int commits) {
        Map<String, List<Long>> all = byStream();
        return streams.stream().allMatch(s -> all.getOrDefault(s, List.of()).size() >= commits);
    }
}
