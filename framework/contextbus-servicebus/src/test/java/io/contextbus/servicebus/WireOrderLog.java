package io.contextbus.servicebus;

import io.contextbus.inbox.CommitApplier;
import io.contextbus.inbox.Gap;
import io.contextbus.inbox.Inbox;
import io.contextbus.inbox.SkippedCommit;
import io.contextbus.inbox.StreamHold;
import io.contextbus.inbox.InboxResult;
import io.contextbus.model.Commit;
import io.contextbus.model.ContextName;
import io.contextbus.model.StreamId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An inbox decorator that records, per stream, the commitSequences in the order the consumer hands
 * them to the inbox, that is the order they came off the wire, before the inbox's stash can put
 * them back in order; and counts the receives the inbox stashed. Everything else is the wrapped
 * inbox's.
 */
final class WireOrderLog<T> implements Inbox<T> {
    private final Inbox<T> inbox;
    private final Map<String, List<Long>> received = new ConcurrentHashMap<>();
    private final AtomicInteger stashed = new AtomicInteger();

    WireOrderLog(Inbox<T> inbox) {
        this.inbox = inbox;
    }

    @Override
    public InboxResult receive(ContextName source, Commit commit, CommitApplier<T> applier) {
        record(commit);
        return count(inbox.receive(source, commit, applier));
    }

    @Override
    public CompletableFuture<InboxResult> receiveAsync(ContextName source, Commit commit, CommitApplier<T> applier) {
        record(commit);
        return inbox.receiveAsync(source, commit, applier).thenApply(this::count);
    }

    @Override
    public long lastApplied(ContextName source, StreamId streamId) {
        return inbox.lastApplied(source, streamId);
    }

    @Override
    public List<Commit> stashed(ContextName source, StreamId streamId) {
        return inbox.stashed(source, streamId);
    }

    @Override
    public Optional<StreamHold> hold(ContextName source, StreamId streamId) {
        return inbox.hold(source, streamId);
    }

    @Override
    public List<StreamHold> holds() {
        return inbox.holds();
    }

    @Override
    public InboxResult retryHold(ContextName source, StreamId streamId, CommitApplier<T> applier) {
        return inbox.retryHold(source, streamId, applier);
    }

    @Override
    public InboxResult skipHold(SkippedCommit skip, CommitApplier<T> applier) {
        return inbox.skipHold(skip, applier);
    }

    @Override
    public Optional<Gap> dropHold(ContextName source, StreamId streamId) {
        return inbox.dropHold(source, streamId);
    }

    @Override
    public List<SkippedCommit> skipped() {
        return inbox.skipped();
    }

    private void record(Commit commit) {
        if (commit != null) {
            List<Long> seqs = received.computeIfAbsent(commit.streamId().value(), k -> new ArrayList<>());
            synchronized (seqs) {
                seqs.add(commit.commitSequence());
            }
        }
    }

    private InboxResult count(InboxResult result) {
        if (result instanceof InboxResult.Stashed) {
            stashed.incrementAndGet();
        }
        return result;
    }

    /** The commitSequences of {@code stream} in the order the consumer handed them to the inbox. */
    List<Long> received(String stream) {
        List<Long> seqs = received.getOrDefault(stream, List.of());
        synchronized (seqs) {
            return List.copyOf(seqs);
        }
    }

    /** How many receives the inbox stashed (ahead of a gap). */
    int stashedCount() {
        return stashed.get();
    }

    /**
     * Null when every stream's commits came off the wire in commitSequence order: each sequence
     * received is at most one above the highest received before it (a redelivery of an earlier one
     * is no reordering). Otherwise a description of the first violation per stream (up to five).
     */
    String outOfOrder() {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, List<Long>> e : received.entrySet()) {
            List<Long> seqs;
            synchronized (e.getValue()) {
                seqs = List.copyOf(e.getValue());
            }
            long highest = 0;
            for (int i = 0; i < seqs.size(); i++) {
                long seq = seqs.get(i);
                if (seq > highest + 1) {
                    problems.add("stream " + e.getKey() + " received seq " + seq + " when the highest before it was "
                            + highest + " (wire order " + seqs + ")");
                    break;
                }
                highest = Math.max(highest, seq);
            }
        }
        if (problems.isEmpty()) {
            return null;
        }
        return problems.size() + " stream(s) out of order on the wire, e.g. " + problems.subList(0, Math.min(5, problems.size()));
    }
}
