package io.contextbus.dispatch;

import io.contextbus.model.ContextName;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.AfterEach;

/**
 * What the dispatcher's unit tests run on: an in-memory store, checkpoint store and recording
 * publisher; every dispatcher a test starts is closed after it.
 */
abstract class DispatcherTestBase {
    final InMemoryEventStore store = new InMemoryEventStore(ContextName.of("ordering"));
    final InMemoryCheckpointStore checkpoints = new InMemoryCheckpointStore();
    final RecordingPublisher publisher = new RecordingPublisher();
    private final List<StoreDispatcher> dispatchers = new ArrayList<>();

    @AfterEach
    final void closeDispatchers() {
        dispatchers.forEach(StoreDispatcher::close);
    }

    /** The clock the started dispatchers measure their linger on. */
    LongSupplier clock() {
        return System::nanoTime;
    }

    StoreDispatcher start(DispatcherOptions options) {
        return start(options, publisher);
    }

    StoreDispatcher start(DispatcherOptions options, CommitPublisher p) {
        StoreDispatcher d = new StoreDispatcher(store, checkpoints, p, options, clock());
        dispatchers.add(d);
        return d.start();
    }
}
