package io.contextbus.servicebus.implementation;

import io.contextbus.codec.SourcedCommit;
import io.contextbus.error.ContextBusException;
import io.contextbus.handler.GapRepair;
import io.contextbus.handler.Handlers;
import io.contextbus.handler.UnhandledEventException;
import io.contextbus.inbox.ApplyException;
import io.contextbus.inbox.Gap;
import io.contextbus.inbox.Inbox;
import io.contextbus.inbox.InboxResult;
import io.contextbus.model.Commit;
import io.contextbus.model.ContextName;
import io.contextbus.servicebus.DeadLetterReason;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides the fate of each message received from one source context's topic: read and check it,
 * pass it through the consumer's {@link Inbox} (which applies it with the handlers, drops a
 * duplicate, or stashes it ahead of a gap, in one store transaction), report gaps, and say whether
 * to complete, abandon or dead-letter the message. Logs each decision that is not the happy path
 * once, with key=value context. Thread-safe when the inbox is; the messages of one session are
 * handed to the inbox one at a time, in order.
 */
public final class CommitConsumer<T> {
    private static final Logger LOG = LoggerFactory.getLogger(CommitConsumer.class);

    private final ContextName consumer;
    private final ContextName source;
    private final Inbox<T> inbox;
    private final Handlers<T> handlers;
    private final GapRepair gapRepair;

    public CommitConsumer(ContextName consumer, ContextName source, Inbox<T> inbox, Handlers<T> handlers, GapRepair gapRepair) {
        this.consumer = consumer;
        this.source = source;
        this.inbox = inbox;
        this.handlers = handlers;
        this.gapRepair = gapRepair;
    }

    public ContextName source() {
        return source;
    }

    /**
     * Reads and checks {@code m} on the calling thread and hands it to the inbox without waiting for
     * the inbox's transaction; the decision is made on {@code decideOn} once the transaction is
     * durable (never on the store's writer thread: reporting a gap calls the replay service). A
     * message that cannot be read is decided at once. The future never fails.
     */
    public CompletableFuture<Disposition> processAsync(InboundMessage m, Executor decideOn) {
        Received r = receive(m);
        if (r.decided() != null) {
            return CompletableFuture.completedFuture(r.decided());
        }
        return r.pending().handleAsync((result, failure) -> decide(r, result, failure), decideOn);
    }

    /** A message read and handed to the inbox ({@code pending}), or decided without it ({@code decided}). */
    private record Received(InboundMessage m, Commit commit, CompletableFuture<InboxResult> pending, Disposition decided) {
    }

    private Received receive(InboundMessage m) {
        SourcedCommit sourced;
        Handlers.Prepared<T> prepared;
        try {
            sourced = CommitMessages.read(source, m);
            prepared = handlers.prepare(sourced.commit());
        } catch (PoisonMessageException e) {
            return new Received(m, null, null, deadLetter(m, "-", e.toDisposition()));
        } catch (UnhandledEventException e) {
            return new Received(m, null, null, deadLetter(m, "-", deadLetterOf(e)));
        }
        Commit commit = sourced.commit();
        CompletableFuture<InboxResult> pending;
        try {
            pending = inbox.receiveAsync(source, commit, (src, c, tx) ->
                    (c.commitSequence() == commit.commitSequence() ? prepared : handlers.prepare(c)).apply(src, tx));
        } catch (RuntimeException e) {
            pending = CompletableFuture.failedFuture(e);
        }
        return new Received(m, commit, pending, null);
    }

    private Disposition decide(Received r, InboxResult result, Throwable failure) {
        if (failure == null) {
            return onResult(r.m(), r.commit(), result);
        }
        Throwable cause = failure instanceof CompletionException c && c.getCause() != null ? c.getCause() : failure;
        return onFailure(r.m(), r.commit(), cause);
    }

