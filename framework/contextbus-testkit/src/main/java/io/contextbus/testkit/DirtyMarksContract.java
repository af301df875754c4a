package io.contextbus.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.contextbus.error.ValidationException;
import io.contextbus.inbox.ApplyOutcome;
import io.contextbus.inbox.InboxResult;
import io.contextbus.model.ContextName;
import io.contextbus.propagation.DebouncedPropagation;
import io.contextbus.propagation.DirtyMark;
import io.contextbus.propagation.DirtyMarks;
import io.contextbus.propagation.PropagationOptions;
import io.contextbus.store.EventStore;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The dirty-marks contract, for a store's {@link DirtyMarks}: a mark written through the inbox
 * transaction commits or rolls back with the applier's other writes, is announced only once
 * committed, survives closing and reopening the store, and is cleared only up to the pushed version;
 * a {@link DebouncedPropagation} started on the reopened store pushes exactly the pending marks.
 *
 * @param <T> the store's inbox transaction handle
 */
@DisplayName("dirty marks contract")
@Timeout(120)
public abstract class DirtyMarksContract<T> {
    private static final ContextName SOURCE = ContextName.of("ordering");

    private final StoreFixture<T> fixture;
    private final BiFunction<EventStore, String, DirtyMarks<T>> marksOf;
    private OpenedStores stores;
    private String location;
    private EventStore store;
    private DirtyMarks<T> marks;

    /** {@code marksOf} gives the marks of a propagation name in a store the fixture opened. */
    protected DirtyMarksContract(StoreFixture<T> fixture, BiFunction<EventStore, String, DirtyMarks<T>> marksOf) {
        this.fixture = fixture;
        this.marksOf = marksOf;
    }

    @BeforeEach
    final void openStore() {
        stores = new OpenedStores(fixture);
        location = fixture.newLocation();
        store = stores.open(location);
        marks = marksOf.apply(store, "carrier");
    }

    @AfterEach
    final void closeStores() {
        stores.close();
    }

    /** Applies commit {@code seq} of {@code entity}'s stream: a marker and the entity's mark, then {@code outcome}. */
    private InboxResult receive(String entity, long seq, ApplyOutcome outcome) {
        return fixture.inbox(store).receive(SOURCE, TestCommits.commit(entity, seq), (source, c, tx) -> {
            fixture.writeMarker(tx, entity + "@" + seq);
            marks.mark(tx, entity, seq);
            return outcome;
        });
    }

    @Test
    @DisplayName("a mark commits with the applier's writes and is announced once committed")
    void a_mark_commits_with_the_state() throws Exception {
        List<DirtyMark> announced = new CopyOnWriteArrayList<>();
        try (AutoCloseable subscription = marks.onMarked(announced::add)) {
            receive("a", 1, ApplyOutcome.APPLIED);
            receive("b", 1, ApplyOutcome.APPLIED);
        }
        assertEquals(List.of(new DirtyMark("a", 1), new DirtyMark("b", 1)), marks.pending());
        assertTrue(fixture.markerExists(store, "a@1"));
        assertEquals(List.of(new DirtyMark("a", 1), new DirtyMark("b", 1)), announced);
    }

    @Test
    @DisplayName("a receive that rolls back leaves neither the applier's writes nor the mark")
    void a_mark_rolls_back_with_the_state() {
        receive("a", 1, ApplyOutcome.APPLIED);
        InboxResult result = receive("a", 2, ApplyOutcome.failed(new IllegalStateException("handler failed")));

        assertInstanceOf(InboxResult.RolledBack.class, result);
        assertEquals(List.of(new DirtyMark("a", 1)), marks.pending());
        assertFalse(fixture.markerExists(store, "a@2"));
    }

    @Test
    @DisplayName("clearing a pushed version never clears a newer mark")
    void clear_keeps_a_newer_mark() {
        receive("a", 1, ApplyOutcome.APPLIED);
        receive("a", 2, ApplyOutcome.APPLIED);

        assertFalse(marks.clear(new DirtyMark("a", 1)));
        assertEquals(List.of(new DirtyMark("a", 2)), marks.pending());
        assertTrue(marks.clear(new DirtyMark("a", 2)));
        assertEquals(List.of(), marks.pending());
        assertFalse(marks.clear(new DirtyMark("a", 2)), "nothing left to clear");
    }

    @Test
    @DisplayName("marks of other propagation names stay apart")
    void names_are_apart() {
        receive("a", 1, ApplyOutcome.APPLIED);
        assertEquals(List.of(), marksOf.apply(store, "other").pending());
        assertThrows(ValidationException.class, () -> marks.mark(null, "a", 1));
    }

    @Test
    @DisplayName("after the store is closed and reopened, a started propagation pushes exactly the pending marks")
    void pending_marks_survive_a_restart() {
        receive("pushed", 1, ApplyOutcome.APPLIED);
        marks.clear(new DirtyMark("pushed", 1));
        for (long seq = 1; seq <= 3; seq++) {
            receive("a", seq, ApplyOutcome.APPLIED);
        }
        receive("b", 1, ApplyOutcome.APPLIED);
        stores.close(store); // before any sink call: as if the process died right after its commits

        store = stores.open(location);
        marks = marksOf.apply(store, "carrier");
        List<String> calls = new CopyOnWriteArrayList<>();
        MovableClock clock = new MovableClock();
        try (DebouncedPropagation<String> propagation = DebouncedPropagation.<String>builder("carrier", marks,
                        entity -> Optional.of("latest"), (entity, version, state) -> calls.add(entity + "@" + version))
                .options(PropagationOptions.DEFAULT.withQuietPeriod(Duration.ofHours(1)).withMaxWait(Duration.ofHours(1))
                        .withPollInterval(Duration.ofMillis(10)))
                .clock(clock).build().start()) {
            Await.until(propagation::isIdle, Duration.ofSeconds(60), "the pending marks pushed");
        }
        assertEquals(List.of("a@3", "b@1"), calls.stream().sorted().toList());
        assertEquals(List.of(), marks.pending());
    }
}
