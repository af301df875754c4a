package io.contextbus.samples.billing.service;

import io.contextbus.handler.CommitContext;
import io.contextbus.handler.HandlerDecorator;
import io.contextbus.inbox.ApplyOutcome;
import java.util.List;

/**
 * The applied log the demo's checker reads ({@code GET /applied}): a handler decorator bean, which
 * the starter puts around billing's handlers, records each applied commit through the inbox
 * transaction, so that it holds every commit applied, once. On SQLite in apply order
 * ({@link SqliteAppliedLog}); on Cosmos DB in apply order per stream ({@link CosmosAppliedLog}).
 *
 * @param <T> the inbox transaction the entry is written through
 */
abstract class AppliedLog<T> implements HandlerDecorator<T> {

    @Override
    public final ApplyOutcome aroundCommit(CommitContext<T> commit, CommitStep next) {
        ApplyOutcome outcome = next.proceed();
        if (outcome != ApplyOutcome.APPLIED) {
            return outcome;
        }
        try {
            record(commit);
            return outcome;
        } catch (Exception e) {
            return ApplyOutcome.failed(e);
        }
    }

    /** Writes the entry of the applied {@code commit} through its transaction. */
    abstract void record(CommitContext<T> commit) throws Exception;

    /** Entries after {@code after}, at most {@code max}: [n, source, stream, seq]. */
    abstract List<List<Object>> read(long after, int max);

    abstract long applied();
}
