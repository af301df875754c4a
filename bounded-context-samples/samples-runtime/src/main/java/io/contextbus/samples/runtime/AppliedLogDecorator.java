package io.contextbus.samples.runtime;

import io.contextbus.handler.CommitContext;
import io.contextbus.handler.HandlerDecorator;
import io.contextbus.inbox.ApplyOutcome;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * The applied log as a step of the handler pipeline: around each commit the handlers apply, it
 * calls the handlers and, when the commit comes out applied, records it in the {@link AppliedLog}
 * through the same transaction, so the entry commits with the handlers' writes and the inbox's
 * update or rolls back with them. The inbox calls the handlers once per commit it applies, a stashed
 * commit drained when its gap fills included, so each applied commit is recorded once. The log is
 * what lets the demo prove "each commit applied once, in order" from the outside; a context
 * registers it with {@code Handlers.builder(...).decorate(service.appliedLog())}.
 *
 * @param <T> the inbox transaction type
 */
public final class AppliedLogDecorator<T> implements HandlerDecorator<T> {
    private final AppliedLog<T> log;
    private final LongAdder applied = new LongAdder();

    public AppliedLogDecorator(AppliedLog<T> log) {
        this.log = log;
    }

    @Override
    public ApplyOutcome aroundCommit(CommitContext<T> commit, CommitStep next) {
        ApplyOutcome outcome = next.proceed();
        if (outcome instanceof ApplyOutcome.NotApplied) {
            return outcome;
        }
        try {
            log.record(commit.transaction(), commit.source(), commit.commit());
        } catch (Exception e) {
            // the commit is not applied without its entry: the inbox rolls the handlers' writes back
            return ApplyOutcome.failed(e);
        }
        // counted in the transaction: a receive rolled back later (a stashed commit not applied) over-counts
        applied.increment();
        return outcome;
    }

    /** Commits recorded since this process started (a rolled-back receive may have counted some). */
    public long applied() {
        return applied.sum();
    }

    /** The applied log after entry {@code after}, at most {@code max} entries: [n, source, stream, seq]. */
    public List<List<Object>> read(long after, int max) {
        return log.read(after, max);
    }
}
