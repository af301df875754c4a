package io.contextbus.samples.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.contextbus.handler.EventContext;
import io.contextbus.handler.HandlerResult;
import io.contextbus.handler.Handlers;
import io.contextbus.inbox.Inbox;
import io.contextbus.inbox.InboxResult;
import io.contextbus.model.Commit;
import io.contextbus.model.ContextName;
import io.contextbus.model.EventMessage;
import io.contextbus.model.StreamId;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The applied log as a handler decorator, against the real SQLite inbox: an applied commit is
 * recorded through the inbox transaction, a rolled-back one is not, and a stashed commit the inbox
 * applies when its gap fills is recorded too.
 */
class AppliedLogDecoratorTest {
    private static final ContextName SOURCE = ContextName.of("other");

    @TempDir
    Path dir;
    SqliteStorage storage;
    Inbox<Connection> inbox;
    AppliedLogDecorator<Connection> log;
    Handlers<Connection> handlers;
    /** Sequences whose handler asks for a retry. */
    final Set<Long> refused = new HashSet<>();

    @BeforeEach
    void open() throws Exception {
        storage = new SqliteStorage(dir, ContextName.of("test"));
        storage.store().write(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE handled (seq INTEGER)");
            }
            return null;
        });
        inbox = storage.inbox();
        log = new AppliedLogDecorator<>(storage.appliedLog());
        handlers = Handlers.<Connection>builder()
                .on("other.Happened", (EventMessage e, EventContext<Connection> ctx) -> {
                    if (refused.contains(ctx.commitSequence())) {
                        return HandlerResult.retry("refused " + ctx.commitSequence());
                    }
                    try (PreparedStatement p = ctx.transaction().prepareStatement("INSERT INTO handled VALUES (?)")) {
                        p.setLong(1, ctx.commitSequence());
                        p.executeUpdate();
                    }
                    return HandlerResult.HANDLED;
                })
                .decorate(log)
                .build();
    }

    @AfterEach
    void close() {
        storage.close();
    }

    @Test
    void an_applied_commit_is_recorded_once_with_the_handlers_writes() {
        assertInstanceOf(InboxResult.Applied.class, inbox.receive(SOURCE, commit(1), handlers));
        assertInstanceOf(InboxResult.Duplicate.class, inbox.receive(SOURCE, commit(1), handlers));

        assertEquals(List.of(entry(1, 1)), log.read(0, 10));
        assertEquals(List.of(1L), handled());
        assertEquals(1, log.applied());
    }

    @Test
    void a_rolled_back_commit_is_not_recorded() {
        refused.add(1L);

        assertInstanceOf(InboxResult.RolledBack.class, inbox.receive(SOURCE, commit(1), handlers));

        assertEquals(List.of(), log.read(0, 10));
        assertEquals(List.of(), handled());
        assertEquals(0, log.applied());
        assertEquals(0, inbox.lastApplied(SOURCE, StreamId.of("s1")));
    }

    @Test
    void stashed_commits_applied_when_the_gap_fills_are_each_recorded_in_apply_order() {
        assertInstanceOf(InboxResult.Stashed.class, inbox.receive(SOURCE, commit(3), handlers));
        assertInstanceOf(InboxResult.Stashed.class, inbox.receive(SOURCE, commit(2), handlers));
        assertEquals(List.of(), log.read(0, 10), "a stashed commit is not applied yet");

        InboxResult filled = inbox.receive(SOURCE, commit(1), handlers);

        assertEquals(3, assertInstanceOf(InboxResult.Applied.class, filled).applied().size());
        assertEquals(List.of(entry(1, 1), entry(2, 2), entry(3, 3)), log.read(0, 10));
        assertEquals(List.of(entry(3, 3)), log.read(2, 10));
        assertEquals(List.of(1L, 2L, 3L), handled());
    }

    @Test
    void the_entry_is_written_through_the_inbox_transaction_and_rolls_back_with_it() {
        // commit 1 is applied (and recorded) first, then the stashed commit 2 it unblocks is refused:
        // the whole receive rolls back, the entry of commit 1 with it
        assertInstanceOf(InboxResult.Stashed.class, inbox.receive(SOURCE, commit(2), handlers));
        refused.add(2L);

        InboxResult result = inbox.receive(SOURCE, commit(1), handlers);

        assertEquals(2, assertInstanceOf(InboxResult.RolledBack.class, result).commit().commitSequence());
        assertEquals(List.of(), log.read(0, 10));
        assertEquals(List.of(), handled());

        refused.clear();
        assertInstanceOf(InboxResult.Applied.class, inbox.receive(SOURCE, commit(1), handlers));
        assertEquals(List.of(entry(1, 1), entry(2, 2)), log.read(0, 10));
        assertEquals(List.of(1L, 2L), handled());
    }

    private static List<Object> entry(long n, long seq) {
        return List.of(n, SOURCE.value(), "s1", seq);
    }

    private List<Long> handled() {
        return storage.store().read(c -> {
            List<Long> out = new ArrayList<>();
            try (Statement s = c.createStatement(); var r = s.executeQuery("SELECT seq FROM handled ORDER BY rowid")) {
                while (r.next()) {
                    out.add(r.getLong(1));
                }
            }
            return out;
        });
    }

    private static Commit commit(long seq) {
        return new Commit(StreamId.of("s1"), seq, seq, UUID.randomUUID(), Instant.now(), Map.of(),
                List.of(EventMessage.of("other.Happened", 1, "{}")));
    }
}
