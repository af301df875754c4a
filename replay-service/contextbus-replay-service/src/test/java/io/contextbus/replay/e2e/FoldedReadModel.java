package io.contextbus.replay.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.contextbus.handler.EventContext;
import io.contextbus.handler.HandlerResult;
import io.contextbus.model.Commit;
import io.contextbus.model.ContextName;
import io.contextbus.model.EventMessage;
import io.contextbus.model.StreamId;
import io.contextbus.store.EventStore;
import io.contextbus.store.sqlite.SqliteEventStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A consumer's read model in the end-to-end tests: per source stream, the fold of every event it
 * applied ({@code seq:data}, comma-separated, in apply order), written through the inbox
 * transaction. A commit applied twice, skipped, or out of order makes the fold differ from
 * {@link #expected}, the same fold computed from scratch over the source store.
 */
final class FoldedReadModel {
    private final SqliteEventStore store;

    FoldedReadModel(SqliteEventStore store) {
        this.store = store;
        store.write(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS rm_fold (source TEXT NOT NULL, stream TEXT NOT NULL, fold TEXT NOT NULL,"
                        + " PRIMARY KEY (source, stream))");
            }
            return null;
        });
    }

    /** The handler. */
    HandlerResult apply(EventMessage event, EventContext<Connection> ctx) throws Exception {
        try (PreparedStatement p = ctx.transaction().prepareStatement("INSERT INTO rm_fold (source, stream, fold) VALUES (?, ?, ?)"
                + " ON CONFLICT (source, stream) DO UPDATE SET fold = fold || ',' || excluded.fold")) {
            p.setString(1, ctx.source().value());
            p.setString(2, ctx.streamId().value());
            p.setString(3, element(ctx.commitSequence(), event));
            p.executeUpdate();
        }
        return HandlerResult.HANDLED;
    }

    /** Streams folded so far, per stream id, for {@code source}. */
    Map<String, String> folds(ContextName source) {
        return store.read(c -> {
            Map<String, String> folds = new HashMap<>();
            try (PreparedStatement p = c.prepareStatement("SELECT stream, fold FROM rm_fold WHERE source = ?")) {
                p.setString(1, source.value());
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        folds.put(r.getString(1), r.getString(2));
                    }
                }
            }
            return folds;
        });
    }

    /** The fold of every stream of {@code source}'s store, from scratch. */
    static Map<String, String> expected(EventStore source, List<StreamId> streams) {
        Map<String, String> folds = new HashMap<>();
        for (StreamId s : streams) {
            List<Commit> commits = source.readStream(s, 1);
            if (!commits.isEmpty()) {
                folds.put(s.value(), commits.stream()
                        .flatMap(c -> c.events().stream().map(e -> element(c.commitSequence(), e)))
                        .collect(Collectors.joining(",")));
            }
        }
        return folds;
    }

    boolean matches(ContextName source, Map<String, String> expected) {
        return folds(source).equals(expected);
    }

    void assertMatches(ContextName source, Map<String, String> expected) {
        Map<String, String> actual = folds(source);
        for (Map.Entry<String, String> e : expected.entrySet()) {
            assertEquals(e.getValue(), actual.get(e.getKey()), "fold of stream " + e.getKey());
        }
        assertEquals(expected.size(), actual.size(), "streams folded");
    }

    private static String element(long seq, EventMessage e) {
        return seq + ":" + e.data().replace(",", ";");
    }
}
