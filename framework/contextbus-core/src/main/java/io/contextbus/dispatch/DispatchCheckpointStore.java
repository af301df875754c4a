package io.contextbus.dispatch;

import io.contextbus.model.Position;
import java.time.Duration;
import java.util.Optional;

/**
 * The dispatcher's checkpoint (the store position up to which every commit was acknowledged by the
 * bus) and the lease that makes one dispatcher per store the active one. Kept in the event store
 * itself, so that the checkpoint survives exactly what the commits survive.
 */
public interface DispatchCheckpointStore {
    /**
     * Takes the lease for {@code owner} if it is free, expired, or already held by {@code owner}.
     * Empty when another owner holds an unexpired lease.
     */
    Optional<DispatchLease> tryAcquireLease(String owner, java.time.Duration ttl);

    /**
     * Extends a held lease. @throws io.contextbus.error.LeaseLostException when the lease expired
     * and another owner took it, or it was released.
     */
    DispatchLease renewLease(DispatchLease lease, Duration ttl);

    /** Gives the lease up so that another dispatcher can take it at once. */
    void releaseLease(DispatchLease lease);

    /** The checkpoint; {@link Position#BEGINNING} before the first advance. */
    Position checkpoint();

    /**
     * Moves the checkpoint, only while {@code lease} is still the current, unexpired lease.
     *
     * @throws io.contextbus.error.LeaseLostException otherwise; the checkpoint is unchanged
     */
    void advanceCheckpoint(DispatchLease lease, Position position);
}
