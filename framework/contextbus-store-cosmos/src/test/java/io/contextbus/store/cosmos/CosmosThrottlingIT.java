package io.contextbus.store.cosmos;

import static io.contextbus.testkit.TestCommits.attempt;
import static io.contextbus.testkit.TestCommits.newStreamId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.contextbus.error.StoreException;
import io.contextbus.model.Commit;
import io.contextbus.model.ContextName;
import io.contextbus.model.StreamId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Throttling (429) injected by the stand-in on transactional batches. The store is configured with
 * 3 SDK retries and 3 attempts of our own, so 4 x 3 = 12 throttled requests exhaust both.
 */
@DisplayName("Cosmos store: throttling")
class CosmosThrottlingIT {
    private CosmosTestTarget target;
    private CosmosStores stores;
    private CosmosEventStore store;
    private final List<Double> charges = new ArrayList<>();

    @BeforeEach
    void open() {
        target = CosmosTestTarget.get();
        assumeTrue(target.isStandIn(), "429s can only be injected into the stand-in");
        stores = CosmosStores.connect(CosmosTestStores.options(CosmosTestStores.newPrefix())
                .metrics((context, operation, ru) -> {
                    if (operation.equals("append")) {
                        synchronized (charges) {
                            charges.add(ru);
                        }
                    }
                }).build());
        store = stores.eventStore(ContextName.of("ordering"));
        store.append(attempt(newStreamId("order"), 1)); // creates the container before faults are armed
        target.faultHits(); // reset nothing, just make sure the channel works
    }

    @AfterEach
    void close() {
        if (stores != null) {
            target.clearFaults();
            stores.close();
        }
    }

    @Test
    @DisplayName("a few 429s are absorbed by the SDK's own retries and the append succeeds")
    void sdkRetriesAbsorbThrottling() {
        StreamId s = newStreamId("order");
        store.append(attempt(s, 1));
        target.clearFaults();
        target.injectFaults(429, 2, "batch");

        Commit c = store.append(attempt(s, 2));

        assertEquals(2, c.commitSequence());
        assertEquals(2, target.faultHits(), "both injected 429s were hit");
        assertEquals(2, store.lastCommitSequence(s));
    }

    @Test
    @DisplayName("more 429s than the SDK retries: our resilience4j retry makes another attempt, which succeeds")
    void ourRetryFollowsTheSdks() {
        StreamId s = newStreamId("order");
        target.clearFaults();
        target.injectFaults(429, 6, "batch");

        Commit c = store.append(attempt(s, 1));

        assertEquals(1, c.commitSequence());
        assertEquals(6, target.faultHits());
        assertEquals(List.of(c), store.readStream(s, 1));
    }

    @Test
    @DisplayName("with every retry exhausted the caller gets a transient StoreException, and nothing is half-written")
    void exhaustedRetriesAreTransientAndWriteNothing() {
        StreamId s = newStreamId("order");
        store.append(attempt(s, 1));
        target.clearFaults();
        target.injectFaults(429, 1000, "batch");

        StoreException e = assertThrows(StoreException.class, () -> store.append(attempt(s, 2)));

        assertTrue(e.isTransient(), "throttling is transient: " + e.getMessage());
        assertTrue(e.getMessage().contains("429"), e.getMessage());
        assertEquals(12, target.faultHits(), "4 SDK attempts x 3 of ours");
        target.clearFaults();
        assertEquals(1, store.lastCommitSequence(s), "the throttled commit left no trace");
        assertEquals(2, store.append(attempt(s, 2)).commitSequence(), "the stream takes commit 2 afterwards");
    }

    @Test
    @DisplayName("each append reports its request charge to the metrics hook")
    void requestChargeReported() {
        int before = charges.size();
        store.append(attempt(newStreamId("order"), 1));
        assertTrue(charges.size() > before, "the metrics hook saw the append");
        assertTrue(charges.get(charges.size() - 1) > 0, "a positive request charge");
    }
}
