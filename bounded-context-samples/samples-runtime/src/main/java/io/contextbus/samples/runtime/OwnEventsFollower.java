package io.contextbus.samples.runtime;

import io.contextbus.model.Commit;
import io.contextbus.model.CommitPage;
import io.contextbus.model.Position;
import io.contextbus.store.EventStore;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows a context's own store from the beginning, in store order (in order per stream), and
 * hands each commit to a consumer; nothing is written, the position lives in memory only. What a
 * context on Cosmos DB keeps its read models with: they are rebuilt from its own events when the
 * process starts, so nothing of them lives on the container's disk, and the consumer's effects must
 * be idempotent (every commit is seen again after a restart). Polls every 250 ms when caught up.
 */
public final class OwnEventsFollower implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OwnEventsFollower.class);

    /** Sees one own commit; a failure is retried with the same commit. */
    @FunctionalInterface
    public interface Follower {
        void follow(Commit commit) throws Exception;
    }

    private final EventStore store;
    private final String name;
    private final Follower follower;
    private final Semaphore wake = new Semaphore(0);
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;
    private volatile long followed;
    private volatile boolean caughtUp;

    public OwnEventsFollower(EventStore store, String name, Follower follower) {
        this.store = store;
        this.name = name;
        this.follower = follower;
        this.thread = new Thread(this::run, "follower-" + name);
        thread.setDaemon(true);
    }

    public OwnEventsFollower start() {
        thread.start();
        return this;
    }

    /** Commits seen since start. */
    public long followed() {
        return followed;
    }

    /** Whether it has read to the end of the store at least once since start. */
    public boolean caughtUp() {
        return caughtUp;
    }

    private void run() {
        Position position = Position.BEGINNING;
        while (running.get()) {
            try {
                CommitPage page = store.readAll(position, 500);
                if (page.isEmpty()) {
                    caughtUp = true;
                    wake.tryAcquire(250, TimeUnit.MILLISECONDS);
                    continue;
                }
                for (Commit commit : page.commits()) {
                    follower.follow(commit);
                    followed++;
                }
                position = page.next();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                // The page is read again from the same position: the follower's effects are idempotent.
                LOG.warn("follower failed, retrying name={} position={} error=\"{}\"", name, position, e.toString());
                sleepQuietly();
            }
        }
    }

    private void sleepQuietly() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running.set(false);
        wake.release();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
