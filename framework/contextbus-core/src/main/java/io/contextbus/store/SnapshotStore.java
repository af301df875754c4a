package io.contextbus.store;

import io.contextbus.model.StreamId;
import java.util.Optional;

/**
 * Optional store capability: snapshots of aggregate state, taken every N commits by a
 * {@link SnapshotPolicy} (never on a timer).
 */
public interface SnapshotStore {
    /**
     * Saves a snapshot. Saving one for a commitSequence the stream does not have yet is refused with
     * a {@link io.contextbus.error.ValidationException}. Saving the same commitSequence twice keeps
     * the later state.
     */
    void saveSnapshot(Snapshot snapshot);

    /** The snapshot with the highest commitSequence {@code <= maxCommitSequence}, if any. */
    Optional<Snapshot> latestSnapshot(StreamId streamId, long maxCommitSequence);

    default Optional<Snapshot> latestSnapshot(StreamId streamId) {
        return latestSnapshot(streamId, Long.MAX_VALUE);
    }
}
