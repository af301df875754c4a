package io.contextbus.inbox;

import io.contextbus.model.Commit;
import io.contextbus.model.ContextName;

/**
 * Applies one commit's effects through the consumer store's transaction {@code T} and says how that
 * went. Any outcome other than {@link ApplyOutcome#APPLIED} rolls back the whole receive, and so does
 * throwing, which the inbox turns into {@link ApplyOutcome#failed(Throwable)} through
 * {@link #applyTo}. {@link io.contextbus.handler.Handlers} is the applier a consumer usually passes.
 */
@FunctionalInterface
public interface CommitApplier<T> {
    ApplyOutcome apply(ContextName source, Commit commit, T transaction) throws Exception;

    /**
     * For inbox implementations: runs {@code applier} and returns its outcome, a thrown exception as
     * {@link ApplyOutcome#failed(Throwable)} and a null outcome as a failure naming the commit.
     */
    static <T> ApplyOutcome applyTo(CommitApplier<T> applier, ContextName source, Commit commit, T transaction) {
        try {
            ApplyOutcome outcome = applier.apply(source, commit, transaction);
            return outcome != null ? outcome : ApplyOutcome.failed(new IllegalStateException(
                    "The applier of " + source + "/" + commit.key() + " returned null."));
        } catch (Exception e) {
            return ApplyOutcome.failed(e);
        }
    }
}
