package io.contextbus.model;

import io.contextbus.error.ValidationException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What a caller asks a store to append: commit number {@code commitSequence} of a stream, which
 * succeeds only if the stream currently ends at {@code commitSequence - 1} (its
 * {@code lastCommitSequence}, 0 for a new stream). {@code commitId} is the idempotency key, scoped
 * to the stream: appending an attempt whose commitId the stream already holds at the same
 * commitSequence returns the stored commit and writes nothing; at another commitSequence it is
 * refused with {@link io.contextbus.error.CommitIdReusedException}. {@code streamRevision} is the
 * number of events in the stream after this commit, this commit's included (NEventStore's model):
 * the previous commit's streamRevision plus {@code events.size()}.
 */
public record CommitAttempt(
        StreamId streamId,
        long commitSequence,
        long streamRevision,
        UUID commitId,
        Instant commitStamp,
        Map<String, String> headers,
        List<EventMessage> events) {

    public CommitAttempt {
        ValidationException.requireNonNull(streamId, "streamId");
        ValidationException.require(commitSequence >= 1, "commitSequence",
                "must be at least 1 but was " + commitSequence + ".");
        ValidationException.requireNonNull(commitId, "commitId");
        ValidationException.requireNonNull(commitStamp, "commitStamp");
        headers = Headers.copy(headers, "headers");
        ValidationException.requireNonNull(events, "events");
        ValidationException.require(!events.isEmpty(), "events", "cannot be empty: a commit holds at least one event.");
        for (int i = 0; i < events.size(); i++) {
            ValidationException.require(events.get(i) != null, "events", "cannot contain null (index " + i + ").");
        }
        events = List.copyOf(events);
        ValidationException.require(streamRevision >= events.size(), "streamRevision",
                "must be at least the number of events in the commit (" + events.size() + ") but was "
                        + streamRevision + ".");
        ValidationException.require(streamRevision >= commitSequence, "streamRevision",
                "must be at least commitSequence (" + commitSequence + ") but was " + streamRevision + ".");
    }

    /** The commit this attempt becomes once stored unchanged. */
    public Commit toCommit() {
        return new Commit(streamId, commitSequence, streamRevision, commitId, commitStamp, headers, events);
    }

    /** The commitSequence the stream must end at for this attempt to append. */
    public long expectedPreviousSequence() {
        return commitSequence - 1;
    }
}
