package io.contextbus.replay.client;

import io.contextbus.error.ValidationException;
import io.contextbus.health.HealthCheck;
import io.contextbus.inbox.Inbox;
import io.contextbus.model.ContextName;
import io.contextbus.replay.ReplayRequest;
import io.contextbus.replay.ReplayStatus;
import io.contextbus.replay.StreamHead;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Catch-up on first start: a context deployed for the first time, or after losing its state, asks
 * the replay service for everything its sources ever committed, and reports
 * {@link CatchUpStatus.State#CATCHING_UP} until its inbox has applied every stream up to the last
 * commit the replay sends of it. The {@link CatchUpJournal} makes this once per state: a context
 * restarted mid-catch-up watches the same replay again, and one that caught up does not ask again.
 * Commits the context already has are dropped by its inbox, so asking for everything is safe.
 *
 * <p>{@link #fromInbox} derives what to ask for from the inbox instead: a {@link Reconciler} compares
 * the sources' stream heads with the inbox (from the reconcile journal's position: the beginning for
 * a context that lost its store) and asks for exactly the missing tails; the catch-up is done once
 * the inbox has applied every one of them up to its head. No {@code since} to guess, nothing sent
 * that the inbox already had. In that mode {@code planned} counts the missing commits asked for and
 * {@code sent} those of them applied.
 */
public final class CatchUp implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CatchUp.class);

    private final ReplayClient client;
    private final ContextName context;
    private final List<ContextName> sources;
    private final Inbox<?> inbox;
    private final CatchUpJournal journal;
    private final Duration poll;
    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "contextbus-catch-up");
        t.setDaemon(true);
        return t;
    });
    private final AtomicReference<CatchUpStatus> status = new AtomicReference<>(
            new CatchUpStatus(CatchUpStatus.State.NOT_STARTED, Optional.empty(), 0, 0, 0, 0, Optional.empty()));
    private final Reconciler reconciler;
    private List<StreamHead> remaining;
    private long streams;
    private final List<MissingTail> tails = new ArrayList<>();

    public CatchUp(ReplayClient client, ContextName context, List<ContextName> sources, Inbox<?> inbox,
                   CatchUpJournal journal, Duration poll) {
        this.client = ValidationException.requireNonNull(client, "client");
        this.context = ValidationException.requireNonNull(context, "context");
        this.sources = List.copyOf(ValidationException.requireNonNull(sources, "sources"));
        this.inbox = ValidationException.requireNonNull(inbox, "inbox");
        this.journal = ValidationException.requireNonNull(journal, "journal");
        this.poll = ValidationException.requireNonNull(poll, "poll");
        this.reconciler = null;
    }

    private CatchUp(Reconciler reconciler, ContextName context, Inbox<?> inbox, Duration poll) {
        this.client = null;
        this.context = ValidationException.requireNonNull(context, "context");
        this.sources = List.of();
        this.inbox = ValidationException.requireNonNull(inbox, "inbox");
        this.journal = null;
        this.poll = ValidationException.requireNonNull(poll, "poll");
        this.reconciler = ValidationException.requireNonNull(reconciler, "reconciler");
    }

    /**
     * A catch-up that asks for exactly what {@code inbox} misses, found by {@code reconciler} (whose
     * journal makes a restart with the store kept cheap), checking progress every {@code poll}.
     */
    public static CatchUp fromInbox(Reconciler reconciler, ContextName context, Inbox<?> inbox, Duration poll) {
        return new CatchUp(reconciler, context, inbox, poll);
    }

    /**
     * Asks for the catch-up replay unless the journal says this state already did, then watches it
     * in the background. Returns the status right after asking.
     */
    public CatchUpStatus start() {
        if (reconciler != null) {
            status.set(new CatchUpStatus(CatchUpStatus.State.CATCHING_UP, Optional.empty(), 0, 0, 0, 0, Optional.empty()));
            worker.execute(this::reconcile);
            return status.get();
        }
        Optional<CatchUpJournal.Entry> entry = journal.read();
        if (entry.isPresent() && entry.get().applied()) {
            status.set(new CatchUpStatus(CatchUpStatus.State.CAUGHT_UP, Optional.of(entry.get().replayId()), 0, 0, 0, 0,
                    Optional.empty()));
            return status.get();
        }
        String id = entry.map(CatchUpJournal.Entry::replayId).orElseGet(() -> {
            ReplayStatus s = client.submit(ReplayRequest.everything(context, sources));
            journal.write(new CatchUpJournal.Entry(s.id(), false));
            LOG.info("catch-up requested replay={} context={} sources={}", s.id(), context, sources);
            return s.id();
        });
        status.set(new CatchUpStatus(CatchUpStatus.State.CATCHING_UP, Optional.of(id), 0, 0, 0, 0, Optional.empty()));
        worker.execute(() -> watch(id));
        return status.get();
    }

    /** What the catch-up is doing now. */
    public CatchUpStatus status() {
        return status.get();
    }

    /**
     * The check to add to the context's readiness ({@code ContextBusBuilder.readinessCheck}): not
     * ready while catching up or after a failed catch-up ({@link CatchUpStatus#readiness()}).
     */
    public HealthCheck readinessCheck() {
        return () -> status.get().readiness();
    }

    /** Inbox mode: reconciles until every source was compared to its end, then watches the tails. */
    private void reconcile() {
        try {
            ReconcileReport report = reconciler.reconcileIgnoringGrace();
            tails.addAll(report.requested());
            if (report.complete()) {
                LOG.info("catch-up from the inbox requested context={} tails={} commits={}", context, tails.size(),
                        tails.stream().mapToLong(MissingTail::commits).sum());
                watchTails();
                return;
            }
        } catch (RuntimeException e) {
            LOG.warn("catch-up reconciliation failed, retrying context={} error=\"{}\"", context, e.toString());
        }
        worker.schedule(this::reconcile, poll.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void watchTails() {
        long planned = 0;
        long applied = 0;
        long streamsDone = 0;
        try {
            for (MissingTail t : tails) {
                long last = inbox.lastApplied(t.source(), t.streamId());
                planned += t.commits();
                applied += Math.max(0, Math.min(last, t.to()) - t.from() + 1);
                streamsDone += last >= t.to() ? 1 : 0;
            }
        } catch (RuntimeException e) {
            LOG.warn("catch-up check failed, retrying context={} error=\"{}\"", context, e.toString());
        }
        boolean done = streamsDone == tails.size();
        status.set(new CatchUpStatus(done ? CatchUpStatus.State.CAUGHT_UP : CatchUpStatus.State.CATCHING_UP, Optional.empty(),
                planned, applied, streamsDone, tails.size(), Optional.empty()));
        if (done) {
            LOG.info("caught up from the inbox context={} commits={} streams={}", context, applied, streamsDone);
        } else {
            worker.schedule(this::watchTails, poll.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void watch(String id) {
        try {
            ReplayStatus s = client.status(id).orElse(null);
            if (s == null || (s.state().isTerminal() && !s.isComplete())) {
                String why = s == null ? "the replay service does not know replay " + id : "replay " + id + " ended " + s.state() + " " + s.errors();
                LOG.error("catch-up failed context={} replay={} problem=\"{}\"", context, id, why);
                status.set(new CatchUpStatus(CatchUpStatus.State.FAILED, Optional.of(id), 0, 0, 0, 0, Optional.of(why)));
                return;
            }
            if (s.isComplete() && remaining == null) {
                remaining = new ArrayList<>();
                for (ContextName source : sources) {
                    remaining.addAll(client.heads(id, source));
                }
                streams = remaining.size();
            }
            if (remaining != null) {
                remaining.removeIf(h -> inbox.lastApplied(h.source(), h.streamId()) >= h.lastSequence());
            }
            if (remaining != null && remaining.isEmpty()) {
                journal.write(new CatchUpJournal.Entry(id, true));
                status.set(new CatchUpStatus(CatchUpStatus.State.CAUGHT_UP, Optional.of(id), s.planned(), s.sent(), streams,
                        streams, Optional.empty()));
                LOG.info("caught up context={} replay={} commits={} streams={}", context, id, s.sent(), streams);
                return;
            }
            long applied = remaining == null ? 0 : streams - remaining.size();
            status.set(new CatchUpStatus(CatchUpStatus.State.CATCHING_UP, Optional.of(id), s.planned(), s.sent(), applied,
                    streams, Optional.empty()));
        } catch (RuntimeException e) {
            // The service or the store may be briefly away: keep watching.
            LOG.warn("catch-up check failed, retrying context={} replay={} error=\"{}\"", context, id, e.toString());
        }
        worker.schedule(() -> watch(id), poll.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
