package io.contextbus.aggregate;

import io.contextbus.error.StoreException;
import io.contextbus.model.StreamId;
import io.contextbus.store.Snapshot;
import io.contextbus.store.SnapshotStore;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Test snapshot store in memory, which can be made to fail or to hold every save until released. */
final class MemorySnapshots implements SnapshotStore {
    private final Map<StreamId, TreeMap<Long, Snapshot>> byStream = new ConcurrentHashMap<>();
    volatile boolean failSaves;
    volatile CountDownLatch gate;
    final CountDownLatch entered = new CountDownLatch(1);

    @Override
    public void saveSnapshot(Snapshot snapshot) {
        entered.countDown();
        CountDownLatch g = gate;
        if (g != null) {
            try {
                g.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StoreException("interrupted", true, e);
            }
        }
        if (failSaves) {
            throw new StoreException("snapshot store down", true, null);
        }
        synchronized (this) {
            byStream.computeIfAbsent(snapshot.streamId(), s -> new TreeMap<>()).put(snapshot.commitSequence(), snapshot);
        }
    }

    @Override
    public synchronized Optional<Snapshot> latestSnapshot(StreamId streamId, long maxCommitSequence) {
        TreeMap<Long, Snapshot> m = byStream.get(streamId);
        return Optional.ofNullable(m == null ? null : m.floorEntry(maxCommitSequence)).map(Map.Entry::getValue);
    }
}
