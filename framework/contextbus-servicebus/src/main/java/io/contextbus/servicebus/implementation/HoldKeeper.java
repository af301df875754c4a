package io.contextbus.servicebus.implementation;

import io.contextbus.handler.Delivery;
import io.contextbus.handler.Handlers;
import io.contextbus.inbox.Dependency;
import io.contextbus.inbox.Inbox;
import io.contextbus.inbox.InboxResult;
import io.contextbus.inbox.StreamHold;
import io.contextbus.model.Commit;
import io.contextbus.model.ContextName;
import io.contextbus.model.StreamId;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Releases the commits that wait, in one consumer's inbox, for a dependency ("not yet: wait for
 * stream S of context C up to N"): the consumers tell it what they applied, and a commit whose
 * dependency that meets is tried again at once, on this keeper's own thread (never on the store's
 * writer thread or a session's thread). It keeps the waiting holds in memory, indexed by what they
 * wait for, loaded from the inbox at start; a release that applies commits is itself reported, so
 * chains of waits unwind. Once a second it tries the waits whose deadline has passed, which parks
 * them (the inbox's rule). Parked streams are the operators' ({@code HeldStreams}).
 */
public final class HoldKeeper<T> implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HoldKeeper.class);
    private static final Duration DEADLINE_SWEEP = Duration.ofSeconds(1);
    private static final Duration TRANSIENT_RETRY = Duration.ofSeconds(2);

    private final ContextName consumer;
    private final Inbox<T> inbox;
    private final Map<ContextName, Handlers<T>> handlers;
    private final Clock clock;
    /** Waiting holds by the stream they wait for. */
    private final Map<Key, Map<Key, StreamHold>> byDependency = new ConcurrentHashMap<>();
    private final ScheduledExecutorService worker;

    public HoldKeeper(ContextName consumer, Inbox<T> inbox, Map<ContextName, Handlers<T>> handlers, Clock clock) {
        this.consumer = consumer;
        this.inbox = inbox;
        this.handlers = Map.copyOf(handlers);
        this.clock = clock;
        this.worker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "contextbus-holds-" + consumer);
            t.setDaemon(true);
            return t;
        });
    }

    /** The stream of a source context. */
    private record Key(ContextName source, StreamId stream) {
        static Key of(Dependency d) {
            return new Key(d.source(), d.streamId());
        }

        static Key of(StreamHold h) {
            return new Key(h.source(), h.streamId());
        }
    }

    /** Loads the waiting holds of the inbox, releases those already met, and starts the deadline sweep. */
    public void start() {
        worker.execute(() -> inbox.holds().forEach(h -> track(h, true)));
        long every = DEADLINE_SWEEP.toMillis();
        worker.scheduleWithFixedDelay(this::sweepDeadlines, every, every, TimeUnit.MILLISECONDS);
    }

    /** A consumer applied {@code stream} of {@code source} up to {@code lastApplied}: release what waited for it. */
    public void applied(ContextName source, StreamId stream, long lastApplied) {
        Map<Key, StreamHold> waiting = byDependency.get(new Key(source, stream));
        if (waiting != null && !waiting.isEmpty()) {
            worker.execute(() -> releaseMet(new Key(source, stream), lastApplied));
        }
    }

    /** A receive held a stream: a waiting hold is tracked (and released at once when already met). */
    public void held(StreamHold hold) {
        worker.execute(() -> track(hold, true));
    }

    /** The applied commits of a receive or a release, reported as {@link #applied}. */
    public void applied(ContextName source, List<Commit> commits) {
        if (!commits.isEmpty()) {
            Commit last = commits.get(commits.size() - 1);
            applied(source, last.streamId(), last.commitSequence());
        }
    }

    /** Waiting holds this keeper tracks, for tests and status. */
    public int tracked() {
        return byDependency.values().stream().mapToInt(Map::size).sum();
    }

    /** Indexes a waiting hold; {@code checkMet}: release it at once if its dependency is already met. */
    private void track(StreamHold hold, boolean checkMet) {
        untrack(Key.of(hold));
        if (hold.isParked()) {
            return;
        }
        Dependency d = hold.waitingFor().orElseThrow();
        byDependency.computeIfAbsent(Key.of(d), k -> new ConcurrentHashMap<>()).put(Key.of(hold), hold);
        // the dependency may have been applied between the handler's look and the hold being written
        if (checkMet && d.metBy(inbox.lastApplied(d.source(), d.streamId()))) {
            release(hold);
        }
    }

    private void untrack(Key held) {
        byDependency.values().forEach(m -> m.remove(held));
    }

    private void releaseMet(Key dependency, long lastApplied) {
        Map<Key, StreamHold> waiting = byDependency.get(dependency);
        if (waiting == null) {
            return;
        }
        waiting.values().stream().filter(h -> h.waitingFor().orElseThrow().metBy(lastApplied)).toList()
                .forEach(this::release);
    }

    private void sweepDeadlines() {
        try {
            byDependency.values().stream().flatMap(m -> m.values().stream())
                    .filter(h -> !clock.instant().isBefore(h.deadline().orElseThrow())).toList().forEach(this::release);
        } catch (RuntimeException e) {
            LOG.warn("hold deadline sweep failed consumer={} error=\"{}\"", consumer, e.toString(), e);
        }
    }

    /** Tries the held commit again through its source's handlers, and follows what that came to. */
    private void release(StreamHold hold) {
        Handlers<T> h = handlers.get(hold.source());
        if (h == null) {
            LOG.warn("waiting commit has no handlers here consumer={} commit={}", consumer, hold.key());
            untrack(Key.of(hold));
            return;
        }
        InboxResult result;
        try {
            // a held commit is applied from the inbox's stash: its message was settled when it was held
            result = inbox.retryHold(hold.source(), hold.streamId(), (src, c, tx) -> h.apply(src, c, tx, Delivery.STASH));
        } catch (RuntimeException e) {
            LOG.warn("releasing a waiting commit failed, will try again consumer={} commit={} error=\"{}\"",
                    consumer, hold.key(), e.toString(), e);
            worker.schedule(() -> release(hold), TRANSIENT_RETRY.toMillis(), TimeUnit.MILLISECONDS);
            return;
        }
        onReleased(hold, result);
    }

    private void onReleased(StreamHold hold, InboxResult result) {
        if (result instanceof InboxResult.Applied a) {
            untrack(Key.of(hold));
            LOG.info("waiting commit applied consumer={} commit={} applied={}", consumer, hold.key(), a.applied().size());
            applied(hold.source(), a.applied());
        } else if (result instanceof InboxResult.Held again) {
            applied(hold.source(), again.applied());
            if (again.hold().isParked()) {
                LOG.warn("stream parked consumer={} commit={} attempts={} reason=\"{}\"", consumer, again.hold().key(),
                        again.hold().attempts(), again.hold().reason());
            }
            // not checked again now: a handler that still says "not yet" to a met dependency waits for its deadline
            track(again.hold(), false);
        } else if (result instanceof InboxResult.RolledBack r) {
            LOG.warn("waiting commit not applied, will try again consumer={} commit={} why=\"{}\"", consumer,
                    r.commit().key(), r.outcome().describe());
            worker.schedule(() -> release(hold), TRANSIENT_RETRY.toMillis(), TimeUnit.MILLISECONDS);
        } else {
            untrack(Key.of(hold));
        }
    }

    @Override
    public void close() {
        worker.shutdownNow();
        try {
            worker.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
