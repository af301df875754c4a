package io.contextbus.replay.service.internal;

import io.contextbus.replay.ReplayState;
import io.contextbus.replay.service.ReplayTransport;
import io.contextbus.replay.service.SourceStores;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs replays in the background, at most {@link EngineSettings#maxConcurrentReplays()} at once,
 * all sharing one send rate. At start it takes up the replays a previous process left unfinished:
 * resumes them from their durable cursors, or marks them {@link ReplayState#INTERRUPTED} with their
 * exact counts when told not to resume.
 */
final class ReplayEngine implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReplayEngine.class);

    private final ReplayRegistry registry;
    private final SourceStores stores;
    private final EngineSettings settings;
    private final Clock clock;
    private final LaneSender sender;
    private final ExecutorService runner;
    private final Set<String> cancelled = ConcurrentHashMap.newKeySet();
    private final Map<String, LiveRate> live = new ConcurrentHashMap<>();

    ReplayEngine(ReplayRegistry registry, SourceStores stores, ReplayTransport transport, EngineSettings settings, Clock clock) {
        this.registry = registry;
        this.stores = stores;
        this.settings = settings;
        this.clock = clock;
        this.sender = new LaneSender(transport, new TokenBucket(settings.ratePerSecond(), settings.burst()), settings);
        this.runner = Executors.newFixedThreadPool(settings.maxConcurrentReplays(), Threads.named("replay-run"));
    }

    /** Takes up replays left unfinished by an earlier process. */
    void recover(boolean resume) {
        for (StoredReplay r : registry.unfinished()) {
            if (resume) {
                LOG.info("resuming replay after restart replay={} target={} state={} sent={} planned={}",
                        r.id(), r.request().target(), r.state(), r.sent(), r.planned());
                registry.resumed(r.id());
                start(r.id());
            } else {
                registry.error(r.id(), clock.instant(), "The service restarted mid-replay; sent " + r.sent()
                        + " of " + r.planned() + " planned commits.");
                registry.transition(r.id(), ReplayState.INTERRUPTED, clock.instant());
            }
        }
    }

    /** Queues a replay to run. */
    void start(String id) {
        runner.execute(() -> run(id));
    }

    /** Stops a replay at its next page; its progress so far stays recorded. */
    void cancel(String id) {
        cancelled.add(id);
    }

    /** The send rate of a replay running in this process. */
    Optional<Double> rate(String id) {
        return Optional.ofNullable(live.get(id)).map(LiveRate::perSecond);
    }

    private void run(String id) {
        LiveRate rate = new LiveRate();
        live.put(id, rate);
        try {
            new ReplayRun(id, registry, stores, sender, settings, clock, () -> cancelled.contains(id), rate).run();
        } catch (InterruptedException e) {
            // Shutting down: the replay stays unfinished and is taken up by the next start.
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("replay stopped by an unexpected error replay={} error=\"{}\"", id, e.toString(), e);
            registry.error(id, clock.instant(), e.toString());
            registry.transition(id, ReplayState.FAILED, clock.instant());
        } finally {
            live.remove(id);
        }
    }

    @Override
    public void close() {
        runner.shutdownNow();
        sender.close();
        try {
            runner.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
