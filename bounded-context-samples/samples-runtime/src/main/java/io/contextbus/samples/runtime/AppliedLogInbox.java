package io.contextbus.samples.runtime;

import io.contextbus.inbox.CommitApplier;
import io.contextbus.inbox.Inbox;
import io.contextbus.inbox.InboxResult;
import io.contextbus.model.Commit;
import io.contextbus.model.ContextName;
import io.contextbus.model.StreamId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.LongAdder;

/**
 * A store's inbox, observed: every applied commit is also written to an {@link AppliedLog} inside
 * the same transaction, and the outcomes are counted. The log is what lets the demo prove "each
 * commit applied once, in order" from the outside; it is a decorator over the public
 * {@link Inbox} port, not part of the framework.
 *
 * @param <T> the inbox transaction type
 */
public class AppliedLogInbox<T> implements Inbox<T> {
    private final Inbox<T> inbox;
    private final AppliedLog<T> log;
    private final LongAdder applied = new LongAdder();
    private final LongAdder duplicates = new LongAdder();
    private final LongAdder stashed = new LongAdder();

    public AppliedLogInbox(Inbox<T> inbox, AppliedLog<T> log) {
        this.inbox = inbox;
        this.log = log;
    }

    @Override
    public InboxResult receive(ContextName source, Commit commit, CommitApplier<T> applier) {
        return count(inbox.receive(source, commit, logged(applier)));
    }

    @Override
    public CompletableFuture<InboxResult> receiveAsync(ContextName source, Commit commit, CommitApplier<T> applier) {
        return inbox.receiveAsync(source, commit, logged(applier)).thenApply(this::count);
    }

    private CommitApplier<T> logged(CommitApplier<T> applier) {
        return (src, c, tx) -> {
            log.record(tx, src, c);
            // a commit not applied rolls the whole receive back, the log row with it
            return applier.apply(src, c, tx);
        };
    }

    private InboxResult count(InboxResult result) {
        if (result instanceof InboxResult.Applied a) {
            applied.add(a.applied().size());
        } else if (result instanceof InboxResult.Duplicate) {
            duplicates.increment();
        } else if (result instanceof InboxResult.Stashed) {
            stashed.increment();
        }
        // a RolledBack receive changed nothing: the message's fate is logged by the consumer
        return result;
    }

    @Override
    public long lastApplied(ContextName source, StreamId streamId) {
        return inbox.lastApplied(source, streamId);
    }

    @Override
    public List<Commit> stashed(ContextName source, StreamId streamId) {
        return inbox.stashed(source, streamId);
    }

    /** Counters since this process started: commits applied, duplicates dropped, commits stashed. */
    public Map<String, Long> counters() {
        return Map.of("applied", applied.sum(), "duplicatesDropped", duplicates.sum(), "stashed", stashed.sum());
    }

    /** The applied log after entry {@code after}, at most {@code max} entries: [n, source, stream, seq]. */
    public List<List<Object>> log(long after, int max) {
        return log.read(after, max);
    }
}
