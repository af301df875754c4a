package io.contextbus.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.contextbus.dispatch.DispatchCheckpointStore;
import io.contextbus.dispatch.DispatchLease;
import io.contextbus.error.LeaseLostException;
import io.contextbus.model.Position;
import io.contextbus.model.StreamId;
import io.contextbus.store.EventStore;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The dispatcher checkpoint contract: one owner holds the lease at a time; the epoch grows each
 * time the lease changes hands; the checkpoint moves only under the current, unexpired lease
 * (otherwise {@link LeaseLostException} and no change); it survives reopening the store.
 * Positions used are real positions read from the store.
 */
@DisplayName("dispatch checkpoint contract")
@Timeout(90)
public abstract class DispatchCheckpointContract {
    private static final Duration LONG = Duration.ofMinutes(5);
    private static final Duration SHORT = Duration.ofMillis(300);
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private final StoreFixture<?> fixture;
    private OpenedStores stores;
    private String location;
    private EventStore store;
    private DispatchCheckpointStore checkpoints;

    protected DispatchCheckpointContract(StoreFixture<?> fixture) {
        this.fixture = fixture;
    }

    @BeforeEach
    final void openStore() {
        stores = new OpenedStores(fixture);
        location = fixture.newLocation();
        store = stores.open(location);
        checkpoints = fixture.checkpoints(store);
    }

    @AfterEach
    final void closeStores() {
        stores.close();
    }

    @Test
    @DisplayName("a held lease is exclusive: a second owner cannot take it, the holder can renew and re-acquire it")
    void exclusiveLease() {
        DispatchLease a = checkpoints.tryAcquireLease("dispatcher-a", LONG).orElseThrow();

        assertEquals("dispatcher-a", a.owner());
        assertEquals(Optional.empty(), checkpoints.tryAcquireLease("dispatcher-b", LONG), "b cannot take a's lease");
        DispatchLease renewed = checkpoints.renewLease(a, LONG);
        assertEquals(a.epoch(), renewed.epoch(), "renewing keeps the epoch");
        assertTrue(!renewed.expiresAt().isBefore(a.expiresAt()), "renewing does not shorten the lease");
        DispatchLease again = checkpoints.tryAcquireLease("dispatcher-a", LONG).orElseThrow();
        assertTrue(again.epoch() >= a.epoch(), "re-acquiring a held lease never lowers the epoch");
    }

    @Test
    @DisplayName("after release another owner takes the lease at once with a higher epoch; the old lease is fenced off")
    void releaseHandsOver() {
        Position p1 = positionAfterCommits(2);
        DispatchLease a = checkpoints.tryAcquireLease("dispatcher-a", LONG).orElseThrow();
        checkpoints.advanceCheckpoint(a, p1);

        checkpoints.releaseLease(a);
        DispatchLease b = checkpoints.tryAcquireLease("dispatcher-b", LONG).orElseThrow();

        assertTrue(b.epoch() > a.epoch(), "the epoch grows when the lease changes hands");
        Position p2 = positionAfterCommits(2);
        assertThrows(LeaseLostException.class, () -> checkpoints.advanceCheckpoint(a, p2));
        assertThrows(LeaseLostException.class, () -> checkpoints.renewLease(a, LONG));
        assertEquals(p1, checkpoints.checkpoint(), "a lost lease does not move the checkpoint");
        checkpoints.advanceCheckpoint(b, p2);
        assertEquals(p2, checkpoints.checkpoint());
    }

    @Test
    @DisplayName("an expired lease can be taken by another owner; the stale holder can neither advance nor renew")
    void expiryHandsOver() {
        Position p1 = positionAfterCommits(1);
        DispatchLease a = checkpoints.tryAcquireLease("dispatcher-a", SHORT).orElseThrow();
        checkpoints.advanceCheckpoint(a, p1);

        DispatchLease b = Await.value(() -> checkpoints.tryAcquireLease("dispatcher-b", LONG), PATIENCE,
                "dispatcher-b takes the lease once dispatcher-a's " + SHORT + " lease expired");

        assertTrue(b.epoch() > a.epoch(), "the epoch grows when the lease changes hands");
        Position p2 = positionAfterCommits(1);
        assertThrows(LeaseLostException.class, () -> checkpoints.advanceCheckpoint(a, p2));
        assertThrows(LeaseLostException.class, () -> checkpoints.renewLease(a, LONG));
        assertEquals(p1, checkpoints.checkpoint(), "a stale lease does not move the checkpoint");
    }

