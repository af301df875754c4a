package io.contextbus.testkit;

import io.contextbus.codec.CommitLimits;
import io.contextbus.model.ContextName;
import io.contextbus.store.EventStore;
import java.util.ArrayList;
import java.util.List;

/** The stores a suite opened during one test, closed after it (also when the test failed). */
final class OpenedStores implements AutoCloseable {
    static final ContextName CONTEXT = ContextName.of("conformance");

    private final StoreFixture<?> fixture;
    private final List<EventStore> open = new ArrayList<>();

    OpenedStores(StoreFixture<?> fixture) {
        if (fixture == null) {
            throw new IllegalArgumentException("The suite was given no StoreFixture (null).");
        }
        this.fixture = fixture;
    }

    EventStore open(String location) {
        return open(location, CommitLimits.STANDARD);
    }

    EventStore open(String location, CommitLimits limits) {
        EventStore store = fixture.open(location, CONTEXT, limits);
        open.add(store);
        return store;
    }

    /** Closes {@code store} now (to reopen its location), and forgets it. */
    void close(EventStore store) {
        open.remove(store);
        store.close();
    }

    @Override
    public void close() {
        RuntimeException first = null;
        for (EventStore s : open) {
            try {
                s.close();
            } catch (RuntimeException e) {
                first = first == null ? e : first;
            }
        }
        open.clear();
        if (first != null) {
            throw first;
        }
    }
}
