package io.contextbus.servicebus;

import io.contextbus.error.ValidationException;
import io.contextbus.inbox.ApplyOutcome;
import io.contextbus.inbox.CommitApplier;
import io.contextbus.inbox.Gap;
import io.contextbus.inbox.Holds;
import io.contextbus.inbox.SkippedCommit;
import io.contextbus.inbox.StreamHold;
import io.contextbus.inbox.Inbox;
import io.contextbus.inbox.InboxResult;
import io.contextbus.model.Commit;
import io.contextbus.model.ContextName;
import io.contextbus.model.StreamId;
import java.time.Instant;
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
    private final Map<String, StreamHold> held = new HashMap<>();
    private final List<SkippedCommit> skips = new ArrayList<>();
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
        if (held.containsKey(key)) {
            stashed.putIfAbsent(commit.commitSequence(), commit);
            return new InboxResult.Behind(held.get(key));
        }
        if (commit.commitSequence() > lastApplied + 1) {
            stashed.putIfAbsent(commit.commitSequence(), commit);
            // the first missing range: up to the lowest stashed commit, not to this one
            return new InboxResult.Stashed(new Gap(source, commit.streamId(), lastApplied + 1, stashed.firstKey() - 1));
        }
        return applyFrom(source, commit, applier, false);
    }

    /** Applies {@code first} (or skips it) and what it unblocks; each commit's writes kept only when applied. */
    private InboxResult applyFrom(ContextName source, Commit first, CommitApplier<List<String>> applier, boolean skipFirst) {
        String key = source + "/" + first.streamId();
        TreeMap<Long, Commit> stashed = stash.computeIfAbsent(key, k -> new TreeMap<>());
        List<String> tx = new ArrayList<>();
        List<Commit> applied = new ArrayList<>();
        Commit next = first;
        long seq = last.getOrDefault(key, 0L);
        while (next != null) {
            if (!(skipFirst && next == first)) {
                List<String> one = new ArrayList<>();
                ApplyOutcome outcome = CommitApplier.applyTo(applier, source, next, one);
                if (outcome instanceof ApplyOutcome.NotApplied notApplied) {
                    if (!notApplied.holdsStream()) {
                        return new InboxResult.RolledBack(next, notApplied);
                    }
                    StreamHold hold = Holds.after(Optional.ofNullable(held.get(key)), source, next, notApplied, Instant.now());
                    keep(key, tx, seq);
                    stashed.putIfAbsent(next.commitSequence(), next);
                    held.put(key, hold);
                    return new InboxResult.Held(hold, notApplied, applied);
                }
                tx.addAll(one);
                applied.add(next);
            }
            seq = next.commitSequence();
            next = stashed.get(seq + 1);
        }
        keep(key, tx, seq);
        held.remove(key);
        Optional<Gap> remaining = stashed.isEmpty() ? Optional.empty()
                : Optional.of(new Gap(source, first.streamId(), seq + 1, stashed.firstKey() - 1));
        return new InboxResult.Applied(applied, remaining);
    }

    private void keep(String key, List<String> tx, long seq) {
        written.addAll(tx);
        if (seq > 0) {
            last.put(key, seq);
        }
        stash.get(key).headMap(seq, true).clear();
    }

    @Override
    public synchronized Optional<StreamHold> hold(ContextName source, StreamId streamId) {
        ValidationException.requireNonNull(source, "source");
        ValidationException.requireNonNull(streamId, "streamId");
        return Optional.ofNullable(held.get(source + "/" + streamId));
    }

    @Override
    public synchronized List<StreamHold> holds() {
        return held.values().stream().sorted(java.util.Comparator.comparing(StreamHold::since)).toList();
    }

    @Override
    public synchronized InboxResult retryHold(ContextName source, StreamId streamId, CommitApplier<List<String>> applier) {
        ValidationException.requireNonNull(source, "source");
        ValidationException.requireNonNull(streamId, "streamId");
        ValidationException.requireNonNull(applier, "applier");
        StreamHold hold = held.get(source + "/" + streamId);
        if (hold == null) {
            return new InboxResult.Duplicate(lastApplied(source, streamId));
        }
        return applyFrom(source, stash.get(source + "/" + streamId).get(hold.commitSequence()), applier, false);
    }

    @Override
    public synchronized InboxResult skipHold(SkippedCommit skip, CommitApplier<List<String>> applier) {
        ValidationException.requireNonNull(skip, "skip");
        ValidationException.requireNonNull(applier, "applier");
        String key = skip.source() + "/" + skip.streamId();
        StreamHold hold = held.get(key);
        if (hold == null) {
            return new InboxResult.Duplicate(lastApplied(skip.source(), skip.streamId()));
        }
        ValidationException.require(hold.commitSequence() == skip.commitSequence(), "skip", "names commit "
                + skip.commitSequence() + " but the stream is held at " + hold.key() + ".");
        skips.add(skip);
        return applyFrom(skip.source(), stash.get(key).get(hold.commitSequence()), applier, true);
    }

    @Override
    public synchronized Optional<Gap> dropHold(ContextName source, StreamId streamId) {
        ValidationException.requireNonNull(source, "source");
        ValidationException.requireNonNull(streamId, "streamId");
        String key = source + "/" + streamId;
        StreamHold hold = held.remove(key);
        if (hold == null) {
            return Optional.empty();
        }
        TreeMap<Long, Commit> stashed = stash.remove(key);
        long highest = stashed == null || stashed.isEmpty() ? hold.commitSequence()
                : Math.max(hold.commitSequence(), stashed.lastKey());
        return Optional.of(new Gap(source, streamId, hold.commitSequence(), highest));
    }

    @Override
    public synchronized List<SkippedCommit> skipped() {
        return List.copyOf(skips);
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
