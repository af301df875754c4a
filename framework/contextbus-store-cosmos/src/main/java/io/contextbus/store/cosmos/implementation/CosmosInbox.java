package io.contextbus.store.cosmos.implementation;

import com.azure.cosmos.CosmosException;
import com.azure.cosmos.models.CosmosBatch;
import com.azure.cosmos.models.CosmosBatchItemRequestOptions;
import com.azure.cosmos.models.CosmosBatchOperationResult;
import com.azure.cosmos.models.CosmosBatchResponse;
import com.azure.cosmos.models.PartitionKey;
import com.azure.cosmos.models.SqlParameter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contextbus.error.ContextBusException;
import io.contextbus.error.StoreException;
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
import io.contextbus.store.cosmos.CosmosInboxTransaction;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A consumer's inbox in its own Cosmos DB container. Per (source context, source stream) one inbox
 * document holds the last applied commitSequence, and stashed commits are documents beside it, all
 * in the partition keyed by the source streamId. The applier's writes (through
 * {@link CosmosInboxTransaction}), the stash clean-up and the inbox update are ONE transactional
 * batch, guarded by the inbox document's ETag: each commit is applied once, in order.
 *
 * <p>Writes an applier makes outside the transaction (another partition or container) cannot join
 * the batch. They happen before it commits, so a receive that fails or is retried repeats them: they
 * are at least once and must be idempotent (upserts with deterministic ids); the inbox update and
 * the in-batch writes stay exactly once.
 *
 * <p>A stream's hold (parked, or waiting for a dependency) is a field of its inbox document, so
 * holding and releasing change in the same batch as {@code lastApplied}; the held commit stays a
 * stash document. A commit whose outcome holds the stream is kept under the hold and the commits
 * before it in the batch are applied (see {@code applyChain}).
 *
 * <p>Any other commit the applier does not apply ends the receive before the batch runs (nothing of it is
 * written) and is returned as {@link InboxResult.RolledBack}; so is a batch the store refuses for
 * good (a document of the applier too large or malformed), with that refusal as the
 * {@link ApplyOutcome.Failed} cause. One exception to "rolled back entirely": a stash longer than a
 * batch holds drains in several batches, and when a commit of a later batch is not applied, the
 * earlier batches stay committed; the receive still returns that commit's {@link InboxResult.RolledBack}.
 */
public final class CosmosInbox implements Inbox<CosmosInboxTransaction> {
    /** Transactional batches hold at most 100 operations; leave room for the inbox and stash ops. */
    private static final int MAX_BATCH_OPERATIONS = 100;
    private static final int MAX_CONCURRENT_RETRIES = 5;
    private static final String OPERATION = "inbox";

    private final Documents documents;

    public CosmosInbox(Documents documents) {
        this.documents = documents;
    }

    @Override
    public InboxResult receive(ContextName source, Commit commit, CommitApplier<CosmosInboxTransaction> applier) {
        ValidationException.requireNonNull(source, "source");
        ValidationException.requireNonNull(commit, "commit");
        ValidationException.requireNonNull(applier, "applier");
        for (int attempt = 1; ; attempt++) {
            try {
                return receiveOnce(source, commit, applier);
            } catch (RollBack r) {
                return r.result;
            } catch (ConcurrentInboxChange e) {
                if (attempt >= MAX_CONCURRENT_RETRIES) {
                    throw new StoreException("inbox of " + source + "/" + commit.streamId().value()
                            + " kept changing under a concurrent receive", true, null);
                }
            } catch (CosmosException e) {
                throw CosmosErrors.translate(e, OPERATION, commit.streamId());
            }
        }
    }

