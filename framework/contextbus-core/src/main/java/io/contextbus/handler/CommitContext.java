package io.contextbus.handler;

import io.contextbus.error.ValidationException;
import io.contextbus.model.Commit;
import io.contextbus.model.ContextName;
import io.contextbus.model.StreamId;
import java.util.Map;

/**
 * The commit a {@link HandlerDecorator} sees around the handlers of all its events: the source
 * context, the commit (stream, sequence, headers, events) and the consumer store's transaction the
 * handlers write through.
 *
 * @param <T> the consumer store's transaction handle
 */
public record CommitContext<T>(ContextName source, Commit commit, T transaction) {
    public CommitContext {
        ValidationException.requireNonNull(source, "source");
        ValidationException.requireNonNull(commit, "commit");
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