    @Test
    @DisplayName("an expired lease no one took cannot advance the checkpoint")
    void expiredLeaseCannotAdvance() {
        DispatchLease a = checkpoints.tryAcquireLease("dispatcher-a", SHORT).orElseThrow();
        Position p1 = positionAfterCommits(1);

        Await.until(() -> {
            try {
                checkpoints.advanceCheckpoint(a, p1);
                return false;
            } catch (LeaseLostException expected) {
                return true;
            }
        }, PATIENCE, "advancing with an expired lease is refused");
        // the advance may have succeeded before expiry; what matters is that expiry fences it off
        assertTrue(checkpoints.checkpoint().equals(p1) || checkpoints.checkpoint().isBeginning());
    }

    @Test
    @DisplayName("the same owner re-acquiring after its own release gets a new epoch; its old lease is stale")
    void staleEpochOfSameOwner() {
        DispatchLease first = checkpoints.tryAcquireLease("dispatcher-a", LONG).orElseThrow();
        checkpoints.releaseLease(first);
        DispatchLease second = checkpoints.tryAcquireLease("dispatcher-a", LONG).orElseThrow();

        assertTrue(second.epoch() > first.epoch());
        Position p = positionAfterCommits(1);
        assertThrows(LeaseLostException.class, () -> checkpoints.advanceCheckpoint(first, p));
        assertEquals(Position.BEGINNING, checkpoints.checkpoint());
        checkpoints.advanceCheckpoint(second, p);
        assertEquals(p, checkpoints.checkpoint());
    }

    @Test
    @DisplayName("the checkpoint starts at BEGINNING and survives reopening the store")
    void checkpointSurvivesReopen() {
        assertEquals(Position.BEGINNING, checkpoints.checkpoint());
        Position p = positionAfterCommits(3);
        DispatchLease a = checkpoints.tryAcquireLease("dispatcher-a", LONG).orElseThrow();
        checkpoints.advanceCheckpoint(a, p);

        stores.close(store);
        EventStore reopened = stores.open(location);

        assertEquals(p, fixture.checkpoints(reopened).checkpoint());
    }

    @Test
    @DisplayName("bad arguments are refused naming the field")
    void badArguments() {
        EventStoreValidation.assertRefused("owner", () -> checkpoints.tryAcquireLease(null, LONG));
        EventStoreValidation.assertRefused("owner", () -> checkpoints.tryAcquireLease(" ", LONG));
        EventStoreValidation.assertRefused("ttl", () -> checkpoints.tryAcquireLease("a", null));
        EventStoreValidation.assertRefused("ttl", () -> checkpoints.tryAcquireLease("a", Duration.ZERO));
        DispatchLease a = checkpoints.tryAcquireLease("a", LONG).orElseThrow();
        EventStoreValidation.assertRefused("lease", () -> checkpoints.advanceCheckpoint(null, Position.BEGINNING));
        EventStoreValidation.assertRefused("position", () -> checkpoints.advanceCheckpoint(a, null));
    }

    /** Appends {@code n} commits and returns the position after them, as read from the store. */
    private Position positionAfterCommits(int n) {
        StreamId stream = TestCommits.newStreamId("dispatch");
        for (int i = 1; i <= n; i++) {
            store.append(TestCommits.attempt(stream, i));
        }
        Position p = checkpoints.checkpoint();
        while (true) {
            var page = store.readAll(p, 100);
            if (page.isEmpty()) {
                return p;
            }
            p = page.next();
        }
    }
}
