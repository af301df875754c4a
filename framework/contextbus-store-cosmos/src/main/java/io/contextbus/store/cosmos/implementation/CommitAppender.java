package io.contextbus.store.cosmos.implementation;

import com.azure.cosmos.CosmosException;
import com.azure.cosmos.models.CosmosBatch;
import com.azure.cosmos.models.CosmosBatchOperationResult;
import com.azure.cosmos.models.CosmosBatchResponse;
import com.azure.cosmos.models.PartitionKey;
import com.azure.cosmos.models.SqlParameter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contextbus.codec.CommitLimits;
import io.contextbus.error.CommitIdReusedException;
import io.contextbus.error.CommitTooLargeException;
import io.contextbus.error.ConcurrencyException;
import io.contextbus.model.Commit;
import io.contextbus.model.CommitAttempt;
import io.contextbus.model.StreamId;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends one commit as one document. Commit N is written by a transactional batch that reads
 * document N-1 and creates document N: a missing N-1 fails the read (the stream is behind, no gap is
 * ever written), an existing N or an existing commitId in the stream fails the create (409, the
 * concurrency check). Either way the batch writes nothing. Commit 1 needs no read.
 */
public final class CommitAppender {
    private static final Logger LOG = LoggerFactory.getLogger(CommitAppender.class);
    private static final String OPERATION = "append";

    private final Documents documents;
    private final CommitLimits limits;
    private final long maxDocumentBytes;

    public CommitAppender(Documents documents, CommitLimits limits, long maxDocumentBytes) {
        this.documents = documents;
        this.limits = limits;
        this.maxDocumentBytes = maxDocumentBytes;
    }

    public Commit append(CommitAttempt attempt) {
        limits.check(documents.context(), attempt);
        ObjectNode doc = CommitDocuments.toDocument(attempt);
        long size = CommitDocuments.sizeBytes(doc);
        if (size > maxDocumentBytes) {
            throw new CommitTooLargeException(attempt.streamId(), size, maxDocumentBytes);
        }
        String pk = attempt.streamId().value();
        CosmosBatch batch = CosmosBatch.createCosmosBatch(new PartitionKey(pk));
        if (attempt.commitSequence() > 1) {
            batch.readItemOperation(CommitDocuments.commitId(attempt.expectedPreviousSequence()));
        }
        batch.createItemOperation(doc);
        CosmosBatchResponse response;
        try {
            response = documents.container().executeCosmosBatch(batch);
        } catch (CosmosException e) {
            documents.charge(OPERATION, e.getRequestCharge());
            throw CosmosErrors.translate(e, OPERATION, attempt.streamId(), size);
        }
        documents.charge(OPERATION, response.getRequestCharge());
        if (response.isSuccessStatusCode()) {
            LOG.debug("appended stream={} seq={} bytes={} ru={}", pk, attempt.commitSequence(), size,
                    response.getRequestCharge());
            return attempt.toCommit();
        }
        return onFailedBatch(attempt, response, size);
    }

    private Commit onFailedBatch(CommitAttempt attempt, CosmosBatchResponse response, long size) {
        CosmosBatchOperationResult failed = firstFailure(response.getResults());
        int status = failed == null ? response.getStatusCode() : failed.getStatusCode();
        int subStatus = failed == null ? response.getSubStatusCode() : failed.getSubStatusCode();
        boolean createFailed = failed != null && failed.getOperation() == response.getResults()
                .get(response.getResults().size() - 1).getOperation();
        switch (CosmosErrors.kind(status)) {
            case CONFLICT:
                return existingOrConflict(attempt);
            case NOT_FOUND:
                if (!createFailed) {
                    throw new ConcurrencyException(attempt.streamId(), attempt.expectedPreviousSequence(),
                            lastCommitSequence(attempt.streamId()));
                }
                // fall through: a 404 on the create itself means the container is gone
            default:
                throw CosmosErrors.translate(status, subStatus, OPERATION, attempt.streamId(), size, null);
        }
    }

    private static CosmosBatchOperationResult firstFailure(List<CosmosBatchOperationResult> results) {
        for (CosmosBatchOperationResult r : results) {
            if (r.getStatusCode() >= 400 && r.getStatusCode() != 424) {
                return r;
            }
        }
        return null;
    }

    /**
     * After a 409: the stored commit when it has the attempt's commitId and sequence, a
     * CommitIdReusedException when the commitId belongs to another sequence, else a concurrency failure.
     */
    private Commit existingOrConflict(CommitAttempt attempt) {
        String pk = attempt.streamId().value();
        Optional<Documents.DocumentRead> atSequence = documents.read(
                CommitDocuments.commitId(attempt.commitSequence()), pk, OPERATION);
        if (atSequence.isPresent() && sameCommitId(atSequence.get().document(), attempt)) {
            return CommitDocuments.toCommit(atSequence.get().document());
        }
        List<JsonNode> byCommitId = documents.query(
                "SELECT * FROM c WHERE c.streamId = @s AND c.kind = 'commit' AND c.commitId = @id", pk, OPERATION,
                new SqlParameter("@s", pk), new SqlParameter("@id", attempt.commitId().toString()));
        if (!byCommitId.isEmpty()) {
            return CommitIdReusedException.storedOrRefused(attempt, CommitDocuments.toCommit(byCommitId.get(0)));
        }
        throw new ConcurrencyException(attempt.streamId(), attempt.expectedPreviousSequence(),
                lastCommitSequence(attempt.streamId()));
    }

    private static boolean sameCommitId(JsonNode doc, CommitAttempt attempt) {
        return attempt.commitId().toString().equals(doc.path("commitId").asText());
    }

    public long lastCommitSequence(StreamId streamId) {
        String pk = streamId.value();
        List<JsonNode> top = documents.query("SELECT TOP 1 c.commitSequence FROM c WHERE c.streamId = @s"
                + " AND c.kind = 'commit' ORDER BY c.commitSequence DESC", pk, "readStream", new SqlParameter("@s", pk));
        return top.isEmpty() ? 0L : top.get(0).path("commitSequence").asLong();
    }
}
