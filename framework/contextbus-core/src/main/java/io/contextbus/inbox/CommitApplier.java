package io.contextbus.inbox;

import io.contextbus.model.Commit;
import io.contextbus.model.ContextName;

/**
 * Applies one commit's effects through the consumer store's transaction {@code T}. Throwing rolls
 * back the whole receive.
 */
@FunctionalInterface
public interface CommitApplier<T> {
    void apply(ContextName source, Commit commit, T transaction) throws Exception;
}
