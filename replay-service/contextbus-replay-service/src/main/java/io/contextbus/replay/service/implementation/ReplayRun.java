package io.contextbus.replay.service.implementation;

import io.contextbus.error.ContextBusException;
import io.contextbus.model.Commit;
import io.contextbus.model.ContextName;
import io.contextbus.model.StreamId;
import io.contextbus.observation.ContextBusObserver;
import io.contextbus.replay.ReplayRequest;
import io.contextbus.replay.ReplayState;
import io.contextbus.replay.service.SourceStores;
import io.contextbus.store.EventStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one replay to its end from wherever its durable progress says it is: plans each source
 * (counts the commits to send and each stream's last one), then sends page after page through
 * {@link LaneSender}, writing the count and cursor of each acknowledged page in one registry
 * transaction. Stops early, with progress saved, when cancelled or interrupted.
 */
final class ReplayRun {
    private static final Logger LOG = LoggerFactory.getLogger(ReplayRun.class);

    private final String id;
    private final ReplayRegistry registry;
    private final SourceStores stores;
    private final LaneSender sender;
    private final EngineSettings settings;
    private final Clock clock;
    private final BooleanSupplier cancelled;
    private final LiveRate rate;
    private final String runner;
    private ContextBusObserver observer = ContextBusObserver.NONE;

    ReplayRun(String id, ReplayRegistry registry, SourceStores stores, LaneSender sender, EngineSettings settings,
              Clock clock, BooleanSupplier cancelled, LiveRate rate) {
        this(id, registry, stores, sender, settings, clock, cancelled, rate, null);
    }

    /**
     * A run whose progress writes are fenced by {@code runner}'s lease (null: not fenced): once
     * another runner took the replay over, this one records nothing more and stops.
     */
    ReplayRun(String id, ReplayRegistry registry, SourceStores stores, LaneSender sender, EngineSettings settings,
              Clock clock, BooleanSupplier cancelled, LiveRate rate, String runner) {
        this.id = id;
        this.registry = registry;
        this.stores = stores;
        this.sender = sender;
        this.settings = settings;
        this.clock = clock;
        this.cancelled = cancelled;
        this.rate = rate;
        this.runner = runner;
    }

    /** Reports progress and the end to {@code value}. */
    ReplayRun observedBy(ContextBusObserver value) {
        this.observer = value;
        return this;
    }

    /** Runs the replay; returns when it reached a terminal state, was cancelled, or was interrupted. */
    void run() throws InterruptedException {
        runToEnd();
        registry.find(id).filter(r -> r.state().isTerminal())
                .ifPresent(r -> observer.replayEnded(r.request().target(), id, r.state().name()));
    }

    private void runToEnd() throws InterruptedException {
        StoredReplay replay = registry.find(id).orElseThrow();
        if (replay.state().isTerminal()) {
            return;
        }
        ReplayRequest request = replay.request();
        try {
            for (StoredReplay.Source s : replay.sources()) {
                if (!s.planDone() && !plan(request, s.source())) {
                    return;
                }
            }
            if (request.dryRun()) {
                registry.transition(id, ReplayState.COMPLETED, clock.instant());
                return;
            }
            if (!registry.transition(id, ReplayState.RUNNING, clock.instant())) {
                return;
            }
            for (StoredReplay.Source s : registry.find(id).orElseThrow().sources()) {
                if (!s.done() && !send(request, s)) {
                    return;
                }
            }
            registry.transition(id, ReplayState.COMPLETED, clock.instant());
            LOG.info("replay completed replay={} target={} sent={}", id, request.target(), registry.find(id).orElseThrow().sent());
        } catch (ContextBusException e) {
            LOG.error("replay failed replay={} target={} transient={} error=\"{}\"", id, request.target(), e.isTransient(), e.toString());
            registry.error(id, clock.instant(), e.getMessage());
            registry.transition(id, ReplayState.FAILED, clock.instant());
        }
    }

    /** Counts what to send from one source; false when cancelled meanwhile. */
    private boolean plan(ReplayRequest request, ContextName source) throws InterruptedException {
        registry.transition(id, ReplayState.PLANNING, clock.instant());
        SourceScan scan = new SourceScan(stores.store(source), request, settings.pageSize());
        Map<StreamId, Long> heads = new HashMap<>();
        long planned = 0;
        Optional<String> cursor = Optional.empty();
        while (true) {
            if (cancelled.getAsBoolean()) {
                return false;
            }
            if (Thread.interrupted()) {
                // The service is stopping: the plan is redone from the start on the next run.
                throw new InterruptedException("stopped while planning replay " + id);
            }
            SourceScan.Page page = scan.next(cursor);
            for (Commit c : page.commits()) {
                if (request.selects(c.commitStamp(), c.streamId(), c.commitSequence())) {
                    planned++;
                    heads.merge(c.streamId(), c.commitSequence(), Math::max);
                }
            }
            if (page.end()) {
                break;
            }
            cursor = Optional.of(page.cursor());
        }
        registry.savePlan(id, source, planned, heads);
        LOG.info("replay planned replay={} source={} target={} commits={} streams={}", id, source, request.target(),
                planned, heads.size());
        return true;
    }

    /** Sends one source's planned commits from its cursor on; false when cancelled meanwhile. */
    private boolean send(ReplayRequest request, StoredReplay.Source source) throws InterruptedException {
        EventStore store = stores.store(source.source());
        SourceScan scan = new SourceScan(store, request, settings.pageSize());
        Map<StreamId, Long> heads = registry.heads(id, source.source());
        long sent = source.sent();
        Optional<String> cursor = source.cursor();
        SourceScan.Page page = scan.next(cursor);
        while (true) {
            if (cancelled.getAsBoolean()) {
                return false;
            }
            List<Commit> selected = new ArrayList<>();
            for (Commit c : page.commits()) {
                Long head = heads.get(c.streamId());
                if (head != null && c.commitSequence() <= head
                        && request.selects(c.commitStamp(), c.streamId(), c.commitSequence())) {
                    selected.add(c);
                }
            }
            sent += selected.size();
            boolean done = page.end() || sent >= source.planned();
            // Read ahead while this page is on the wire.
            String after = page.cursor();
            var next = done ? null : sender.readAhead(() -> scan.next(Optional.of(after)));
            sender.send(source.source(), request.target(), id, selected);
            if (!registry.saveProgress(id, source.source(), page.cursor(), selected.size(), done, runner)) {
                LOG.info("replay run stops: cancelled, or taken over by another runner replay={} runner={}", id, runner);
                return false;
            }
            rate.add(selected.size());
            observer.replayProgress(request.target(), source.source(), id, selected.size(), sent, source.planned());
            if (done) {
                return true;
            }
            page = sender.await(next);
        }
    }
}