    private InboxResult receiveOnce(ContextName source, Commit commit, CommitApplier<CosmosInboxTransaction> applier) {
        StreamId stream = commit.streamId();
        Optional<Documents.DocumentRead> inbox = documents.read(InboxDocuments.inboxId(source), stream.value(), OPERATION);
        long last = inbox.map(r -> r.document().path("lastApplied").asLong()).orElse(0L);
        if (commit.commitSequence() <= last) {
            return new InboxResult.Duplicate(last);
        }
        Optional<StreamHold> hold = HoldDocuments.holdOf(source, stream, inbox);
        if (hold.isPresent()) {
            stash(source, commit);
            return new InboxResult.Behind(hold.get());
        }
        List<Commit> stash = stashedRaw(source, stream);
        if (commit.commitSequence() > last + 1) {
            stash(source, commit);
            long firstHeld = stash.stream().mapToLong(Commit::commitSequence)
                    .filter(s -> s > last).min().orElse(commit.commitSequence());
            return new InboxResult.Stashed(new Gap(source, stream, last + 1,
                    Math.min(firstHeld, commit.commitSequence()) - 1));
        }
        return applyChain(source, inbox, commit, stash, applier, Optional.empty(), null);
    }

    /**
     * One batch: {@code first} (applied, or counted as applied when {@code skip} names it) and the
     * stashed commits that follow it, with the stash clean-up and the inbox document. A commit whose
     * outcome holds the stream ends the chain there: its operations cannot be taken out of a batch,
     * so the batch is built again with the commits before it only, and the inbox document carries
     * the new hold (the held commit stashed in the same batch when it is not yet).
     */
    private InboxResult applyChain(ContextName source, Optional<Documents.DocumentRead> inbox, Commit first,
                                   List<Commit> stash, CommitApplier<CosmosInboxTransaction> applier,
                                   Optional<StreamHold> previous, SkippedCommit skip) {
        StreamId stream = first.streamId();
        int stopAt = Integer.MAX_VALUE;
        Commit heldAt = null;
        ApplyOutcome.NotApplied heldOutcome = null;
        while (true) {
            CosmosBatch batch = CosmosBatch.createCosmosBatch(new PartitionKey(stream.value()));
            CosmosInboxTransaction tx = new CosmosInboxTransaction(batch, stream);
            List<Commit> applied = new ArrayList<>();
            long next = first.commitSequence();
            int index = 0;
            boolean again = false;
            for (Commit c = first; c != null && index < stopAt; c = contiguous(stash, next, batch), index++) {
                if (!(skip != null && c == first)) {
                    ApplyOutcome outcome = CommitApplier.applyTo(applier, source, c, tx);
                    if (outcome instanceof ApplyOutcome.NotApplied notApplied) {
                        if (!notApplied.holdsStream()) {
                            throw new RollBack(new InboxResult.RolledBack(c, notApplied));
                        }
                        heldAt = c;
                        heldOutcome = notApplied;
                        stopAt = index;
                        again = true;
                        break;
                    }
                    applied.add(c);
                }
                next = c.commitSequence() + 1;
            }
            if (again) {
                // the held commit's operations may be in the batch: build it again with those before it only
                continue;
            }
            long lastApplied = next - 1;
            Optional<StreamHold> hold = heldAt == null ? Optional.empty()
                    : Optional.of(Holds.after(previous, source, heldAt, heldOutcome, Instant.now()));
            finishBatch(batch, source, stream, inbox, stash, lastApplied, hold.isPresent() ? heldAt : null, hold, skip);
            execute(batch, source, first, inbox.map(Documents.DocumentRead::etag).orElse(null));
            tx.committed();
            if (hold.isPresent()) {
                return new InboxResult.Held(hold.get(), heldOutcome, applied);
            }
            return afterApply(source, stream, applier, applied, lastApplied, stash);
        }
    }

