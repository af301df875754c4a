package io.contextbus.replay.client;

import io.contextbus.error.ValidationException;
import io.contextbus.inbox.Inbox;
import io.contextbus.model.ContextName;
import io.contextbus.model.Position;
import io.contextbus.model.StreamId;
import io.contextbus.replay.ReplayRequest;
import io.contextbus.replay.SourceHeads;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds what a consumer is missing without waiting for a later commit to reveal a gap: it reads
 * the sources' stream heads from the replay service, page by page from the position it reached last
 * time (kept in a {@link ReconcileJournal}), compares each head with the inbox's last applied
 * commitSequence, and asks the replay service for exactly the missing tails (per stream, from last
 * applied + 1; streams with the same start share one request). This finds a lost last commit and
 * what a broker or subscription that lost everything no longer holds. Runs every
 * {@link ReconcilerOptions#interval} once {@link #start started}, and on demand
 * ({@link #reconcileNow}, {@link #reconcileFromBeginning}); runs never overlap. Bounded per run by
 * pages and requests, and rate-limited; the journal advances past a page only once every missing
 * tail in it has been asked for, so nothing is skipped by a bound, a failure or a restart.
 */
public final class Reconciler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);

    private final ReplayClient client;
    private final ContextName consumer;
    private final List<ContextName> sources;
    private final MissingTail.LastApplied inbox;
    private final ReconcileJournal journal;
    private final ReconcilerOptions options;
    private final Clock clock;
    private final Map<Key, Asked> asked = new HashMap<>();
    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "contextbus-reconciler");
        t.setDaemon(true);
        return t;
    });
    private long nextRequestNanos = System.nanoTime();

    /** Compares {@code sources}' heads with {@code inbox} for {@code consumer}. */
    public Reconciler(ReplayClient client, ContextName consumer, List<ContextName> sources, Inbox<?> inbox,
                      ReconcileJournal journal, ReconcilerOptions options) {
        this(client, consumer, sources, ValidationException.requireNonNull(inbox, "inbox")::lastApplied, journal, options,
                Clock.systemUTC());
    }

    /** As above, with the inbox's last applied sequences given as a function and a clock for the grace period. */
    public Reconciler(ReplayClient client, ContextName consumer, List<ContextName> sources, MissingTail.LastApplied inbox,
                      ReconcileJournal journal, ReconcilerOptions options, Clock clock) {
        this.client = ValidationException.requireNonNull(client, "client");
        this.consumer = ValidationException.requireNonNull(consumer, "consumer");
        this.sources = List.copyOf(ValidationException.requireNonNull(sources, "sources"));
        ValidationException.require(!this.sources.isEmpty(), "sources", "must name at least one source context.");
        this.inbox = ValidationException.requireNonNull(inbox, "inbox");
        this.journal = ValidationException.requireNonNull(journal, "journal");
        this.options = ValidationException.requireNonNull(options, "options");
        this.clock = ValidationException.requireNonNull(clock, "clock");
    }

    /** Runs {@link #reconcileNow} every {@link ReconcilerOptions#interval}, the first one interval from now. */
    public Reconciler start() {
        long every = options.interval().toMillis();
        worker.scheduleWithFixedDelay(() -> {
            try {
                reconcileNow();
            } catch (RuntimeException e) {
                LOG.warn("reconciliation failed, retrying next run consumer={} error=\"{}\"", consumer, e.toString());
            }
        }, every, every, TimeUnit.MILLISECONDS);
        return this;
    }

    /** One run from where the last one left off (the journal's position per source). */
    public synchronized ReconcileReport reconcileNow() {
        return run(false, false);
    }

    /**
     * One run from the beginning of every source, ignoring the journal's position and the grace
     * period: "replay what I am missing", whatever happened to the broker. Still bounded per run;
     * {@link ReconcileReport#complete} says whether more runs are needed.
     */
    public synchronized ReconcileReport reconcileFromBeginning() {
        return run(true, true);
    }

    /** One run from the journal's position, ignoring the grace period (what an inbox-driven catch-up does). */
    synchronized ReconcileReport reconcileIgnoringGrace() {
        return run(false, true);
    }

    private ReconcileReport run(boolean fromBeginning, boolean ignoreGrace) {
        Run run = new Run(ignoreGrace);
        Instant now = clock.instant();
        asked.values().removeIf(a -> !a.at.plus(options.retryAfter()).isAfter(now));
        boolean complete = true;
        for (ContextName source : sources) {
            complete &= reconcile(source, fromBeginning ? Position.BEGINNING : journal.position(source), run);
        }
        ReconcileReport report = new ReconcileReport(run.pages, run.heads, run.missing, run.missingCommits, run.deferred,
                run.alreadyAsked, run.requests, run.requested, complete);
        if (report.tailsMissing() > 0) {
            LOG.info("reconciled consumer={} pages={} heads={} missingTails={} missingCommits={} requests={} deferred={} complete={}",
                    consumer, report.pages(), report.headsCompared(), report.tailsMissing(), report.commitsMissing(),
                    report.requests(), report.tailsDeferred(), complete);
        }
        return report;
    }

    /**
     * Compares one source from {@code position}: reads up to {@link ReconcilerOptions#maxPagesPerRun}
     * pages, merges each stream's missing tail over them (so that one run asks for a stream once),
     * asks, and only then advances the journal to the last page it may pass. True when it reached the
     * source's end with nothing left over.
     */
    private boolean reconcile(ContextName source, Position position, Run run) {
        Map<StreamId, MissingTail> tails = new LinkedHashMap<>();
        Position passed = null;
        boolean end = false;
        boolean deferred = false;
        for (int page = 0; page < options.maxPagesPerRun() && !end && !deferred; page++) {
            SourceHeads heads = client.sourceHeads(source, position, options.pageCommits());
            run.pages++;
            run.heads += heads.heads().size();
            for (MissingTail t : MissingTail.of(heads, inbox)) {
                if (!run.ignoreGrace && t.headStamp().isAfter(clock.instant().minus(options.grace()))) {
                    // Live delivery is probably still bringing it: not past this page until a later run.
                    run.deferred++;
                    deferred = true;
                } else {
                    tails.merge(t.streamId(), t, (a, b) -> new MissingTail(source, a.streamId(), Math.min(a.from(), b.from()),
                            Math.max(a.to(), b.to()), b.headStamp()));
                }
            }
            if (!deferred) {
                passed = heads.next();
                position = heads.next();
                end = heads.end();
            }
        }
        List<MissingTail> toAsk = new ArrayList<>();
        for (MissingTail t : tails.values()) {
            run.missing++;
            run.missingCommits += t.commits();
            notAskedYet(t).ifPresentOrElse(toAsk::add, () -> run.alreadyAsked++);
        }
        boolean asked = ask(source, toAsk, run);
        if (asked && passed != null) {
            journal.write(source, passed);
        }
        return asked && end && !deferred;
    }

    /**
     * The part of {@code t} no earlier request (within {@link ReconcilerOptions#retryAfter}) asked for:
     * empty when one covers it, the commits after what one asked for when the stream grew since.
     */
    private Optional<MissingTail> notAskedYet(MissingTail t) {
        Asked a = asked.get(new Key(t.source(), t.streamId()));
        if (a == null || a.from > t.from()) {
            return Optional.of(t);
        }
        if (a.to >= t.to()) {
            return Optional.empty();
        }
        return Optional.of(new MissingTail(t.source(), t.streamId(), Math.max(t.from(), a.to + 1), t.to(), t.headStamp()));
    }

    /** Asks for {@code tails}, streams with the same start in one request; false when a bound or a failure stopped it. */
    private boolean ask(ContextName source, List<MissingTail> tails, Run run) {
        Map<Long, List<MissingTail>> byStart = new LinkedHashMap<>();
        tails.forEach(t -> byStart.computeIfAbsent(t.from(), f -> new ArrayList<>()).add(t));
        for (Map.Entry<Long, List<MissingTail>> e : byStart.entrySet()) {
            List<MissingTail> all = e.getValue();
            for (int i = 0; i < all.size(); i += ReplayRequest.MAX_STREAMS) {
                if (run.requests >= options.maxRequestsPerRun()) {
                    return false;
                }
                List<MissingTail> chunk = all.subList(i, Math.min(all.size(), i + ReplayRequest.MAX_STREAMS));
                if (!submit(source, e.getKey(), chunk, run)) {
                    return false;
                }
            }
        }
        return true;
    }

    private boolean submit(ContextName source, long from, List<MissingTail> chunk, Run run) {
        List<StreamId> streams = chunk.stream().map(MissingTail::streamId).toList();
        ReplayRequest request = new ReplayRequest(consumer, List.of(source), Optional.empty(), Optional.empty(), streams, from,
                false);
        try {
            pace();
            String id = client.submit(request).id();
            run.requests++;
            run.requested.addAll(chunk);
            Instant now = clock.instant();
            chunk.forEach(t -> asked.merge(new Key(t.source(), t.streamId()), new Asked(t.from(), t.to(), now),
                    (old, fresh) -> old.from <= fresh.from && old.to + 1 >= fresh.from ? new Asked(old.from, fresh.to, now) : fresh));
            LOG.info("reconciliation requested replay={} consumer={} source={} streams={} from={}", id, consumer, source,
                    streams.size(), from);
            return true;
        } catch (ReplayClientException e) {
            LOG.warn("reconciliation request failed consumer={} source={} streams={} from={} transient={} error=\"{}\"",
                    consumer, source, streams.size(), from, e.isTransient(), e.getMessage());
            return false;
        }
    }

    /** Waits until the next request is allowed by {@link ReconcilerOptions#requestsPerSecond}. */
    private void pace() {
        long wait = nextRequestNanos - System.nanoTime();
        if (wait > 0) {
            try {
                TimeUnit.NANOSECONDS.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ReplayClientException("Interrupted while pacing reconciliation requests", 0, null, e);
            }
        }
        nextRequestNanos = Math.max(nextRequestNanos, System.nanoTime())
                + (long) (TimeUnit.SECONDS.toNanos(1) / options.requestsPerSecond());
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }

    private record Key(ContextName source, StreamId stream) {
    }

    private record Asked(long from, long to, Instant at) {
    }

    /** Counts of one run. */
    private static final class Run {
        final boolean ignoreGrace;
        long pages;
        long heads;
        long missing;
        long missingCommits;
        long deferred;
        long alreadyAsked;
        long requests;
        final List<MissingTail> requested = new ArrayList<>();

        Run(boolean ignoreGrace) {
            this.ignoreGrace = ignoreGrace;
        }
    }
}
