package io.contextbus.store.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.contextbus.inbox.ApplyOutcome;
import io.contextbus.inbox.CommitApplier;
import io.contextbus.inbox.Inbox;
import io.contextbus.inbox.InboxResult;
import io.contextbus.model.ContextName;
import io.contextbus.model.StreamId;
import io.contextbus.testkit.Await;
import io.contextbus.testkit.TestCommits;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Slow handlers cost the store's writer only a bounded transaction: inbox applies that each take
 * 100 ms are committed in groups of about {@code maxGroupTime}, not in one transaction of all of
 * them, and an append of the same context runs while they are still being applied.
 */
@DisplayName("slow inbox applies: bounded group transactions, appends not stuck behind them")
class SqliteSlowAppliesIT {
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final ContextName SOURCE = ContextName.of("ordering");
    private static final int APPLIES = 60;
    /** The handler's own work: what a slow handler (an external call) costs inside the transaction. */
    private static final long HANDLER_MILLIS = 100;

    private SqliteEventStore store;

    @BeforeEach
    void open() {
        Path dir = Path.of("target", "sqlite-it", UUID.randomUUID().toString());
        store = SqliteEventStore.open(SqliteStoreOptions.DEFAULT.withDirectory(dir), ContextName.of("shipping"));
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    @DisplayName("an append returns while 100 ms handlers are applied, and no transaction runs all of them")
    void appendsDoNotWaitBehindSlowHandlers() throws Exception {
        Inbox<Connection> inbox = store.inbox();
        StreamId stream = TestCommits.newStreamId("slow");
        CommitApplier<Connection> slow = (source, commit, tx) -> {
            Thread.sleep(HANDLER_MILLIS);
            return ApplyOutcome.APPLIED;
        };
        // given: 60 commits queued to the inbox, each applied by a 100 ms handler
        List<CompletableFuture<InboxResult>> receives = new ArrayList<>();
        for (int seq = 1; seq <= APPLIES; seq++) {
            receives.add(inbox.receiveAsync(SOURCE, TestCommits.commit(stream, seq), slow));
        }
        Await.until(() -> inbox.lastApplied(SOURCE, stream) >= 3, PATIENCE, "the first applies committed");

        // when: the context appends to one of its own streams meanwhile
        store.append(TestCommits.attempt(TestCommits.newStreamId("own"), 1));

        // then: the append did not wait for the applies queued before it
        long appliedWhenAppended = inbox.lastApplied(SOURCE, stream);
        assertTrue(appliedWhenAppended < APPLIES, "the append returned while handlers were still being applied (applied: "
                + appliedWhenAppended + " of " + APPLIES + ")");
        // and every apply committed, in order, in transactions far shorter than all of them together
        for (CompletableFuture<InboxResult> r : receives) {
            assertTrue(r.get(PATIENCE.toSeconds(), TimeUnit.SECONDS) instanceof InboxResult.Applied);
        }
        assertEquals(APPLIES, inbox.lastApplied(SOURCE, stream));
        Duration longest = store.longestWriteTransaction();
        Duration allOfThem = Duration.ofMillis(APPLIES * HANDLER_MILLIS);
        assertTrue(longest.compareTo(allOfThem.dividedBy(2)) < 0, "longest write transaction " + longest
                + " (bound " + SqliteStoreOptions.DEFAULT_MAX_GROUP_TIME + " plus one handler), all handlers take " + allOfThem);
    }
}