    /**
     * Adds the inbox's own operations to a chain's batch: the stash clean-up up to
     * {@code lastApplied}, the held commit's stash document when it is not stashed yet, the skip
     * record, and the inbox document (ETag-conditioned) with the hold or without one.
     */
    private static void finishBatch(CosmosBatch batch, ContextName source, StreamId stream,
                                    Optional<Documents.DocumentRead> inbox, List<Commit> stash, long lastApplied,
                                    Commit heldAt, Optional<StreamHold> hold, SkippedCommit skip) {
        for (Commit held : stash) {
            if (held.commitSequence() <= lastApplied) {
                batch.deleteItemOperation(InboxDocuments.stashId(source, held.commitSequence()));
            }
        }
        if (heldAt != null && stash.stream().noneMatch(c -> c.commitSequence() == heldAt.commitSequence())) {
            batch.createItemOperation(InboxDocuments.stash(source, heldAt));
        }
        if (skip != null) {
            batch.createItemOperation(HoldDocuments.skip(skip));
        }
        ObjectNode inboxDoc = HoldDocuments.inbox(source, stream, lastApplied, hold);
        if (inbox.isPresent()) {
            batch.replaceItemOperation(inboxDoc.get("id").asText(), inboxDoc,
                    new CosmosBatchItemRequestOptions().setIfMatchETag(inbox.get().etag()));
        } else {
            batch.createItemOperation(inboxDoc);
        }
    }

    /** The stashed commit {@code next}, while the batch has room for it; null otherwise. */
    private static Commit contiguous(List<Commit> stash, long next, CosmosBatch batch) {
        if (batch.getOperations().size() >= MAX_BATCH_OPERATIONS - 10) {
            return null;
        }
        return stash.stream().filter(c -> c.commitSequence() == next).findFirst().orElse(null);
    }

    @Override
    public InboxResult retryHold(ContextName source, StreamId streamId, CommitApplier<CosmosInboxTransaction> applier) {
        ValidationException.requireNonNull(source, "source");
        ValidationException.requireNonNull(streamId, "streamId");
        ValidationException.requireNonNull(applier, "applier");
        return onHold(source, streamId, (inbox, hold, stash) -> applyChain(source, inbox,
                heldCommit(stash, hold), stash, applier, Optional.of(hold), null));
    }

    @Override
    public InboxResult skipHold(SkippedCommit skip, CommitApplier<CosmosInboxTransaction> applier) {
        ValidationException.requireNonNull(skip, "skip");
        ValidationException.requireNonNull(applier, "applier");
        return onHold(skip.source(), skip.streamId(), (inbox, hold, stash) -> {
            ValidationException.require(hold.commitSequence() == skip.commitSequence(), "skip", "names commit "
                    + skip.commitSequence() + " but the stream is held at " + hold.key() + ".");
            return applyChain(skip.source(), inbox, heldCommit(stash, hold), stash, applier, Optional.of(hold), skip);
        });
    }

    private static Commit heldCommit(List<Commit> stash, StreamHold hold) {
        return stash.stream().filter(c -> c.commitSequence() == hold.commitSequence()).findFirst()
                .orElseThrow(() -> new StoreException("the held commit " + hold.key() + " is missing from the stash",
                        false, null));
    }

    /** What to do with a held stream, given its inbox document, its hold and its stash. */
    @FunctionalInterface
    private interface HoldWork {
        InboxResult run(Optional<Documents.DocumentRead> inbox, StreamHold hold, List<Commit> stash);
    }

    private InboxResult onHold(ContextName source, StreamId stream, HoldWork work) {
        for (int attempt = 1; ; attempt++) {
            try {
                Optional<Documents.DocumentRead> inbox = documents.read(InboxDocuments.inboxId(source), stream.value(),
                        OPERATION);
                Optional<StreamHold> hold = HoldDocuments.holdOf(source, stream, inbox);
                if (hold.isEmpty()) {
                    return new InboxResult.Duplicate(inbox.map(r -> r.document().path("lastApplied").asLong()).orElse(0L));
                }
                return work.run(inbox, hold.get(), stashedRaw(source, stream));
            } catch (RollBack r) {
                return r.result;
            } catch (ConcurrentInboxChange e) {
                if (attempt >= MAX_CONCURRENT_RETRIES) {
                    throw new StoreException("inbox of " + source + "/" + stream.value()
                            + " kept changing under a concurrent change of its hold", true, null);
                }
            } catch (CosmosException e) {
                throw CosmosErrors.translate(e, OPERATION, stream);
            }
        }
    }

