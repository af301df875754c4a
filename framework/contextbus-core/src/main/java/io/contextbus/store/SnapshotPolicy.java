package io.contextbus.store;

import io.contextbus.error.ValidationException;

/**
 * When to snapshot: every {@code every} commits of a stream (commit numbers every, 2*every...).
 * Never time-based, so that two replicas folding the same stream take the same snapshots.
 */
public record SnapshotPolicy(int every) {
    public static final SnapshotPolicy NEVER = new SnapshotPolicy(Integer.MAX_VALUE);

    public SnapshotPolicy {
        ValidationException.require(every >= 1, "every", "must be at least 1 but was " + every + ".");
    }

    public static SnapshotPolicy everyCommits(int every) {
        return new SnapshotPolicy(every);
    }

    /** True when the commit with this sequence should be followed by a snapshot. */
    public boolean isDue(long commitSequence) {
        return every != Integer.MAX_VALUE && commitSequence % every == 0;
    }
}
