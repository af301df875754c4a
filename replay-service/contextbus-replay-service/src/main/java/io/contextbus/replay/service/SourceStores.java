package io.contextbus.replay.service;

import io.contextbus.model.ContextName;
import io.contextbus.store.EventStore;
import java.util.Set;

/**
 * The port through which the replay service reaches the source contexts' stores, opened for reading
 * only. The service never appends: it only calls {@code readAll}, {@code positionAt} and
 * {@code readStream}. {@link ConfiguredSourceStores} opens what the configuration gives per context:
 * a SQLite file or a Cosmos DB container, each read-only.
 */
public interface SourceStores extends AutoCloseable {
    /** The contexts whose stores this service can read. */
    Set<ContextName> contexts();

    /** The store of {@code context}, opened on first use and kept open until {@link #close()}. */
    EventStore store(ContextName context);

    @Override
    void close();
}
