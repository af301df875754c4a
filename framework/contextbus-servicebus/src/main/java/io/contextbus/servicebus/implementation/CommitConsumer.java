package io.contextbus.servicebus.implementation;

import io.contextbus.codec.SourcedCommit;
import io.contextbus.error.ContextBusException;
import io.contextbus.handler.Delivery;
import io.contextbus.handler.GapRepair;
import io.contextbus.handler.Handlers;
import io.contextbus.handler.UnhandledEventException;
import io.contextbus.inbox.ApplyOutcome;
import io.contextbus.inbox.Gap;
import io.contextbus.inbox.Inbox;
import io.contextbus.inbox.InboxResult;
import io.contextbus.inbox.StreamHold;
import io.contextbus.model.Commit;
import io.contextbus.model.ContextName;
import io.contextbus.model.StreamId;
import io.contextbus.observation.ContextBusObserver;
import io.contextbus.observation.ContextBusObserver.GapAction;
import io.contextbus.servicebus.DeadLetterReason;
import io.contextbus.servicebus.TransientRetry;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides the fate of each message received from one source context's topic: read and check it,
 * pass it through the consumer's {@link Inbox} (which applies it with the handlers, drops a
 * duplicate, stashes it ahead of a gap, or rolls back and says why, in one store transaction),
 * report gaps, and say whether to complete, abandon or dead-letter the message. The handlers'
 * outcome arrives as a value ({@link InboxResult.RolledBack}), mapped to a {@link Disposition} in
 * {@link #dispositionOf}; only the inbox's own store failing arrives as an exception. Logs each
 * decision that is not the happy path once, with key=value context. Thread-safe when the inbox is;
 * the messages of one session are handed to the inbox one at a time, in order.
 */
public final class CommitConsumer<T> {
    private static final Logger LOG = LoggerFactory.getLogger(CommitConsumer.class);
    /** Streams remembered with a commit abandoned for redelivery; beyond this, forget them all. */
    private static final int MAX_REMEMBERED = 10_000;

    private final ContextName consumer;
    private final ContextName source;
    private final Inbox<T> inbox;
    private final Handlers<T> handlers;
    private final GapRepair gapRepair;
    private final OptionalInt maxDeliveryCount;
    private final ContextBusObserver observer;
    private final Optional<HoldKeeper<T>> holds;
    /** Empty: a transient failure abandons the message for redelivery (the broker's MaxDeliveryCount bounds it). */
    private final Optional<TransientRetry> transientRetry;
    /**
     * Per stream, the commit this consumer abandoned and the broker will deliver again: a later
     * commit stashed behind it alone is waiting for that redelivery, not for a replay.
     */
    private final Map<StreamId, Long> comingBack = new ConcurrentHashMap<>();

    public CommitConsumer(ContextName consumer, ContextName source, Inbox<T> inbox, Handlers<T> handlers, GapRepair gapRepair) {
        this(consumer, source, inbox, handlers, gapRepair, OptionalInt.empty());
    }

    /**
     * @param maxDeliveryCount the subscription's MaxDeliveryCount when known (from the topology): a
     *        message abandoned on its last delivery is then logged as dead-lettered by the broker
     */
    public CommitConsumer(ContextName consumer, ContextName source, Inbox<T> inbox, Handlers<T> handlers,
                          GapRepair gapRepair, OptionalInt maxDeliveryCount) {
        this(consumer, source, inbox, handlers, gapRepair, maxDeliveryCount, ContextBusObserver.NONE, Optional.empty());
    }

    /**
     * Reporting each decision (applied, duplicate, stashed, gap, dead letter, abandon, held) and
     * handler duration to {@code observer}.
     *
     * @param holds told what this consumer applied and held, to release the commits waiting for it
     *        (shared by the consumers of one context bus)
     */
    public CommitConsumer(ContextName consumer, ContextName source, Inbox<T> inbox, Handlers<T> handlers,
                          GapRepair gapRepair, OptionalInt maxDeliveryCount, ContextBusObserver observer,
                          Optional<HoldKeeper<T>> holds) {
        this(consumer, source, inbox, handlers, gapRepair, maxDeliveryCount, observer, holds, Optional.empty());
    }

    /**
     * @param transientRetry when present, a commit whose handler fails transiently is applied again
     *        after a backoff while its message is kept (the session's later messages wait: they are
     *        stashed behind it at most), and parks its stream when the last attempt fails too;
     *        empty: its message is abandoned for redelivery as each failure happens
     */
    public CommitConsumer(ContextName consumer, ContextName source, Inbox<T> inbox, Handlers<T> handlers,
                          GapRepair gapRepair, OptionalInt maxDeliveryCount, ContextBusObserver observer,
                          Optional<HoldKeeper<T>> holds, Optional<TransientRetry> transientRetry) {
        this.transientRetry = transientRetry;
        this.observer = observer;
        this.holds = holds;
        this.consumer = consumer;
        this.source = source;
        this.inbox = inbox;
        this.handlers = handlers;
        this.gapRepair = gapRepair;
        this.maxDeliveryCount = maxDeliveryCount;
    }

    public ContextName source() {
        return source;
    }

    /** The context that consumes. */
    public ContextName consumer() {
        return consumer;
    }

    /**
     * Reads and checks {@code m} on the calling thread and hands it to the inbox without waiting for
     * the inbox's transaction; the decision is made on {@code decideOn} once the transaction is
     * durable (never on the store's writer thread: reporting a gap calls the replay service). A
     * message that cannot be read is decided at once. With a {@link TransientRetry}, a transient
     * handler failure is not decided: the commit is handed to the inbox again after the backoff (the
     * future completes once an attempt is decided), and on the last attempt a transient failure parks
     * the stream. The future never fails.
     */
    public CompletableFuture<Disposition> processAsync(InboundMessage m, Executor decideOn) {
        return attempt(m, 1, decideOn);
    }

    private CompletableFuture<Disposition> attempt(InboundMessage m, int attempt, Executor decideOn) {
        boolean lastAttempt = transientRetry.isPresent() && attempt >= transientRetry.get().attempts();
        Received r = receive(m, lastAttempt ? attempt : 0);
        if (r.decided() != null) {
            return CompletableFuture.completedFuture(r.decided());
        }
        return r.pending().handleAsync((result, failure) -> {
            if (failure == null && !lastAttempt && transientRetry.isPresent()
                    && result instanceof InboxResult.RolledBack rolledBack && isTransient(rolledBack.outcome())) {
                return retryLater(m, r.commit(), rolledBack, attempt, decideOn);
            }
            return CompletableFuture.completedFuture(decide(r, result, failure));
        }, decideOn).thenCompose(next -> next);
    }

    private static boolean isTransient(ApplyOutcome outcome) {
        return outcome instanceof ApplyOutcome.Retry || outcome instanceof ApplyOutcome.Failed f && f.retryable();
    }

    /** Hands the message's commit to the inbox again after the backoff of {@code attempt}; the message stays unsettled. */
    private CompletableFuture<Disposition> retryLater(InboundMessage m, Commit commit, InboxResult.RolledBack rolledBack,
                                                      int attempt, Executor decideOn) {
        TransientRetry retry = transientRetry.orElseThrow();
        Duration delay = retry.delayBefore(attempt);
        // a later commit of the stream stashed meanwhile waits for this one, not for a replay
        rememberComingBack(commit);
        LOG.debug("handler failed transiently, retrying after a backoff consumer={} source={} stream={} seq={} commit={}"
                        + " attempt={} of={} delay={} {} why=\"{}\"", consumer, source, commit.streamId(),
                commit.commitSequence(), rolledBack.commit().key(), attempt, retry.attempts(), delay, m.logContext(),
                rolledBack.outcome().describe());
        observer.retryScheduled(consumer, source, attempt + 1, delay);
        Executor later = CompletableFuture.delayedExecutor(delay.toMillis(), TimeUnit.MILLISECONDS, decideOn);
        return CompletableFuture.supplyAsync(() -> attempt(m, attempt + 1, decideOn), later).thenCompose(next -> next);
    }

    /**
     * What the last attempt's applier returns for a transient failure: a failure for good, which
     * parks the stream at that commit (ADR 0042), logged once as the give-up.
     */
    private ApplyOutcome giveUp(Commit commit, ApplyOutcome.NotApplied outcome, int attempts) {
        String why = "still failing after " + attempts + " attempts with backoff: " + outcome.describe();
        Throwable cause = outcome instanceof ApplyOutcome.Failed f ? f.cause() : null;
        LOG.warn("handler kept failing transiently, giving up: the commit parks its stream consumer={} source={} stream={}"
                        + " seq={} commit={} attempts={} why=\"{}\"", consumer, source, commit.streamId(),
                commit.commitSequence(), commit.key(), attempts, outcome.describe());
        return new ApplyOutcome.Failed(new TransientFailurePersisted(why, cause), false);
    }

    /** A transient failure that outlasted every retry: why the stream parked. */
    private static final class TransientFailurePersisted extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TransientFailurePersisted(String message, Throwable cause) {
            super(message, cause);
        }

        @Override
        public String toString() {
            return getMessage();
        }
    }

    /** A message read and handed to the inbox ({@code pending}), or decided without it ({@code decided}). */
    private record Received(InboundMessage m, Commit commit, CompletableFuture<InboxResult> pending, Disposition decided) {
    }

    /** {@code giveUpAt}: the attempt number when this is the last attempt (a transient failure parks), else 0. */
    private Received receive(InboundMessage m, int giveUpAt) {
        SourcedCommit sourced;
        try {
            sourced = CommitMessages.read(source, m);
        } catch (PoisonMessageException e) {
            return new Received(m, null, null, deadLetter(m, "-", e.toDisposition(), null));
        }
        Commit commit = sourced.commit();
        Handlers.Prepared<T> prepared;
        ApplyOutcome.Reject refused;
        try {
            prepared = handlers.prepare(commit);
            refused = null;
        } catch (UnhandledEventException e) {
            // a readable commit whose events this consumer cannot take parks its stream in the inbox
            prepared = null;
            refused = e.toOutcome();
        }
        Handlers.Prepared<T> ready = prepared;
        ApplyOutcome.Reject refusal = refused;
        Delivery delivery = CommitMessages.delivery(m);
        CompletableFuture<InboxResult> pending;
        try {
            // the received commit was prepared above; a stashed one it unblocks is prepared as it comes
            pending = inbox.receiveAsync(source, commit, (src, c, tx) -> {
                long started = System.nanoTime();
                ApplyOutcome outcome = c.commitSequence() != commit.commitSequence()
                        ? handlers.apply(src, c, tx, Delivery.STASH)
                        : refusal != null ? refusal : ready.apply(src, tx, delivery);
                observer.handlerCompleted(consumer, source, Duration.ofNanos(System.nanoTime() - started),
                        outcome.isApplied());
                if (giveUpAt > 0 && outcome instanceof ApplyOutcome.NotApplied notApplied && isTransient(notApplied)) {
                    return giveUp(c, notApplied, giveUpAt);
                }
                return outcome;
            });
        } catch (RuntimeException e) {
            pending = CompletableFuture.failedFuture(e);
        }
        return new Received(m, commit, pending, null);
    }

    private Disposition decide(Received r, InboxResult result, Throwable failure) {
        if (failure == null) {
            return dispositionOf(r.m(), r.commit(), result);
        }
        Throwable cause = failure instanceof CompletionException c && c.getCause() != null ? c.getCause() : failure;
        return onStoreFailure(r.m(), r.commit(), cause);
    }

    /** The inbox's store failed; nothing was applied, the message comes back and the inbox decides again. */
    private Disposition onStoreFailure(InboundMessage m, Commit commit, Throwable failure) {
        boolean last = lastDelivery(m);
        LOG.warn("inbox failed, {} consumer={} source={} stream={} seq={} {} transient={} error=\"{}\"",
                abandoned(last), consumer, source, commit.streamId(), commit.commitSequence(), m.logContext(),
                !(failure instanceof ContextBusException c) || c.isTransient(), failure.toString(), failure);
        rememberComingBack(commit, last);
        observer.abandoned(consumer, source);
        return new Disposition.Abandon("inbox failed: " + failure);
    }

    /**
     * The message's fate from what the inbox did: every case of {@link InboxResult}, and for
     * {@link InboxResult.RolledBack} every case of {@link ApplyOutcome.NotApplied}. Java 17 has no
     * pattern switch, so the cases are tested one by one; CommitConsumerTest fails when a case is
     * added to either sealed type without a test of its disposition here.
     */
    private Disposition dispositionOf(InboundMessage m, Commit commit, InboxResult result) {
        if (result instanceof InboxResult.Applied a) {
            comingBack.remove(commit.streamId());
            observer.commitsApplied(consumer, source, a.applied().size());
            holds.ifPresent(h -> h.applied(source, a.applied()));
            a.remainingGap().ifPresent(gap -> reportGap(m, commit, gap));
            return new Disposition.Complete("applied " + a.applied().size());
        }
        if (result instanceof InboxResult.Held held) {
            return onHeld(m, commit, held);
        }
        if (result instanceof InboxResult.Behind behind) {
            comingBack.remove(commit.streamId());
            LOG.debug("commit waits behind a held one consumer={} source={} stream={} seq={} heldAt={} state={} {}",
                    consumer, source, commit.streamId(), commit.commitSequence(), behind.hold().commitSequence(),
                    behind.hold().state(), m.logContext());
            return new Disposition.Complete("behind held commit " + behind.hold().commitSequence());
        }
        if (result instanceof InboxResult.Duplicate) {
            comingBack.remove(commit.streamId());
            observer.duplicateDropped(consumer, source);
            LOG.debug("duplicate dropped consumer={} source={} stream={} seq={} {}",
                    consumer, source, commit.streamId(), commit.commitSequence(), m.logContext());
            return new Disposition.Complete("duplicate");
        }
        if (result instanceof InboxResult.Stashed stashed) {
            observer.commitStashed(consumer, source);
            reportGap(m, commit, stashed.gap());
            return new Disposition.Complete("stashed");
        }
        if (result instanceof InboxResult.RolledBack rolledBack) {
            return onRolledBack(m, commit, rolledBack);
        }
        throw new IllegalStateException("Unknown inbox result " + result + ".");
    }

    /** The stream is held now (parked or waiting): the commit is kept in the inbox, the message is done. */
    private Disposition onHeld(InboundMessage m, Commit commit, InboxResult.Held held) {
        comingBack.remove(commit.streamId());
        StreamHold hold = held.hold();
        if (hold.isParked()) {
            LOG.warn("stream parked consumer={} source={} stream={} seq={} commit={} attempts={} {} reason=\"{}\"",
                    consumer, source, commit.streamId(), commit.commitSequence(), hold.key(), hold.attempts(),
                    m.logContext(), hold.reason(), held.outcome() instanceof ApplyOutcome.Failed f ? f.cause() : null);
        } else {
            LOG.info("commit waits for a dependency consumer={} source={} stream={} seq={} commit={} waitingFor={}"
                            + " deadline={} {}", consumer, source, commit.streamId(), commit.commitSequence(), hold.key(),
                    hold.waitingFor().orElseThrow(), hold.deadline().orElseThrow(), m.logContext());
        }
        if (!held.applied().isEmpty()) {
            observer.commitsApplied(consumer, source, held.applied().size());
        }
        observer.streamHeld(consumer, source, hold);
        holds.ifPresent(h -> {
            h.applied(source, held.applied());
            h.held(hold);
        });
        return new Disposition.Complete((hold.isParked() ? "parked at " : "waiting at ") + hold.commitSequence());
    }

    private Disposition onRolledBack(InboundMessage m, Commit commit, InboxResult.RolledBack rolledBack) {
        // the commit that was not applied: the received one, or a stashed one it unblocked
        String at = rolledBack.commit().key();
        ApplyOutcome.NotApplied outcome = rolledBack.outcome();
        if (outcome instanceof ApplyOutcome.Retry retry) {
            boolean last = lastDelivery(m);
            LOG.warn("handler asked for a retry, {} consumer={} source={} stream={} seq={} commit={} {} why=\"{}\"",
                    abandoned(last), consumer, source, commit.streamId(), commit.commitSequence(), at, m.logContext(),
                    retry.why());
            rememberComingBack(commit, last);
            observer.abandoned(consumer, source);
            return new Disposition.Abandon(retry.why());
        }
        if (outcome instanceof ApplyOutcome.Reject reject) {
            comingBack.remove(commit.streamId());
            return deadLetter(m, at, deadLetterOf(reject), null);
        }
        if (outcome instanceof ApplyOutcome.Failed failed) {
            Throwable cause = failed.cause();
            if (!failed.retryable()) {
                comingBack.remove(commit.streamId());
                return deadLetter(m, at, new Disposition.DeadLetter(DeadLetterReason.HANDLER_FAILED,
                        "A handler failed for good: " + cause), cause);
            }
            boolean last = lastDelivery(m);
            LOG.warn("handler failed, {} consumer={} source={} stream={} seq={} commit={} {} error=\"{}\"",
                    abandoned(last), consumer, source, commit.streamId(), commit.commitSequence(), at, m.logContext(),
                    cause.toString(), cause);
            rememberComingBack(commit, last);
            observer.abandoned(consumer, source);
            return new Disposition.Abandon("handler failed: " + cause);
        }
        throw new IllegalStateException("Unknown apply outcome " + outcome + ".");
    }

    /** The Service Bus edge of the handlers' refusals: each has its dead-letter reason. */
    private static Disposition.DeadLetter deadLetterOf(ApplyOutcome.Reject reject) {
        DeadLetterReason reason = switch (reject.refusal()) {
            case UNKNOWN_EVENT_TYPE -> DeadLetterReason.UNKNOWN_EVENT_TYPE;
            case UNDECODABLE_EVENT -> DeadLetterReason.UNDECODABLE_EVENT;
            case REJECTED -> DeadLetterReason.HANDLER_REJECTED;
        };
        return new Disposition.DeadLetter(reason, reject.why());
    }

    /**
     * Whether the broker dead-letters {@code m} when it is abandoned now: the SDK's delivery count
     * counts the earlier deliveries (0 on the first), and the broker moves a message to the
     * dead-letter queue once it has been delivered MaxDeliveryCount times.
     */
    private boolean lastDelivery(InboundMessage m) {
        return maxDeliveryCount.isPresent() && m.deliveryCount() + 1 >= maxDeliveryCount.getAsInt();
    }

    private String abandoned(boolean lastDelivery) {
        return lastDelivery
                ? "message abandoned on its last delivery, will be dead-lettered by the broker (max delivery count "
                        + maxDeliveryCount.getAsInt() + ")"
                : "message abandoned for redelivery";
    }

    /**
     * Remembers that {@code commit} comes back by redelivery, unless the broker dead-letters it now
     * or the max delivery count is unknown (then nobody can tell it comes back, and a later commit
     * stashed behind it reports the gap as before).
     */
    private void rememberComingBack(Commit commit, boolean lastDelivery) {
        if (lastDelivery || maxDeliveryCount.isEmpty()) {
            comingBack.remove(commit.streamId());
            return;
        }
        rememberComingBack(commit);
    }

    private void rememberComingBack(Commit commit) {
        if (comingBack.size() >= MAX_REMEMBERED) {
            comingBack.clear();
        }
        comingBack.put(commit.streamId(), commit.commitSequence());
    }

    /**
     * Says what happens about a gap, once: a commit stashed behind only a commit this consumer
     * abandoned waits for its redelivery (no replay, nothing is missing); with no GapRepair configured
     * the gap is logged for an operator; otherwise a replay is requested.
     */
    private void reportGap(InboundMessage m, Commit commit, Gap gap) {
        Long abandoned = comingBack.get(gap.streamId());
        if (abandoned != null && gap.fromSequence() == abandoned && gap.toSequence() == abandoned) {
            LOG.debug("commit stashed until an abandoned commit comes back by redelivery, no replay requested"
                            + " consumer={} source={} stream={} seq={} waitingFor={} {}",
                    consumer, source, commit.streamId(), commit.commitSequence(), abandoned, m.logContext());
            observer.gapFound(consumer, source, gap, GapAction.AWAITING_REDELIVERY);
            return;
        }
        if (gapRepair == GapRepair.LOG_ONLY) {
            LOG.warn("gap found, no GapRepair configured: replay it by hand consumer={} source={} stream={} seq={}"
                            + " missingFrom={} missingTo={} {}", consumer, source, commit.streamId(), commit.commitSequence(),
                    gap.fromSequence(), gap.toSequence(), m.logContext());
            observer.gapFound(consumer, source, gap, GapAction.LOGGED);
            return;
        }
        try {
            gapRepair.requestReplay(gap);
        } catch (RuntimeException e) {
            // The stash keeps the commit; the next message of the stream reports the gap again.
            LOG.warn("gap found, replay request failed consumer={} source={} stream={} seq={} missingFrom={} missingTo={}"
                            + " {} error=\"{}\"", consumer, source, commit.streamId(), commit.commitSequence(),
                    gap.fromSequence(), gap.toSequence(), m.logContext(), e.toString(), e);
            observer.gapFound(consumer, source, gap, GapAction.REPLAY_REQUEST_FAILED);
            return;
        }
        observer.gapFound(consumer, source, gap, GapAction.REPLAY_REQUESTED);
        LOG.info("gap found, replay requested consumer={} source={} stream={} seq={} missingFrom={} missingTo={} {}",
                consumer, source, commit.streamId(), commit.commitSequence(), gap.fromSequence(), gap.toSequence(),
                m.logContext());
    }

    private Disposition deadLetter(InboundMessage m, String at, Disposition.DeadLetter d, Throwable cause) {
        observer.deadLettered(consumer, source, d.reason().value());
        if (cause == null) {
            LOG.warn("message dead-lettered consumer={} source={} commit={} {} reason={} description=\"{}\"",
                    consumer, source, at, m.logContext(), d.reason().value(), d.description());
        } else {
            LOG.warn("message dead-lettered consumer={} source={} commit={} {} reason={} description=\"{}\"",
                    consumer, source, at, m.logContext(), d.reason().value(), d.description(), cause);
        }
        return d;
    }
}
