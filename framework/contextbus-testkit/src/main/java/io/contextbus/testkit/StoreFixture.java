package io.contextbus.testkit;

import io.contextbus.codec.CommitLimits;
import io.contextbus.dispatch.DispatchCheckpointStore;
import io.contextbus.inbox.Inbox;
import io.contextbus.model.ContextName;
import io.contextbus.store.EventStore;
import io.contextbus.store.SnapshotStore;
import java.util.Optional;

/**
 * What a store adapter gives the conformance kit. One implementation per adapter; its suites are
 * one-line subclasses of the kit's abstract suites that return it.
 *
 * <p>An implementation must have a public no-argument constructor: the crash tests instantiate it
 * in a second JVM (configuration such as an endpoint travels as system properties).
 *
 * @param <T> the store's inbox transaction handle
 */
public interface StoreFixture<T> {

    /** A location (file, container...) that no other test has used. */
    String newLocation();

    /**
     * Opens the store at {@code location}, creating it when new. Opening the same location again,
     * also from another JVM, sees the same commits.
     */
    EventStore open(String location, ContextName context, CommitLimits limits);

    /** The inbox kept in {@code store}. */
    Inbox<T> inbox(EventStore store);

    /** The dispatcher checkpoint and lease kept in {@code store}. */
    DispatchCheckpointStore checkpoints(EventStore store);

    /** The snapshot capability; empty when the adapter does not declare it. */
    Optional<SnapshotStore> snapshots(EventStore store);

    /** Writes a marker row/document through the inbox transaction (to test rollback). */
    void writeMarker(T transaction, String key) throws Exception;

    /** Whether a marker with {@code key} was committed in {@code store}. */
    boolean markerExists(EventStore store, String key);
}
