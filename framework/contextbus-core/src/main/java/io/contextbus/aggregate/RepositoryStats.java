package io.contextbus.aggregate;

/**
 * Counters of an {@link AggregateRepository} since it was built, for metrics and tests.
 *
 * @param loads                 streams loaded
 * @param loadsFromSnapshot     loads that started from a snapshot (the others folded from commit 1)
 * @param commitsReplayed       commits folded by loads
 * @param staleSnapshots        snapshots ignored because their schema version is not the codec's
 * @param unreadableSnapshots   snapshots ignored because they could not be read (the snapshot store
 *                              failed, or the codec refused the state)
 * @param snapshotsWritten      snapshots saved
 * @param snapshotsFailed       snapshot writes that failed (logged; the commit stood)
 * @param snapshotsSkipped      due snapshots not written because the queue was full or the
 *                              repository closed (the next due one is written instead)
 */
public record RepositoryStats(
        long loads,
        long loadsFromSnapshot,
        long commitsReplayed,
        long staleSnapshots,
        long unreadableSnapshots,
        long snapshotsWritten,
        long snapshotsFailed,
        long snapshotsSkipped) {
}
