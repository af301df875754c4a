package io.contextbus.servicebus;

import io.contextbus.codec.SourcedCommit;
import io.contextbus.error.ContextBusException;
import io.contextbus.inbox.ApplyException;
import io.contextbus.inbox.Gap;
import io.contextbus.inbox.Inbox;
import io.contextbus.inbox.InboxResult;
import io.contextbus.model.Commit;
import io.contextbus.model.ContextName;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides the fate of each message received from one source context's topic: read and check it,
 * pass it through the consumer's {@link Inbox} (which applies it with the handlers, drops a
 * duplicate, or stashes it ahead of a gap, in one store transaction), report gaps, and say whether
 * to complete, abandon or dead-letter the message. Logs each decision that is not the happy path
 * once, with key=value context. Thread-safe when the inbox is; messages of one session come one at
 * a time.
 */
final class CommitConsumer<T> {
    private static final Logger LOG = LoggerFactory.getLogger(CommitConsumer.class);

    private final ContextName consumer;
    private final ContextName source;
    private final Inbox<T> inbox;
    private final Handlers<T> handlers;
    private final GapRepair gapRepair;

    CommitConsumer(ContextName consumer, ContextName source, Inbox<T> inbox, Handlers<T> handlers, GapRepair gapRepair) {
        this.consumer = consumer;
        this.source = source;
        this.inbox = inbox;
        this.handlers = handlers;
        this.gapRepair = gapRepair;
    }

    ContextName source() {
        return source;
    }

    Disposition process(InboundMessage m) {
        SourcedCommit sourced;
        List<Handlers.Invocation<T>> prepared;
        try {
            sourced = CommitMessageReader.read(source, m);
            prepared = handlers.prepare(sourced.commit());
        } catch (PoisonMessageException e) {
            return deadLetter(m, "-", e.toDisposition());
        }
        Commit commit = sourced.commit();
        InboxResult result;
        try {
            result = inbox.receive(source, commit, (src, c, tx) -> handlers.apply(src, c,
                    c.commitSequence() == commit.commitSequence() ? prepared : handlers.prepare(c), tx));
        } catch (ApplyException e) {
            return onApplyFailure(m, commit, e);
        } catch (RuntimeException e) {
            // The inbox's store failed; the message comes back and the inbox decides again.
            LOG.warn("inbox failed, message abandoned consumer={} source={} stream={} seq={} {} transient={} error=\"{}\"",
                    consumer, source, commit.streamId(), commit.commitSequence(), m.logContext(),
                    !(e instanceof ContextBusException c) || c.isTransient(), e.toString());
            return new Disposition.Abandon("inbox failed: " + e);
        }
        return onResult(m, commit, result);
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
        if (cause instanceof Handlers.HandlerOutcomeException h && !h.isTransient()) {
            return deadLetter(m, at, new Disposition.DeadLetter(DeadLetterReason.HANDLER_REJECTED, h.getMessage()));
        }
        if (!e.isTransient()) {
            return deadLetter(m, at, new Disposition.DeadLetter(DeadLetterReason.HANDLER_FAILED,
                    "A handler failed for good: " + cause));
        }
        LOG.warn("handler failed, message abandoned for redelivery consumer={} source={} stream={} seq={} {} error=\"{}\"",
                consumer, source, commit.streamId(), commit.commitSequence(), m.logContext(), cause);
        return new Disposition.Abandon("handler failed: " + cause);
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
