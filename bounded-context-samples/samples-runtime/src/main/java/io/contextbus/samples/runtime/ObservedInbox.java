package io.contextbus.samples.runtime;

import io.contextbus.inbox.CommitApplier;
import io.contextbus.inbox.Inbox;
import io.contextbus.inbox.InboxResult;
import io.contextbus.model.Commit;
import io.contextbus.model.ContextName;
import io.contextbus.model.StreamId;
import io.contextbus.store.sqlite.SqliteEventStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.LongAdder;

/**
 * The store's inbox, observed: every applied commit is also written to an applied log (source,
 * stream, sequence, in apply order) inside the same transaction, and the outcomes are counted.
 * The log is what lets the demo prove "each commit applied once, in order" from the outside;
 * it is a decorator over the public {@link Inbox} port, not part of the framework.
 */
public final class ObservedInbox implements Inbox<Connection> {
    private final Inbox<Connection> inbox;
    private final SqliteEventStore store;
    private final LongAdder applied = new LongAdder();
    private final LongAdder duplicates = new LongAdder();
    private final LongAdder stashed = new LongAdder();

    public ObservedInbox(SqliteEventStore store) {
        this.store = store;
        this.inbox = store.inbox();
        store.write(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS sample_applied_log (n INTEGER PRIMARY KEY AUTOINCREMENT,"
                        + " source TEXT NOT NULL, stream TEXT NOT NULL, seq INTEGER NOT NULL)");
            }
            return null;
        });
    }

    @Override
    public InboxResult receive(ContextName source, Commit commit, CommitApplier<Connection> applier) {
        return count(inbox.receive(source, commit, logged(applier)));
    }

    @Override
    public CompletableFuture<InboxResult> receiveAsync(ContextName source, Commit commit, CommitApplier<Connection> applier) {
        return inbox.receiveAsync(source, commit, logged(applier)).thenApply(this::count);
    }

    private static CommitApplier<Connection> logged(CommitApplier<Connection> applier) {
        return (src, c, tx) -> {
            log(tx, src, c);
            applier.apply(src, c, tx);
        };
    }

    private InboxResult count(InboxResult result) {
        if (result instanceof InboxResult.Applied a) {
            applied.add(a.applied().size());
        } else if (result instanceof InboxResult.Duplicate) {
            duplicates.increment();
        } else {
            stashed.increment();
        }
        return result;
    }

    private static void log(Connection tx, ContextName source, Commit commit) throws java.sql.SQLException {
        try (PreparedStatement p = tx.prepareStatement("INSERT INTO sample_applied_log (source, stream, seq) VALUES (?, ?, ?)")) {
            p.setString(1, source.value());
            p.setString(2, commit.streamId().value());
            p.setLong(3, commit.commitSequence());
            p.executeUpdate();
        }
    }

    @Override
    public long lastApplied(ContextName source, StreamId streamId) {
        return inbox.lastApplied(source, streamId);
    }

    @Override
    public List<Commit> stashed(ContextName source, StreamId streamId) {
        return inbox.stashed(source, streamId);
    }

    /** Counters since this process started: commits applied, duplicates dropped, commits stashed. */
    public Map<String, Long> counters() {
        return Map.of("applied", applied.sum(), "duplicatesDropped", duplicates.sum(), "stashed", stashed.sum());
    }

    /** The applied log after entry {@code after}, at most {@code max} entries: [n, source, stream, seq]. */
    public List<List<Object>> log(long after, int max) {
        return store.read(c -> {
            List<List<Object>> out = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT n, source, stream, seq FROM sample_applied_log WHERE n > ? ORDER BY n LIMIT ?")) {
                p.setLong(1, after);
                p.setInt(2, max);
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        out.add(List.of(r.getLong(1), r.getString(2), r.getString(3), r.getLong(4)));
                    }
                }
            }
            return out;
        });
    }
}
