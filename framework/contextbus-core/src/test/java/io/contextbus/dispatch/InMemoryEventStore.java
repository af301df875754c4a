package io.contextbus.dispatch;

import io.contextbus.codec.CommitLimits;
import io.contextbus.error.ConcurrencyException;
import io.contextbus.model.Commit;
import io.contextbus.model.CommitAttempt;
import io.contextbus.model.CommitPage;
import io.contextbus.model.ContextName;
import io.contextbus.model.EventMessage;
import io.contextbus.model.Position;
import io.contextbus.model.StreamId;
import io.contextbus.store.EventStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** Test fake: an event store in a list; position = index + 1. For unit tests of the dispatcher and the aggregate repository. */
public final class InMemoryEventStore implements EventStore {
    private final ContextName context;
    private final List<Commit> commits = new ArrayList<>();
    private final Map<UUID, Commit> byCommitId = new HashMap<>();
    private final Map<StreamId, Long> lastSequence = new HashMap<>();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private final AtomicInteger pagesRead = new AtomicInteger();
    private volatile RuntimeException readFailure;

    public InMemoryEventStore(ContextName context) {
        this.context = context;
    }

    /** Makes readAll throw {@code failure} until called again with null. */
    void failReads(RuntimeException failure) {
        this.readFailure = failure;
    }

    /** Appends the next commit of {@code stream} (one small event). */
    Commit appendNext(String stream) {
        StreamId id = StreamId.of(stream);
        long seq = lastCommitSequence(id) + 1;
        return append(new CommitAttempt(id, seq, seq, UUID.randomUUID(), Instant.now(), Map.of(),
                List.of(EventMessage.of("OrderPlaced", 1, "{\"n\":" + seq + "}"))));
    }

    /** How many calls of {@link #readAll} returned at least one commit. */
    int pagesRead() {
        return pagesRead.get();
    }

    @Override
    public Commit append(CommitAttempt attempt) {
        CommitLimits.STANDARD.check(context, attempt);
        Commit stored;
        synchronized (this) {
            Commit same = byCommitId.get(attempt.commitId());
            if (same != null && same.streamId().equals(attempt.streamId())) {
                return same;
            }
            long last = lastCommitSequence(attempt.streamId());
            if (last != attempt.expectedPreviousSequence()) {
                throw new ConcurrencyException(attempt.streamId(), attempt.expectedPreviousSequence(), last);
            }
            stored = attempt.toCommit();
            commits.add(stored);
            byCommitId.put(stored.commitId(), stored);
            lastSequence.put(stored.streamId(), stored.commitSequence());
        }
        listeners.forEach(Runnable::run);
        return stored;
    }

    @Override
    public synchronized List<Commit> readStream(StreamId streamId, long fromSequence, long toSequence) {
        return commits.stream()
                .filter(c -> c.streamId().equals(streamId))
                .filter(c -> c.commitSequence() >= fromSequence && c.commitSequence() <= toSequence)
                .toList();
    }

    @Override
    public synchronized long lastCommitSequence(StreamId streamId) {
        return lastSequence.getOrDefault(streamId, 0L);
    }

    @Override
    public synchronized CommitPage readAll(Position after, int maxCount) {
        RuntimeException failure = readFailure;
        if (failure != null) {
            throw failure;
        }
        int from = (int) after.asLong();
        int to = Math.min(commits.size(), from + maxCount);
        if (from >= to) {
            return new CommitPage(List.of(), after);
        }
        pagesRead.incrementAndGet();
        return new CommitPage(new ArrayList<>(commits.subList(from, to)), Position.of(to));
    }

    @Override
    public synchronized Position positionAt(Instant time) {
        for (int i = 0; i < commits.size(); i++) {
            if (!commits.get(i).commitStamp().isBefore(time)) {
                return Position.of(i);
            }
        }
        return Position.of(commits.size());
    }

    @Override
    public ContextName context() {
        return context;
    }

    @Override
    public AutoCloseable onAppend(Runnable listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    int listenerCount() {
        return listeners.size();
    }

    @Override
    public void close() {
        listeners.clear();
    }
}
