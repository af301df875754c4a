package io.contextbus.servicebus;

import io.contextbus.error.ValidationException;
import io.contextbus.inbox.ApplyOutcome;
import io.contextbus.inbox.CommitApplier;
import io.contextbus.inbox.Gap;
import io.contextbus.inbox.Inbox;
import io.contextbus.inbox.InboxResult;
import io.contextbus.model.Commit;
import io.contextbus.model.ContextName;
import io.contextbus.model.StreamId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An in-memory {@link Inbox} following the port's contract, for unit tests of the consumer. Its
 * "transaction" is a list the appliers write to; it is kept in {@link #written} only on success.
 * {@link MemoryInboxContractTest} runs the kit's InboxContract against it.
 */
final class MemoryInbox implements Inbox<List<String>> {
    final List<String> written = new ArrayList<>();
    private final Map<String, Long> last = new HashMap<>();
    private final Map<String, TreeMap<Long, Commit>> stash = new HashMap<>();
    RuntimeException storeFailure;

    @Override
    public synchronized InboxResult receive(ContextName source, Commit commit, CommitApplier<List<String>> applier) {
        ValidationException.requireNonNull(source, "source");
        ValidationException.requireNonNull(commit, "commit");
        ValidationException.requireNonNull(applier, "applier");
        if (storeFailure != null) {
            throw storeFailure;
        }
        String key = source + "/" + commit.streamId();
        long lastApplied = last.getOrDefault(key, 0L);
        if (commit.commitSequence() <= lastApplied) {
            return new InboxResult.Duplicate(lastApplied);
        }
        TreeMap<Long, Commit> stashed = stash.computeIfAbsent(key, k -> new TreeMap<>());
        if (commit.commitSequence() > lastApplied + 1) {
            stashed.putIfAbsent(commit.commitSequence(), commit);
            // the first missing range: up to the lowest stashed commit, not to this one
            return new InboxResult.Stashed(new Gap(source, commit.streamId(), lastApplied + 1, stashed.firstKey() - 1));
        }
        List<String> tx = new ArrayList<>();
        List<Commit> applied = new ArrayList<>();
        Commit next = commit;
        long seq = lastApplied;
        while (next != null) {
            if (CommitApplier.applyTo(applier, source, next, tx) instanceof ApplyOutcome.NotApplied notApplied) {
                return new InboxResult.RolledBack(next, notApplied);
            }
            applied.add(next);
            seq = next.commitSequence();
            next = stashed.get(seq + 1);
        }
        written.addAll(tx);
        last.put(key, seq);
        stashed.headMap(seq, true).clear();
        Optional<Gap> remaining = stashed.isEmpty() ? Optional.empty()
                : Optional.of(new Gap(source, commit.streamId(), seq + 1, stashed.firstKey() - 1));
        return new InboxResult.Applied(applied, remaining);
    }

    @Override
    public synchronized long lastApplied(ContextName source, StreamId streamId) {
        ValidationException.requireNonNull(source, "source");
        ValidationException.requireNonNull(streamId, "streamId");
        return last.getOrDefault(source + "/" + streamId, 0L);
    }

    @Override
    public synchronized List<Commit> stashed(ContextName source, StreamId streamId) {
        ValidationException.requireNonNull(source, "source");
        ValidationException.requireNonNull(streamId, "streamId");
        return List.copyOf(stash.getOrDefault(source + "/" + streamId, new TreeMap<>()).values());
    }
}
