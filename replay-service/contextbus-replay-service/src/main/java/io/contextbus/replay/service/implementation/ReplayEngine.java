package io.contextbus.replay.service.implementation;

import io.contextbus.observation.ContextBusObserver;
import io.contextbus.replay.ReplayState;
import io.contextbus.replay.service.ReplayTransport;
import io.contextbus.replay.service.SourceStores;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs replays in the background, at most {@link EngineSettings#maxConcurrentReplays()} at once,
 * all sharing one send rate. A replay runs only under its lease in the registry (ADR 0015): taken
 * when a run starts, renewed while it runs, released when it stops. So of several engines on one
 * shared registry exactly one runs a replay; one that dies leaves a lease that expires, and then
 * another engine's periodic scan takes the replay up from its durable cursor. At start it takes up
 * the replays a previous process left unfinished: resumes them, or marks them
 * {@link ReplayState#INTERRUPTED} with their exact counts when told not to resume.
 */
final class ReplayEngine implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReplayEngine.class);
    /** The lease a run holds when none is configured. */
    static final Duration DEFAULT_LEASE = Duration.ofSeconds(30);

    private final ReplayRegistry registry;
    private final SourceStores stores;
    private final EngineSettings settings;
    private final Clock clock;
    private final LaneSender sender;
    private final ExecutorService runner;
    private final ScheduledExecutorService leases;
    private final String runnerId;
    private final Duration lease;
    private final Set<String> cancelled = ConcurrentHashMap.newKeySet();
    private final Set<String> lost = ConcurrentHashMap.newKeySet();
    private final Set<String> local = ConcurrentHashMap.newKeySet();
    private final Set<String> held = ConcurrentHashMap.newKeySet();
    private final Map<String, LiveRate> live = new ConcurrentHashMap<>();
    private volatile ContextBusObserver observer = ContextBusObserver.NONE;

    ReplayEngine(ReplayRegistry registry, SourceStores stores, ReplayTransport transport, EngineSettings settings, Clock clock) {
        this(registry, stores, transport, settings, clock, newRunnerId(), DEFAULT_LEASE);
    }

    /** An engine known to the registry as {@code runnerId}, holding leases of {@code lease}. */
    ReplayEngine(ReplayRegistry registry, SourceStores stores, ReplayTransport transport, EngineSettings settings, Clock clock,
                 String runnerId, Duration lease) {
        this.registry = registry;
        this.stores = stores;
        this.settings = settings;
        this.clock = clock;
        this.runnerId = runnerId;
        this.lease = lease;
        this.sender = new LaneSender(transport, new TokenBucket(settings.ratePerSecond(), settings.burst()), settings);
        this.runner = Executors.newFixedThreadPool(settings.maxConcurrentReplays(), Threads.named("replay-run"));
        this.leases = Executors.newSingleThreadScheduledExecutor(Threads.named("replay-lease"));
        long renewMillis = Math.max(1, lease.toMillis() / 3);
        leases.scheduleWithFixedDelay(this::renewLeases, renewMillis, renewMillis, TimeUnit.MILLISECONDS);
    }

    /** Reports each replay's progress and end to {@code value}. */
    ReplayEngine observedBy(ContextBusObserver value) {
        this.observer = value;
        return this;
    }

    /** A runner id unique to this engine (two instances on one host differ). */
    static String newRunnerId() {
        String chars = "abcdefghijklmnopqrstuvwxyz0123456789";
        SecureRandom random = new SecureRandom();
        StringBuilder b = new StringBuilder("runner-");
        for (int i = 0; i < 10; i++) {
            b.append(chars.charAt(random.nextInt(chars.length())));
        }
        return b.toString();
    }

    String runnerId() {
        return runnerId;
    }

    /**
     * Takes up replays left unfinished by an earlier process (whose leases are free or expired),
     * then keeps scanning for replays whose runner died, every half lease.
     */
    void recover(boolean resume) {
        for (StoredReplay r : registry.unfinished()) {
            if (r.leasedByAnother(runnerId, clock.instant())) {
                continue;
            }
            if (resume) {
                LOG.info("resuming replay after restart replay={} target={} state={} sent={} planned={}",
                        r.id(), r.request().target(), r.state(), r.sent(), r.planned());
                start(r.id(), true);
            } else if (registry.claim(r.id(), runnerId, clock.instant(), lease)) {
                registry.error(r.id(), clock.instant(), "The service restarted mid-replay; sent " + r.sent()
                        + " of " + r.planned() + " planned commits.");
                registry.transition(r.id(), ReplayState.INTERRUPTED, clock.instant());
                registry.release(r.id(), runnerId);
            }
        }
        if (resume) {
            long scanMillis = Math.max(1, lease.toMillis() / 2);
            leases.scheduleWithFixedDelay(this::takeOverExpired, scanMillis, scanMillis, TimeUnit.MILLISECONDS);
        }
    }

    /** Queues a replay to run. */
    void start(String id) {
        start(id, false);
    }

    private void start(String id, boolean resume) {
        if (local.add(id)) {
            runner.execute(() -> run(id, resume));
        }
    }

    /** Stops a replay at its next page; its progress so far stays recorded. */
    void cancel(String id) {
        cancelled.add(id);
    }

    /** The send rate of a replay running in this process. */
    Optional<Double> rate(String id) {
        return Optional.ofNullable(live.get(id)).map(LiveRate::perSecond);
    }

    private void run(String id, boolean resume) {
        try {
            if (!registry.claim(id, runnerId, clock.instant(), lease)) {
                LOG.debug("replay left to its runner replay={} runner={}", id, runnerId);
                return;
            }
            held.add(id);
            if (resume) {
                registry.resumed(id);
            }
            runClaimed(id);
        } catch (RuntimeException e) {
            LOG.error("replay lease failed replay={} runner={} error=\"{}\"", id, runnerId, e.toString(), e);
        } finally {
            held.remove(id);
            lost.remove(id);
            local.remove(id);
        }
    }

    private void runClaimed(String id) {
        LiveRate rate = new LiveRate();
        live.put(id, rate);
        try {
            new ReplayRun(id, registry, stores, sender, settings, clock,
                    () -> cancelled.contains(id) || lost.contains(id), rate, runnerId).observedBy(observer).run();
            registry.release(id, runnerId);
        } catch (InterruptedException e) {
            // Shutting down: the lease is released so that another instance (or the next start) takes it up.
            Thread.currentThread().interrupt();
            releaseQuietly(id);
        } catch (RuntimeException e) {
            LOG.error("replay stopped by an unexpected error replay={} error=\"{}\"", id, e.toString(), e);
            registry.error(id, clock.instant(), e.toString());
            registry.transition(id, ReplayState.FAILED, clock.instant());
            releaseQuietly(id);
        } finally {
            live.remove(id);
        }
    }

    private void renewLeases() {
        for (String id : held) {
            try {
                if (!registry.renew(id, runnerId, clock.instant(), lease)) {
                    LOG.warn("replay lease lost; stopping the run replay={} runner={}", id, runnerId);
                    lost.add(id);
                }
            } catch (RuntimeException e) {
                LOG.warn("replay lease renewal failed replay={} runner={} error=\"{}\"", id, runnerId, e.toString());
            }
        }
    }

    private void takeOverExpired() {
        try {
            for (StoredReplay r : registry.unfinished()) {
                if (!local.contains(r.id()) && !r.leasedByAnother(runnerId, clock.instant())) {
                    boolean orphaned = r.runner().isPresent();
                    if (orphaned) {
                        LOG.info("taking over replay whose runner stopped renewing replay={} previousRunner={} runner={}",
                                r.id(), r.runner().get(), runnerId);
                    }
                    start(r.id(), orphaned || r.state() != ReplayState.QUEUED);
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("replay scan failed runner={} error=\"{}\"", runnerId, e.toString());
        }
    }

    private void releaseQuietly(String id) {
        try {
            registry.release(id, runnerId);
        } catch (RuntimeException e) {
            LOG.warn("replay lease not released; it expires replay={} runner={} error=\"{}\"", id, runnerId, e.toString());
        }
    }

    @Override
    public void close() {
        leases.shutdownNow();
        runner.shutdownNow();
        sender.close();
        try {
            runner.awaitTermination(30, TimeUnit.SECONDS);
            leases.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
