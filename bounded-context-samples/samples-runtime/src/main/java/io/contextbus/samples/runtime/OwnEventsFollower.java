package io.contextbus.samples.runtime;

import io.contextbus.model.Commit;
import io.contextbus.model.CommitPage;
import io.contextbus.model.Position;
import io.contextbus.store.EventStore;
import java.time.Duration;
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
    private final Follower follower;
    private final BackgroundLoop loop;
    private Position position = Position.BEGINNING; // the loop's thread only
    private volatile long followed;
    private volatile boolean caughtUp;

    public OwnEventsFollower(EventStore store, String name, Follower follower) {
        this.store = store;
        this.follower = follower;
        // A failed page is read again from the same position: the follower's effects are idempotent.
        this.loop = new BackgroundLoop("follower-" + name, Duration.ofMillis(250), this::step, e -> LOG.warn(
                "follower failed, retrying name={} position={} error=\"{}\"", name, position, e.toString()));
    }

    public OwnEventsFollower start() {
        loop.start();
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

    private BackgroundLoop.Step step() throws Exception {
        CommitPage page = store.readAll(position, 500);
        if (page.isEmpty()) {
            caughtUp = true;
            return BackgroundLoop.Step.IDLE;
        }
        for (Commit commit : page.commits()) {
            follower.follow(commit);
            followed++;
        }
        position = page.next();
        return BackgroundLoop.Step.WORKED;
    }

    @Override
    public void close() {
        loop.close();
    }
}
