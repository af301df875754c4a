package io.contextbus.store.sqlite;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.contextbus.error.StoreException;
import io.contextbus.inbox.ApplyOutcome;
import io.contextbus.inbox.Inbox;
import io.contextbus.inbox.InboxResult;
import io.contextbus.model.ContextName;
import io.contextbus.testkit.TestCommits;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A receive queued on a closed store is not applied and says so: {@code receiveAsync} hands back a
 * failed future (the consumer abandons the message, which comes back), it does not throw at the
 * caller, and the store's error says that it is closed and that retrying it cannot help.
 */
@DisplayName("SQLite inbox on a closed store")
class SqliteInboxOnClosedStoreTest {
    @TempDir
    Path dir;

    @Test
    @DisplayName("receiveAsync on a closed store fails its future with a non-transient StoreException naming the store")
    void receiveAsyncFailsTheFuture() {
        SqliteEventStore store = SqliteEventStore.open(dir, ContextName.of("shipping"));
        Inbox<Connection> inbox = store.inbox();
        store.close();

        CompletableFuture<InboxResult> result = inbox.receiveAsync(ContextName.of("ordering"),
                TestCommits.commit(TestCommits.newStreamId("closed"), 1), (source, commit, tx) -> ApplyOutcome.APPLIED);

        CompletionException e = assertThrows(CompletionException.class, result::join);
        StoreException cause = assertInstanceOf(StoreException.class, e.getCause());
        assertFalse(cause.isTransient());
        assertTrue(cause.getMessage().contains("is closed"), cause.getMessage());
    }
}
