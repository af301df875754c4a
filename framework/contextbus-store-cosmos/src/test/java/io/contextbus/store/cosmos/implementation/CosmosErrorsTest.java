package io.contextbus.store.cosmos.implementation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.contextbus.error.CommitTooLargeException;
import io.contextbus.error.ContextBusException;
import io.contextbus.error.StoreException;
import io.contextbus.model.StreamId;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("CosmosErrors: the one translator of Cosmos DB statuses")
class CosmosErrorsTest {

    @Test
    @DisplayName("statuses whose meaning depends on the call are classified, not translated")
    void contextualStatuses() {
        assertEquals(CosmosErrors.Kind.CONFLICT, CosmosErrors.kind(409));
        assertEquals(CosmosErrors.Kind.CONDITION_FAILED, CosmosErrors.kind(412));
        assertEquals(CosmosErrors.Kind.NOT_FOUND, CosmosErrors.kind(404));
        assertEquals(CosmosErrors.Kind.FAILED_DEPENDENCY, CosmosErrors.kind(424));
        assertEquals(CosmosErrors.Kind.TOO_LARGE, CosmosErrors.kind(413));
    }

    @ParameterizedTest
    @ValueSource(ints = {429, 503, 408, 410, 449, 500})
    @DisplayName("throttling, timeouts and outages become a transient StoreException")
    void transientStatuses(int status) {
        ContextBusException e = CosmosErrors.translate(status, 3200, "append", StreamId.of("s"), -1, null);
        assertInstanceOf(StoreException.class, e);
        assertTrue(e.isTransient());
        assertTrue(e.getMessage().contains("status=" + status) && e.getMessage().contains("stream=s"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 401, 403})
    @DisplayName("bad requests and missing permissions are not transient")
    void permanentStatuses(int status) {
        ContextBusException e = CosmosErrors.translate(status, 0, "append", null, -1, null);
        assertInstanceOf(StoreException.class, e);
        assertFalse(e.isTransient());
    }

    @Test
    @DisplayName("413 on a stream's write is a refused commit naming its size and the item limit")
    void tooLarge() {
        ContextBusException e = CosmosErrors.translate(413, 0, "append", StreamId.of("s"), 3_000_000, null);
        CommitTooLargeException tooLarge = assertInstanceOf(CommitTooLargeException.class, e);
        assertEquals(3_000_000, tooLarge.sizeBytes());
        assertEquals(CosmosErrors.MAX_ITEM_BYTES, tooLarge.limitBytes());
        assertFalse(e.isTransient());
    }
}
