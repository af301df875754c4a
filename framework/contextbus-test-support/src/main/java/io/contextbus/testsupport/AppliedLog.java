package io.contextbus.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.contextbus.handler.EventContext;
import io.contextbus.handler.HandlerResult;
import io.contextbus.model.EventMessage;
import io.contextbus.store.sqlite.SqliteEventStore;
import io.contextbus.testkit.Await;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

/**
 * A consumer's read model in the tests: one row per applied commit, written by the handler in the
 * inbox's transaction, in apply order. No unique key on purpose: a commit applied twice shows twice,
 * out of order shows out of order. Waits and failures name the streams still short.
 */
public final class AppliedLog {
    private final SqliteEventStore store;

    /** A log in {@code store}'s database (the consumer's store, so that it shares the inbox transaction). */
    public AppliedLog(SqliteEventStore store) {
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
    public HandlerResult record(EventMessage event, EventContext<Connection> ctx) throws Exception {
        if (ctx.eventIndex() == 0) {
            try (PreparedStatement p = ctx.transaction().prepareStatement("INSERT INTO applied (stream, seq) VALUES (?, ?)")) {
                p.setString(1, ctx.streamId().value());
                p.setLong(2, ctx.commitSequence());
                p.executeUpdate();
            }
        }
        return HandlerResult.HANDLED;
    }

    /** Commits applied, all streams. */
    public long count() {
        return store.read(c -> {
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT COUNT(*) FROM applied")) {
                r.next();
                return r.getLong(1);
            }
        });
    }

    /** Per stream, the sequences in the order they were applied. */
    public Map<String, List<Long>> byStream() {
        return store.read(c -> {
            Map<String, List<Long>> all = new LinkedHashMap<>();
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT stream, seq FROM applied ORDER BY id")) {
                while (r.next()) {
                    all.computeIfAbsent(r.getString(1), k -> new ArrayList<>()).add(r.getLong(2));
                }
            }
            return all;
        });
    }

    /** The sequences of {@code stream} in the order they were applied. */
    public List<Long> of(String stream) {
        return byStream().getOrDefault(stream, List.of());
    }

    /**
     * For a wait's failure message: how many commits are applied and, of {@code streams} x
     * 1..{@code commits}, which are still missing (the first ten streams with their sequences).
     */
    public String progress(List<String> streams, int commits) {
        Map<String, List<Long>> applied = byStream();
        List<String> missing = new ArrayList<>();
        int missingStreams = 0;
        for (String stream : streams) {
            List<Long> seqs = applied.getOrDefault(stream, List.of());
            List<Long> lacking = LongStream.rangeClosed(1, commits).filter(seq -> !seqs.contains(seq)).boxed().toList();
            if (!lacking.isEmpty()) {
                missingStreams++;
                if (missing.size() < 10) {
                    missing.add(stream + " lacks " + lacking);
                }
            }
        }
        return "applied " + count() + "; " + missingStreams + " stream(s) incomplete"
                + (missing.isEmpty() ? "" : ", e.g. " + missing);
    }

    /** True once every stream holds at least {@code commits} applied commits. */
    public boolean reached(List<String> streams, int commits) {
        Map<String, List<Long>> all = byStream();
        return streams.stream().allMatch(s -> all.getOrDefault(s, List.of()).size() >= commits);
    }

    /**
     * Waits until every stream holds {@code commits} applied commits; on timeout the error lists the
     * streams still short and what they hold, so a lost or stuck commit is named, not just late.
     */
    public void awaitAll(List<String> streams, int commits, Duration patience, String what) {
        try {
            Await.until(() -> reached(streams, commits), patience, what);
        } catch (AssertionError e) {
            Map<String, List<Long>> all = byStream();
            List<String> lagging = streams.stream().filter(s -> all.getOrDefault(s, List.of()).size() < commits)
                    .map(s -> s + "=" + all.getOrDefault(s, List.of())).toList();
            throw new AssertionError(e.getMessage() + "; " + lagging.size() + " of " + streams.size()
                    + " streams hold fewer than " + commits + " applied commits (first 10: "
                    + lagging.subList(0, Math.min(10, lagging.size())) + ")", e);
        }
    }

    /** Every stream applied exactly once per commit, 1..commits, in order, and no other stream. */
    public void assertEachOnceInOrder(List<String> streams, int commits) {
        Map<String, List<Long>> applied = byStream();
        List<Long> expected = LongStream.rangeClosed(1, commits).boxed().toList();
        for (String stream : streams) {
            assertEquals(expected, applied.getOrDefault(stream, List.of()), "applied sequences of stream " + stream);
        }
        assertEquals(streams.size(), applied.size(), "streams applied");
    }
}
