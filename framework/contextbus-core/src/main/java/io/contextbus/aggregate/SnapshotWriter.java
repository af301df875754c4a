package io.contextbus.aggregate;

import io.contextbus.model.ContextName;
import io.contextbus.store.Snapshot;
import io.contextbus.store.SnapshotStore;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes snapshots on one background thread, off the path of the command that made them due. The
 * queue is bounded: when it is full the snapshot is skipped (the next due one replaces it), so a
 * slow or failing snapshot store can neither block appends nor grow memory.
 */
final class SnapshotWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotWriter.class);

    private final ContextName context;
    private final SnapshotStore snapshots;
    private final Duration closeTimeout;
    private final ThreadPoolExecutor executor;
    final AtomicLong written = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    final AtomicLong skipped = new AtomicLong();

    SnapshotWriter(ContextName context, SnapshotStore snapshots, int queueCapacity, Duration closeTimeout) {
        this.context = context;
        this.snapshots = snapshots;
        this.closeTimeout = closeTimeout;
        this.executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(queueCapacity), r -> {
                    Thread t = new Thread(r, "contextbus-snapshots-" + context.value());
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.AbortPolicy());
    }

    /** Queues the snapshot that {@code snapshot} builds (on the writer's thread); never throws. */
    void submit(String stream, long commitSequence, Supplier<Snapshot> snapshot) {
        try {
            executor.execute(() -> write(stream, commitSequence, snapshot));
        } catch (RejectedExecutionException e) {
            skipped.incrementAndGet();
            LOG.debug("snapshot skipped context={} stream={} seq={} reason={}", context, stream, commitSequence,
                    executor.isShutdown() ? "closed" : "queue full");
        }
    }

    private void write(String stream, long commitSequence, Supplier<Snapshot> snapshot) {
        try {
            snapshots.saveSnapshot(snapshot.get());
            written.incrementAndGet();
        } catch (RuntimeException e) {
            // The commit stands; the next due snapshot tries again. Logged here, where it starts, once.
            failed.incrementAndGet();
            LOG.warn("snapshot write failed context={} stream={} seq={} error=\"{}\"", context, stream,
                    commitSequence, e.toString());
        }
    }

    /** Writes what is queued within the close timeout, then drops the rest. */
    @Override
    public void close() {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(closeTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                int dropped = executor.shutdownNow().size();
                skipped.addAndGet(dropped);
                LOG.warn("snapshot writer closed with writes pending context={} dropped={} timeout={}", context,
                        dropped, closeTimeout);
            }
        } catch (InterruptedException e) {
            skipped.addAndGet(executor.shutdownNow().size());
            Thread.currentThread().interrupt();
        }
    }
}
