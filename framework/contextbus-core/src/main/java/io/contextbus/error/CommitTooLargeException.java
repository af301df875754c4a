package io.contextbus.error;

import io.contextbus.model.StreamId;

/**
 * The commit would not fit in one Service Bus message (or one store document). Refused before
 * anything is written; split the work into smaller commits.
 */
public class CommitTooLargeException extends ValidationException {
    private final StreamId streamId;
    private final long sizeBytes;
    private final long limitBytes;

    public CommitTooLargeException(StreamId streamId, long sizeBytes, long limitBytes) {
        super("events", "Commit for stream '" + streamId.value() + "' is " + sizeBytes
                + " bytes as a message; the limit is " + limitBytes + " bytes.");
        this.streamId = streamId;
        this.sizeBytes = sizeBytes;
        this.limitBytes = limitBytes;
    }

    public StreamId streamId() {
        return streamId;
    }

    public long sizeBytes() {
        return sizeBytes;
    }

    public long limitBytes() {
        return limitBytes;
    }
}