    private Disposition onFailure(InboundMessage m, Commit commit, Throwable failure) {
        if (failure instanceof ApplyException e) {
            return onApplyFailure(m, commit, e);
        }
        // The inbox's store failed; the message comes back and the inbox decides again.
        LOG.warn("inbox failed, message abandoned consumer={} source={} stream={} seq={} {} transient={} error=\"{}\"",
                consumer, source, commit.streamId(), commit.commitSequence(), m.logContext(),
                !(failure instanceof ContextBusException c) || c.isTransient(), failure.toString());
        return new Disposition.Abandon("inbox failed: " + failure);
    }

    private Disposition onResult(InboundMessage m, Commit commit, InboxResult result) {
        if (result instanceof InboxResult.Applied a) {
            a.remainingGap().ifPresent(gap -> reportGap(m, commit, gap));
            return new Disposition.Complete("applied " + a.applied().size());
        }
        if (result instanceof InboxResult.Duplicate) {
            LOG.debug("duplicate dropped consumer={} source={} stream={} seq={} {}",
                    consumer, source, commit.streamId(), commit.commitSequence(), m.logContext());
            return new Disposition.Complete("duplicate");
        }
        InboxResult.Stashed stashed = (InboxResult.Stashed) result;
        reportGap(m, commit, stashed.gap());
        return new Disposition.Complete("stashed");
    }

    private Disposition onApplyFailure(InboundMessage m, Commit commit, ApplyException e) {
        Throwable cause = e.getCause();
        String at = commit.streamId() + ":" + commit.commitSequence();
        if (cause instanceof PoisonMessageException p) {
            return deadLetter(m, at, p.toDisposition());
        }
        if (cause instanceof UnhandledEventException u && !u.isTransient()) {
            return deadLetter(m, at, deadLetterOf(u));
        }
        if (!e.isTransient()) {
            return deadLetter(m, at, new Disposition.DeadLetter(DeadLetterReason.HANDLER_FAILED,
                    "A handler failed for good: " + cause));
        }
        LOG.warn("handler failed, message abandoned for redelivery consumer={} source={} stream={} seq={} {} error=\"{}\"",
                consumer, source, commit.streamId(), commit.commitSequence(), m.logContext(), cause);
        return new Disposition.Abandon("handler failed: " + cause);
    }

    /** The Service Bus edge of the handlers' refusals: each non-transient reason has its dead-letter reason. */
    private static Disposition.DeadLetter deadLetterOf(UnhandledEventException e) {
        DeadLetterReason reason = switch (e.reason()) {
            case UNKNOWN_EVENT_TYPE -> DeadLetterReason.UNKNOWN_EVENT_TYPE;
            case UNDECODABLE_EVENT -> DeadLetterReason.UNDECODABLE_EVENT;
            case REJECTED -> DeadLetterReason.HANDLER_REJECTED;
            case RETRY_REQUESTED -> throw new IllegalArgumentException("A retry is abandoned, never dead-lettered: " + e);
        };
        return new Disposition.DeadLetter(reason, e.getMessage());
    }

    private void reportGap(InboundMessage m, Commit commit, Gap gap) {
        LOG.info("gap found, replay requested consumer={} source={} stream={} seq={} missingFrom={} missingTo={} {}",
                consumer, source, commit.streamId(), commit.commitSequence(), gap.fromSequence(), gap.toSequence(),
                m.logContext());
        try {
            gapRepair.requestReplay(gap);
        } catch (RuntimeException e) {
            // The stash keeps the commit; the next message of the stream reports the gap again.
            LOG.warn("gap repair request failed consumer={} source={} stream={} missingFrom={} missingTo={} error=\"{}\"",
                    consumer, source, gap.streamId(), gap.fromSequence(), gap.toSequence(), e.toString());
        }
    }

    private Disposition deadLetter(InboundMessage m, String at, Disposition.DeadLetter d) {
        LOG.warn("message dead-lettered consumer={} source={} commit={} {} reason={} description=\"{}\"",
                consumer, source, at, m.logContext(), d.reason().value(), d.description());
        return d;
    }
}
