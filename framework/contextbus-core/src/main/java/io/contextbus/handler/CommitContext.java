package io.contextbus.handler;

import io.contextbus.error.ValidationException;
import io.contextbus.model.Commit;
import io.contextbus.model.ContextName;
import io.contextbus.model.StreamId;
import java.util.Map;

/**
 * The commit a {@link HandlerDecorator} sees around the handlers of all its events: the source
 * context, the commit (stream, sequence, headers, events), the consumer store's transaction the
 * handlers write through, and how the commit came ({@link Delivery}: live, replayed or drained from
 * the stash, with its message's properties), which a tracing decorator needs.
 *
 * @param <T> the consumer store's transaction handle
 */
public record CommitContext<T>(ContextName source, Commit commit, T transaction, Delivery delivery) {
    public CommitContext {
        ValidationException.requireNonNull(source, "source");
        ValidationException.requireNonNull(commit, "commit");
        ValidationException.requireNonNull(delivery, "delivery");
    }

    /** A commit applied without a message ({@link Delivery#DIRECT}). */
    public CommitContext(ContextName source, Commit commit, T transaction) {
        this(source, commit, transaction, Delivery.DIRECT);
    }

    public StreamId streamId() {
        return commit.streamId();
    }

    public long commitSequence() {
        return commit.commitSequence();
    }

    public Map<String, String> headers() {
        return commit.headers();
    }
}
