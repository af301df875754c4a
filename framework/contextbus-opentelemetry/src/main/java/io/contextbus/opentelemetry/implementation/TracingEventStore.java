package io.contextbus.opentelemetry.implementation;

import io.contextbus.model.Commit;
import io.contextbus.model.CommitAttempt;
import io.contextbus.model.CommitPage;
import io.contextbus.model.ContextName;
import io.contextbus.model.Position;
import io.contextbus.model.StreamId;
import io.contextbus.model.TraceHeaders;
import io.contextbus.store.EventStore;
import io.opentelemetry.context.Context;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * An {@link EventStore} that stores the trace context current at each append in the commit's
 * headers ({@link #withTraceContext}) and leaves everything else to the store it wraps.
 */
public final class TracingEventStore implements EventStore {
    private final EventStore store;

    public TracingEventStore(EventStore store) {
        this.store = store;
    }

    /**
     * {@code attempt} with the current trace context in its headers: unchanged when it already holds a
     * well-formed {@code traceparent} (the caller's choice wins) or when no span is current.
     */
    public static CommitAttempt withTraceContext(CommitAttempt attempt, Context context) {
        if (TraceHeaders.traceparent(attempt.headers()).isPresent()) {
            return attempt;
        }
        Map<String, String> trace = W3CHeaders.capture(context);
        if (trace.isEmpty()) {
            return attempt;
        }
        Map<String, String> headers = new LinkedHashMap<>(attempt.headers());
        headers.remove(TraceHeaders.TRACEPARENT);
        headers.remove(TraceHeaders.TRACESTATE);
        headers.putAll(trace);
        return new CommitAttempt(attempt.streamId(), attempt.commitSequence(), attempt.streamRevision(),
                attempt.commitId(), attempt.commitStamp(), headers, attempt.events());
    }

    @Override
    public Commit append(CommitAttempt attempt) {
        return store.append(withTraceContext(attempt, Context.current()));
    }

    @Override
    public CompletableFuture<Commit> appendAsync(CommitAttempt attempt) {
        return store.appendAsync(withTraceContext(attempt, Context.current()));
    }

    @Override
    public List<Commit> readStream(StreamId streamId, long fromSequence, long toSequence) {
        return store.readStream(streamId, fromSequence, toSequence);
    }

    @Override
    public long lastCommitSequence(StreamId streamId) {
        return store.lastCommitSequence(streamId);
    }

    @Override
    public CommitPage readAll(Position after, int maxCount) {
        return store.readAll(after, maxCount);
    }

    @Override
    public Position positionAt(Instant time) {
        return store.positionAt(time);
    }

    @Override
    public ContextName context() {
        return store.context();
    }

    @Override
    public AutoCloseable onAppend(Runnable listener) {
        return store.onAppend(listener);
    }

    @Override
    public void close() {
        store.close();
    }
}