    @Override
    public Optional<Gap> dropHold(ContextName source, StreamId streamId) {
        ValidationException.requireNonNull(source, "source");
        ValidationException.requireNonNull(streamId, "streamId");
        try {
            Optional<Documents.DocumentRead> inbox = documents.read(InboxDocuments.inboxId(source), streamId.value(),
                    OPERATION);
            Optional<StreamHold> hold = HoldDocuments.holdOf(source, streamId, inbox);
            if (hold.isEmpty()) {
                return Optional.empty();
            }
            List<Commit> stash = stashedRaw(source, streamId);
            CosmosBatch batch = CosmosBatch.createCosmosBatch(new PartitionKey(streamId.value()));
            stash.forEach(c -> batch.deleteItemOperation(InboxDocuments.stashId(source, c.commitSequence())));
            long last = inbox.get().document().path("lastApplied").asLong();
            ObjectNode inboxDoc = HoldDocuments.inbox(source, streamId, last, Optional.empty());
            batch.replaceItemOperation(inboxDoc.get("id").asText(), inboxDoc,
                    new CosmosBatchItemRequestOptions().setIfMatchETag(inbox.get().etag()));
            execute(batch, source, heldCommit(stash, hold.get()), inbox.get().etag());
            long highest = stash.stream().mapToLong(Commit::commitSequence).max().orElse(hold.get().commitSequence());
            return Optional.of(new Gap(source, streamId, hold.get().commitSequence(),
                    Math.max(highest, hold.get().commitSequence())));
        } catch (CosmosException e) {
            throw CosmosErrors.translate(e, OPERATION, streamId);
        }
    }

    @Override
    public Optional<StreamHold> hold(ContextName source, StreamId streamId) {
        ValidationException.requireNonNull(source, "source");
        ValidationException.requireNonNull(streamId, "streamId");
        try {
            return HoldDocuments.holdOf(source, streamId,
                    documents.read(InboxDocuments.inboxId(source), streamId.value(), OPERATION));
        } catch (CosmosException e) {
            throw CosmosErrors.translate(e, OPERATION, streamId);
        }
    }

    @Override
    public List<StreamHold> holds() {
        try {
            return HoldDocuments.holds(documents, OPERATION);
        } catch (CosmosException e) {
            throw CosmosErrors.translate(e, OPERATION, null);
        }
    }

    @Override
    public List<SkippedCommit> skipped() {
        try {
            return HoldDocuments.skipped(documents, OPERATION);
        } catch (CosmosException e) {
            throw CosmosErrors.translate(e, OPERATION, null);
        }
    }

    /** After a commit: apply more now-contiguous stashed commits (a new batch), or report the gap left. */
    private InboxResult afterApply(ContextName source, StreamId stream, CommitApplier<CosmosInboxTransaction> applier,
                                   List<Commit> applied, long lastApplied, List<Commit> stash) {
        Optional<Commit> nextHeld = stash.stream().filter(c -> c.commitSequence() > lastApplied).findFirst();
        if (nextHeld.isEmpty()) {
            return new InboxResult.Applied(applied, Optional.empty());
        }
        if (nextHeld.get().commitSequence() == lastApplied + 1) {
            InboxResult more = receive(source, nextHeld.get(), applier);
            List<Commit> all = new ArrayList<>(applied);
            Optional<Gap> gap = Optional.empty();
            if (more instanceof InboxResult.RolledBack) {
                return more;
            }
            if (more instanceof InboxResult.Applied a) {
                all.addAll(a.applied());
                gap = a.remainingGap();
            }
            return new InboxResult.Applied(all, gap);
        }
        return new InboxResult.Applied(applied, Optional.of(
                new Gap(source, stream, lastApplied + 1, nextHeld.get().commitSequence() - 1)));
    }

    private void execute(CosmosBatch batch, ContextName source, Commit commit, String inboxEtag) {
        CosmosBatchResponse response = documents.container().executeCosmosBatch(batch);
        documents.charge(OPERATION, response.getRequestCharge());
        if (response.isSuccessStatusCode()) {
            return;
        }
        CosmosBatchOperationResult failed = response.getResults().stream()
                .filter(r -> r.getStatusCode() >= 400 && r.getStatusCode() != 424).findFirst().orElse(null);
        int status = failed == null ? response.getStatusCode() : failed.getStatusCode();
        int subStatus = failed == null ? response.getSubStatusCode() : failed.getSubStatusCode();
        CosmosErrors.Kind kind = CosmosErrors.kind(status);
        if ((kind == CosmosErrors.Kind.CONFLICT || kind == CosmosErrors.Kind.CONDITION_FAILED)
                && inboxChanged(source, commit.streamId(), inboxEtag)) {
            // A concurrent receive moved the inbox first; its writes (ours too, e.g. the same
            // document ids) conflict. Deciding again will find the commit applied.
            throw new ConcurrentInboxChange();
        }
        ContextBusException failure = CosmosErrors.translate(status, subStatus, OPERATION, commit.streamId(), -1, null);
        if (failure.isTransient()) {
            throw failure;
        }
        // the store refused the applier's writes for good: retrying the same commit cannot help
        throw new RollBack(new InboxResult.RolledBack(commit, ApplyOutcome.failed(failure)));
    }

    private boolean inboxChanged(ContextName source, StreamId stream, String etagRead) {
        String now = documents.read(InboxDocuments.inboxId(source), stream.value(), OPERATION)
                .map(Documents.DocumentRead::etag).orElse(null);
        return !java.util.Objects.equals(now, etagRead);
    }

    private void stash(ContextName source, Commit commit) {
        try {
            documents.create(InboxDocuments.stash(source, commit), commit.streamId().value(), OPERATION);
        } catch (CosmosException e) {
            if (CosmosErrors.kind(e) != CosmosErrors.Kind.CONFLICT) {
                throw e;
            }
            // Already stashed: a commit is stashed once however often it arrives.
        }
    }

    @Override
    public long lastApplied(ContextName source, StreamId streamId) {
        ValidationException.requireNonNull(source, "source");
        ValidationException.requireNonNull(streamId, "streamId");
        try {
            return documents.read(InboxDocuments.inboxId(source), streamId.value(), OPERATION)
                    .map(r -> r.document().path("lastApplied").asLong()).orElse(0L);
        } catch (CosmosException e) {
            throw CosmosErrors.translate(e, OPERATION, streamId);
        }
    }

    @Override
    public List<Commit> stashed(ContextName source, StreamId streamId) {
        ValidationException.requireNonNull(source, "source");
        ValidationException.requireNonNull(streamId, "streamId");
        try {
            return stashedRaw(source, streamId);
        } catch (CosmosException e) {
            throw CosmosErrors.translate(e, OPERATION, streamId);
        }
    }

    private List<Commit> stashedRaw(ContextName source, StreamId streamId) {
        List<Commit> out = new ArrayList<>();
        for (JsonNode doc : documents.query("SELECT * FROM c WHERE c.streamId = @s AND c.kind = 'stash'"
                        + " AND c.source = @src ORDER BY c.commitSequence", streamId.value(), OPERATION,
                new SqlParameter("@s", streamId.value()), new SqlParameter("@src", source.value()))) {
            out.add(InboxDocuments.stashedCommit(doc));
        }
        return out;
    }

    /** Carries a {@link InboxResult.RolledBack} out of the receive, before its batch runs. */
    private static final class RollBack extends RuntimeException {
        final transient InboxResult.RolledBack result;

        RollBack(InboxResult.RolledBack result) {
            super(null, null, false, false);
            this.result = result;
        }
    }

    /** The inbox document changed between our read and our batch: read again and decide again. */
    private static final class ConcurrentInboxChange extends RuntimeException {
        ConcurrentInboxChange() {
            super(null, null, false, false);
        }
    }
}
